# docs/zh/openstack-debian.md:774 · docs/en/openstack-debian.md:775
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo crudini --merge /etc/libvirt/qemu.conf <<EOF
remember_owner = 0
max_core = 0
namespaces = []
cgroup_controllers = []
EOF
