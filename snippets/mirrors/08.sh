# docs/zh/mirrors.md:97 · docs/en/mirrors.md:118
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 600s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo apt-get update
