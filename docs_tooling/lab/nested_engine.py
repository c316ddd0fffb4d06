"""The reader's machine: a container from the ``reader`` image running its own Docker Engine, with no route out."""

from __future__ import annotations

import contextlib
import io
import secrets
import shlex
import tarfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import docker
import docker.errors

from docs_tooling.lab import labels
from docs_tooling.lab.errors import ServiceError
from docs_tooling.lab.host import Log, tail
from docs_tooling.lab.services import LabServices

# Measured as the minimum: Docker's 14 default capabilities (the inner engine hands them to its own containers, so it
# must hold them all) plus SYS_ADMIN (mounts) and NET_ADMIN (bridge, iptables). --privileged fails on this kind of host.
CAPABILITIES = ("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP",
                "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE", "SYS_ADMIN", "NET_ADMIN")
ENTRYPOINT = "/usr/local/sbin/lab-dockerd"
# Before dockerd starts: drop every default route (Docker 20.10 gives one even on an internal network; only the lab
# subnet and a caller's LAN stay reachable); with LAB_OFFLINE_DNS, names resolve nowhere, at once (Docker's resolver
# on an internal network lets a lookup hang ~20 s). Inner containers go under this container's own cgroup, so its
# memory and pids limits hold for them too.
ENTRYPOINT_SCRIPT = """#!/bin/sh
while ip route del default 2>/dev/null; do :; done
[ -z "$LAB_OFFLINE_DNS" ] || echo "nameserver 127.0.0.1" > /etc/resolv.conf
parent=$(sed -n 's/^[0-9]*:memory://p' /proc/self/cgroup)
exec dockerd --cgroup-parent="${parent%/}/inner" "$@"
"""
START_TIMEOUT = 60.0


def _apparmor_enabled() -> bool:
    try:
        return Path("/sys/module/apparmor/parameters/enabled").read_text().strip() == "Y"
    except OSError:
        return False


def tar_archive(files: Mapping[str, tuple[str, int]]) -> bytes:
    """A tar archive of ``{absolute path: (text, mode)}``, for ``put_archive`` at ``/``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path, (text, mode) in files.items():
            data = text.encode()
            info = tarfile.TarInfo(path.lstrip("/"))
            info.size, info.mode, info.mtime = len(data), mode, int(time.time())
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


class NestedEngine:
    """A labelled container from ``image`` (the reader recipe) whose dockerd uses the lab registry as Hub mirror.

    Attached only to the services' internal network, and to ``lan`` = (network name, IPv4 address) if given.
    ``bip`` is passed to the inner dockerd. With ``offline_dns`` (default) every name lookup fails at once, as on a
    machine without a resolver (container names too: use addresses); inner containers get ``--dns 127.0.0.1`` either
    way. Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, services: LabServices, image: str, name: str | None = None, hostname: str = "reader",
                 bip: str | None = None, lan: tuple[str, str] | None = None, mem_limit: str = "4g", pids_limit: int = 4096,
                 offline_dns: bool = True, log: Log = print) -> None:
        if Path("/sys/fs/cgroup/cgroup.controllers").exists():
            raise ServiceError("this host uses cgroup v2 only: NestedEngine bind-mounts the host's cgroup v1 tree, which would "
                               "hand the container the host's root cgroup; run the lab on a cgroup v1 (or hybrid) host")
        self.services, self.client, self.log = services, services.client, log
        self.run_id = services.run_id
        self.name = name or f"onlab-reader-{self.run_id}-{secrets.token_hex(3)}"
        args = ["--registry-mirror", services.registry_mirror_url, "--dns", "127.0.0.1"]
        if bip:
            args += ["--bip", bip]
        security = ["seccomp=unconfined", *(["apparmor=unconfined"] if _apparmor_enabled() else [])]
        run_labels = labels.labels_for(self.run_id)
        self.volume = self.client.volumes.create(f"{self.name}-docker", labels=run_labels)
        try:
            self.container = self.client.containers.create(
                image, [ENTRYPOINT, *args], name=self.name, hostname=hostname, labels=run_labels, init=True,
                cap_drop=["ALL"], cap_add=list(CAPABILITIES), security_opt=security, tmpfs={"/run": ""},
                volumes={"/sys/fs/cgroup": {"bind": "/sys/fs/cgroup", "mode": "rw"},
                         self.volume.name: {"bind": "/var/lib/docker", "mode": "rw"}},
                sysctls={"net.ipv4.ip_forward": "1"}, mem_limit=mem_limit, pids_limit=pids_limit,
                network=services.network_name, environment={"LAB_OFFLINE_DNS": "1"} if offline_dns else {}, detach=True)
            if lan:
                self.client.networks.get(lan[0]).connect(self.container, ipv4_address=lan[1])
            self.container.put_archive("/", tar_archive({
                **{path: (text, 0o644) for path, text in services.container_files().items()},
                ENTRYPOINT: (ENTRYPOINT_SCRIPT, 0o755)}))
            started = time.monotonic()
            self.container.start()
            self._wait(started)
        except BaseException:
            self.close()
            raise

    def _wait(self, started: float) -> None:
        while time.monotonic() - started < START_TIMEOUT:
            self.container.reload()
            if self.container.status != "running":
                raise ServiceError(f"the nested engine {self.name} stopped ({self.container.status}); its dockerd said:\n"
                                   f"{tail(self.container.logs())}")
            if self.container.exec_run(["docker", "info"], user="root").exit_code == 0:
                self.log(f"lab: nested engine {self.name} ready in {time.monotonic() - started:.1f} s "
                         f"(registry mirror {self.services.registry_mirror_url})")
                return
            time.sleep(0.3)
        raise ServiceError(f"the nested engine {self.name}: `docker info` did not answer within {START_TIMEOUT:.0f} s; "
                           f"dockerd said:\n{tail(self.container.logs())}")

    def exec(self, cmd: str | list[str], user: str = "reader", env: Mapping[str, str] | None = None,
             workdir: str | None = None) -> tuple[int, str]:
        """Run ``cmd`` (a string goes to ``bash -c``) as ``user``; return (exit code, stdout and stderr combined)."""
        argv = ["bash", "-c", cmd] if isinstance(cmd, str) else cmd
        home = "/root" if user == "root" else f"/home/{user}"
        result = self.container.exec_run(argv, user=user, environment=dict(env or {}), workdir=workdir or home)
        return result.exit_code, result.output.decode("utf-8", "replace")

    def shell_command(self, user: str = "reader") -> str:
        """The ``docker exec`` command line that opens a shell in this machine (for a pseudo-terminal session)."""
        return f"docker exec -it -u {shlex.quote(user)} -w /home/{user} {self.name} bash -l"

    def close(self) -> None:
        """Remove the container and its /var/lib/docker volume."""
        container = getattr(self, "container", None)
        if container is not None:
            with contextlib.suppress(docker.errors.NotFound):
                container.remove(force=True, v=True)
        with contextlib.suppress(docker.errors.NotFound):
            self.volume.remove(force=True)

    def __enter__(self) -> NestedEngine:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()
