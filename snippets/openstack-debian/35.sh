# docs/zh/openstack-debian.md:618 · docs/en/openstack-debian.md:619
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 120s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo service nova-api restart
sudo service nova-scheduler restart
sudo service nova-conductor restart
curl -s --retry 30 --retry-connrefused --retry-delay 1 http://controller:8774/
