# docs/zh/openstack-lab.md:378 · docs/en/openstack-lab.md:397
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 600s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
git clone https://opendev.org/openstack/devstack -b rocky-eol devstack-rocky
