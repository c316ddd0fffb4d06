# docs/zh/mirrors.md:149 · docs/en/mirrors.md:181
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
git config --global --unset url."https://github.com/".insteadOf
