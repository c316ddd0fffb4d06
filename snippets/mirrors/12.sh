# docs/zh/mirrors.md:133 · docs/en/mirrors.md:159
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: same
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
git config --global --get-regexp '^url\.'
