# docs/zh/openstack-debian.md:813 · docs/en/openstack-debian.md:814
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo -u nova nova-manage cell_v2 discover_hosts --verbose
