# docs/zh/openstack-lab.md:188 · docs/en/openstack-lab.md:203
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo iptables -I DOCKER-USER -s 192.168.1.0/24 -d 172.17.0.0/16 -j ACCEPT
