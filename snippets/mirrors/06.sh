# docs/zh/mirrors.md:81 · docs/en/mirrors.md:101
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: regex
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
grep -rE '^(deb|URIs:) ' /etc/apt/
