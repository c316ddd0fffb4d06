# docs/zh/openstack-debian.md:465 · docs/en/openstack-debian.md:466
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 300s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo -u placement placement-manage db sync
sudo service placement-api restart
curl -s --retry 30 --retry-connrefused --retry-delay 1 http://controller:8778/
