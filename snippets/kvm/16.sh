# docs/zh/kvm.md:231 · docs/en/kvm.md:234
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
rm ~/vms/demo.qcow2
