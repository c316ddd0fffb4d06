# docs/zh/openstack-debian.md:873 · docs/en/openstack-debian.md:874
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 120s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
until openstack console log show demo | grep 'Hello from'; do sleep 2; done
