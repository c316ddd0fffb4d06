# docs/zh/openstack-lab.md:276 · docs/en/openstack-lab.md:291
# runs on another Linux machine of the reader's LAN, as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo ip route add 172.17.0.0/16 via 192.168.1.199
