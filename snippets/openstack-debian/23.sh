# docs/zh/openstack-debian.md:380 · docs/en/openstack-debian.md:381
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
qemu-img convert -f raw -O qcow2 tiny.img tiny.qcow2
qemu-img info tiny.qcow2
