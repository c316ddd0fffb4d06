# docs/zh/openstack-debian.md:390 · docs/en/openstack-debian.md:391
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: regex
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
openstack image create --disk-format qcow2 --container-format bare --public --file tiny.qcow2 tiny
