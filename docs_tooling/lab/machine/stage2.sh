#!/bin/sh
# The machine's root (uid 0 of its own user namespace), before it becomes the machine's init: its own mounts of
# /proc, /sys and the cgroup hierarchies (rooted at the container's cgroup), a fresh /run and /dev/shm, then pivot_root
# into /machine. Of /proc/sys only net/ (this machine's own network namespace) is writable.
set -eu
export LIBMOUNT_FORCE_MOUNT2=always  # classic mount(2): a fresh sysfs in a user namespace, with the read-only flag set
read -r _ < /run/lab/go
R=/machine
mount --make-rprivate /
mount --rbind $R $R
mount -t proc -o nosuid,nodev,noexec proc $R/proc
mount --bind $R/proc/sys $R/proc/sys
mount -o remount,bind,ro $R/proc/sys $R/proc/sys
mount --bind $R/proc/sys/net $R/proc/sys/net
mount -o remount,bind,rw $R/proc/sys/net $R/proc/sys/net
mount -t sysfs -o nosuid,nodev,noexec,ro sysfs $R/sys
mount -t tmpfs -o nosuid,nodev,noexec,mode=755 cgroup $R/sys/fs/cgroup
for c in $(awk '!/^#/ && $4 == 1 {print $1}' /proc/cgroups); do
  [ -d /sys/fs/cgroup/$c ] || continue
  mkdir -p $R/sys/fs/cgroup/$c
  mount -t cgroup -o nosuid,nodev,noexec,$c cgroup $R/sys/fs/cgroup/$c
done
if [ -d /sys/fs/cgroup/systemd ]; then
  mkdir -p $R/sys/fs/cgroup/systemd
  mount -t cgroup -o nosuid,nodev,noexec,none,name=systemd cgroup $R/sys/fs/cgroup/systemd
fi
mount --rbind /dev $R/dev
# Its own pseudo-terminals (sudo allocates one): the container's devpts belongs to the host's user namespace.
mount -t devpts -o nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5 devpts $R/dev/pts
mount --bind $R/dev/pts/ptmx $R/dev/ptmx
mount -t tmpfs -o nosuid,nodev,mode=1777 shm $R/dev/shm
mount -t mqueue -o nosuid,nodev,noexec mqueue $R/dev/mqueue
mount -t tmpfs -o nosuid,nodev,mode=755 run $R/run
cd $R
mkdir -p .lab-oldroot
pivot_root . .lab-oldroot
cd /
umount -l /.lab-oldroot
rmdir /.lab-oldroot
hostname "${LAB_HOSTNAME:-reader}"
# A fresh network namespace copies the host's forwarding setting; a fresh install has it off.
mkdir -p /run/lab
sysctl -q -w net.ipv4.ip_forward=0
sysctl -q -w net.ipv6.conf.all.forwarding=0 2>/dev/null || true
# What systemd-sysctl applies at boot (the suite's sysctl.d files: ping_group_range, rp_filter, ...). Keys outside this
# network namespace are refused by the read-only /proc/sys, as on a container host; those refusals are expected.
for sysctl in /usr/lib/systemd/systemd-sysctl /lib/systemd/systemd-sysctl; do
  [ -x "$sysctl" ] && { "$sysctl" > /run/lab/sysctl.log 2>&1 || true; break; }
done
# Its full range, "0 2147483647", cannot be written here (groups above 65535 are not mapped in the machine's user
# namespace), so systemd-sysctl skips it; the mapped range gives every group of the machine the same right.
if grep -qs '^-*net.ipv4.ping_group_range' /usr/lib/sysctl.d/*.conf /etc/sysctl.d/*.conf; then
  sysctl -q -w net.ipv4.ping_group_range="0 65535"
fi
sysctl -n net.ipv4.ip_forward > /run/lab/boot-ip-forward
# What systemd-tmpfiles creates in the fresh /run at boot (/run/lock, which /var/lock points to, and the like).
for tmpfiles in /usr/bin/systemd-tmpfiles /bin/systemd-tmpfiles; do
  [ -x "$tmpfiles" ] && { "$tmpfiles" --create --boot --prefix=/run > /run/lab/tmpfiles.log 2>&1 || true; break; }
done
for tini in /usr/bin/tini /usr/bin/tini-static; do [ -x "$tini" ] && break; done
# What a fresh install starts at boot among what the lab can start: dockerd when Docker is installed (engine machines).
boot='exec sleep infinity'
[ ! -x /etc/init.d/docker ] || boot="service docker start > /run/lab/docker-start.log 2>&1; $boot"
touch /run/lab/booted
exec "$tini" -s -- /bin/sh -c "$boot"
