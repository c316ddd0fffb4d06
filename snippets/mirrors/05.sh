# docs/zh/mirrors.md:70 · docs/en/mirrors.md:88
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 300s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
docker pull ubuntu:24.04
