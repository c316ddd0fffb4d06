# docs/zh/openstack-debian.md:745 · docs/en/openstack-debian.md:746
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 900s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nova-compute
