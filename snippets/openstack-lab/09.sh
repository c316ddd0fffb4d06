# docs/zh/openstack-lab.md:158 · docs/en/openstack-lab.md:173
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: regex
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
docker version --format '{{.Server.Version}}'
