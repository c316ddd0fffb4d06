# docs/zh/openstack-lab.md:342 · docs/en/openstack-lab.md:361
# runs on the reader's Linux machine as user reader (sudo allowed); exit 128; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
git clone https://github.com/openstack-dev/devstack -b stable/rocky
