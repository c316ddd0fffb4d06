# docs/zh/openstack-lab.md:227 · docs/en/openstack-lab.md:242
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains; only on Engine >=28
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
docker start openstack-lab
