# docs/zh/mirrors.md:120 · docs/en/mirrors.md:144
# runs on the reader's Linux machine as user reader (sudo allowed); exit 128; timeout 120s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
git ls-remote https://opendev.org/openstack/devstack stable/2026.1
