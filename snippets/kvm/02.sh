# docs/zh/kvm.md:47 · docs/en/kvm.md:50
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 600s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo apt update
