# docs/zh/mirrors.md:143 · docs/en/mirrors.md:170
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 120s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
git ls-remote https://opendev.org/openstack/devstack stable/2026.1
