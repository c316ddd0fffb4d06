# docs/zh/openstack-debian.md:754 · docs/en/openstack-debian.md:755
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: same
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
[ -e /dev/kvm ] || sudo crudini --set /etc/nova/nova-compute.conf libvirt virt_type qemu
sudo crudini --get /etc/nova/nova-compute.conf libvirt virt_type
