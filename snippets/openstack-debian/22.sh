# docs/zh/openstack-debian.md:348 · docs/en/openstack-debian.md:349
# runs on the reader's Linux machine as user reader (sudo allowed); exit 0; timeout 60s; output checked: contains
# Generated from the pages with the default values by `./dev snippets`; edit the page, not this file.
# ---
qemu-img create -f raw tiny.img 2M
echo 'type=83' | /usr/sbin/sfdisk -q tiny.img
printf '\x31\xc0\x8e\xd8\xba\xf8\x03\xbe\x15\x7c\xac\x84\xc0\x74\x03\xee\xeb\xf8\xf4\xeb\xfdHello from the tiny guest\r\n\0' |
  dd of=tiny.img conv=notrunc status=none
/usr/sbin/sfdisk -l tiny.img
