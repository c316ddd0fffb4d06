# docs/zh/openstack-debian.md:201 · docs/en/openstack-debian.md:202
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 120s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo service keystone restart
curl -s --retry 30 --retry-connrefused --retry-delay 1 http://controller:5000/v3
