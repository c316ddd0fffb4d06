#!/bin/sh
# PID 1 of a reader's machine container, as the container's root (run by the lab, never by a snippet): start the
# machine in a user namespace of its own and hand it the container's network interfaces.
#   - the machine's root is uid 100000 of the host (SHIFT in machine_image.py), so it owns nothing of the host;
#   - /machine (the reader's root filesystem, owned by the shifted ids) becomes its root; this outer tree, which the
#     machine cannot see, holds the only programs the lab runs with the container's capabilities (this file, enter.sh);
#   - the lab delegates the container's own cgroups to the machine's root, then creates /run/lab/delegated.
set -eu
M=/machine
mkdir -p /run/lab
[ ! -d $M/var/lib/docker ] || chown 100000:100000 $M/var/lib/docker  # an engine machine's volume
ip -o -4 addr show | awk '$2 != "lo" {print $2, $4}' > /run/lab/addrs
mkfifo -m 0644 /run/lab/go
unshare --user --map-users=100000,0,65536 --map-groups=100000,0,65536 --setuid 0 --setgid 0 \
  --mount --pid --net --uts --ipc --cgroup --fork --kill-child /lab/stage2.sh < /dev/null &
upid=$!
# The machine's init is the child of unshare in another pid namespace (not the helper that runs newuidmap).
child=""
for _ in $(seq 400); do
  for c in $(cat /proc/$upid/task/$upid/children 2>/dev/null); do
    ns=$(readlink /proc/$c/ns/pid 2>/dev/null) || continue
    [ -n "$ns" ] && [ "$ns" != "$(readlink /proc/self/ns/pid)" ] && child=$c
  done
  [ -n "$child" ] && break
  sleep 0.05
done
[ -n "$child" ] || { echo "lab init: the machine's init did not start" >&2; exit 1; }
echo "$child" > /run/lab/machine.pid
while read -r dev addr; do
  ip link set "$dev" netns "$child"
  nsenter -t "$child" -n ip addr add "$addr" dev "$dev"
  nsenter -t "$child" -n ip link set "$dev" up
done < /run/lab/addrs
nsenter -t "$child" -n ip link set lo up
for _ in $(seq 2400); do [ -e /run/lab/delegated ] && break; sleep 0.05; done  # 120 s: a loaded host (parallel workers) is slow
[ -e /run/lab/delegated ] || { echo "lab init: the lab did not delegate the cgroups" >&2; exit 1; }
echo go > /run/lab/go
wait $upid
