# docs/zh/openstack-debian.md:883 · docs/en/openstack-debian.md:884
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 120s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
openstack server delete --wait demo
openstack server list
