REM docs/zh/openstack-lab.md:264 · docs/en/openstack-lab.md:279
REM Windows command: cannot run on Linux; its Linux equivalent 'linux-route' is run instead
REM Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
REM ---
route -p add 172.17.0.0 mask 255.255.0.0 192.168.1.199
