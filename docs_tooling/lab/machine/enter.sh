#!/bin/sh
# docker exec CONTAINER /lab/enter.sh USER [COMMAND...]: run COMMAND (default: a login shell) in the machine as USER.
# nsenter joins every namespace of the machine's init, the user namespace included, so what runs holds no
# capability outside the machine; the process stays in the container's cgroups (its memory and pids limits).
set -eu
user=$1
shift
pid=$(cat /run/lab/machine.pid)
[ $# -gt 0 ] || set -- /bin/bash -l
# The machine's locale, as a login (pam_env) reads it from /etc/default/locale: LANG=... or nothing.
locale=$(grep -m 1 '^LANG=' /machine/etc/default/locale 2>/dev/null || true)
if [ "$user" = root ]; then
  exec nsenter -t "$pid" -a -- /usr/bin/env -i -C /root HOME=/root USER=root LOGNAME=root SHELL=/bin/bash \
    TERM="${TERM:-dumb}" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin ${locale:+"$locale"} "$@"
fi
exec nsenter -t "$pid" -a -- /usr/bin/setpriv --reuid="$user" --regid="$user" --init-groups --reset-env \
  /usr/bin/env -C "/home/$user" ${locale:+"$locale"} "$@"
