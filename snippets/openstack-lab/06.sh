# docs/zh/openstack-lab.md:107 · docs/en/openstack-lab.md:118
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains; output per engine: >=26
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
docker network inspect bridge
