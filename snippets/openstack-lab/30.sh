# docs/zh/openstack-lab.md:411 · docs/en/openstack-lab.md:430
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
docker rm -f openstack-lab
