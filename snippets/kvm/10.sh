# docs/zh/kvm.md:158 · docs/en/kvm.md:161
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
mkdir -p ~/vms && qemu-img create -f qcow2 ~/vms/demo.qcow2 1G
