# docs/zh/openstack-debian.md:844 · docs/en/openstack-debian.md:845
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 300s; output checked: regex
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
openstack server create --flavor m1.nano --image tiny --nic none --wait demo
