# docs/zh/openstack-lab.md:251 · docs/en/openstack-lab.md:266
# runs on another Linux machine of the reader's LAN, as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
ip route show 172.17.0.0/16
