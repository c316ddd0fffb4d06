# docs/zh/openstack-lab.md:167 · docs/en/openstack-lab.md:182
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: same
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
cat /proc/sys/net/ipv4/ip_forward
