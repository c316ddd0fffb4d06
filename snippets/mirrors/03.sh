# docs/zh/mirrors.md:51 · docs/en/mirrors.md:68
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 120s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo service docker restart
