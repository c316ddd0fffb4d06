# docs/zh/openstack-debian.md:788 · docs/en/openstack-debian.md:789
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo service dbus start
sudo service virtlogd start
sudo service libvirtd restart
sudo virsh -c qemu:///system version
