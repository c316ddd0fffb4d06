# docs/zh/openstack-lab.md:37 · docs/en/openstack-lab.md:46
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 600s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
docker pull ubuntu:24.04
