# docs/zh/kvm.md:225 · docs/en/kvm.md:228
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
virsh --connect qemu:///session undefine demo
