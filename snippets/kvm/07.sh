# docs/zh/kvm.md:105 · docs/en/kvm.md:108
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 900s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo apt install -y qemu-kvm libvirt-daemon-system libvirt-clients virtinst
