# docs/zh/openstack-lab.md:353 · docs/en/openstack-lab.md:372
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 600s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
git clone https://opendev.org/openstack/devstack -b stable/2026.1 devstack
