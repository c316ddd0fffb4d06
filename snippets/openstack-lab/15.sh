# docs/zh/openstack-lab.md:219 · docs/en/openstack-lab.md:234
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 120s; only on Engine >=28
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo service docker restart
