# docs/zh/kvm.md:170 · docs/en/kvm.md:173
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 300s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
virt-install --connect qemu:///session \
  --name demo --memory 256 --vcpus 1 \
  --disk ~/vms/demo.qcow2,format=qcow2 --import \
  --osinfo generic --network none \
  --graphics none --noautoconsole
