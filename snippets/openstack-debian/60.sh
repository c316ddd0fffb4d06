# docs/zh/openstack-debian.md:942 · docs/en/openstack-debian.md:943
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
sudo tail -n 20 /var/log/nova/nova-compute.log
sudo tail -n 5 /var/log/libvirt/qemu/*.log
