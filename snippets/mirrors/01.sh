# docs/zh/mirrors.md:36 · docs/en/mirrors.md:50
# runs on the reader's Linux machine as user reader (sudo allowed); exit 1; timeout 120s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
docker pull ubuntu:24.04
