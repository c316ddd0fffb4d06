# docs/zh/openstack-debian.md:250 · docs/en/openstack-debian.md:251
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: regex
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
openstack project create --domain default --description "Service Project" service
