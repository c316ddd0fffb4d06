# docs/zh/kvm.md:138 · docs/en/kvm.md:141
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 120s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo adduser "$(id -un)" libvirt
