# docs/zh/openstack-lab.md:288 · docs/en/openstack-lab.md:303
# macOS command: cannot run on Linux; its Linux equivalent 'linux-route' is run instead
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo route -n add -net 172.17.0.0 -netmask 255.255.0.0 192.168.1.199
