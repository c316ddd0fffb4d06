# docs/zh/openstack-lab.md:47 · docs/en/openstack-lab.md:56
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; interactive
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
docker run -t -i --name openstack-lab ubuntu:24.04 /bin/bash
