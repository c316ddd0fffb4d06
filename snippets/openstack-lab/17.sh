# docs/zh/openstack-lab.md:237 · docs/en/openstack-lab.md:252
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: same; only on Engine >=28
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo iptables -t raw -S PREROUTING
