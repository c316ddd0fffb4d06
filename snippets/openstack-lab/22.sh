# docs/zh/openstack-lab.md:300 · docs/en/openstack-lab.md:315
# runs on another Linux machine of the reader's LAN, as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
ping -c 3 172.17.0.2
