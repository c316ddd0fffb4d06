# docs/zh/openstack-debian.md:476 · docs/en/openstack-debian.md:477
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo placement-status upgrade check
openstack --os-placement-api-version 1.2 resource class list --sort-column name
