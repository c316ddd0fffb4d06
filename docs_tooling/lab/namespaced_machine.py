"""A reader's machine in a user namespace of its own, with no route out: the base of every machine whose root must
hold capabilities (a Docker Engine, libvirt, OpenStack's privileged helpers) without holding them over the host.

The container (image from :mod:`docs_tooling.lab.machine_image`) starts the machine in a user namespace whose root is
an unprivileged id of the host, with its own mount, pid, network, cgroup, uts and ipc namespaces. What runs there
(every snippet, ``sudo`` included) holds capabilities over the machine's own namespaces only: global sysctls, host
devices, host paths and the host's cgroup files are out of reach. The lab delegates the container's own cgroups to
it, so the machine's own cgroups (an inner engine's containers, say) stay below the container's memory and pids limits.
"""

from __future__ import annotations

import contextlib
import io
import os
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
from docs_tooling.lab.machine_image import ENTER, INIT, SHIFT
from docs_tooling.lab.services import LabServices

# What the container's own root needs to build the machine (unshare, newuidmap, mounts, moving the network interfaces,
# nsenter): these never reach a snippet, whose processes run inside the machine's user namespace.
CAPABILITIES = ("SYS_ADMIN", "NET_ADMIN", "SETUID", "SETGID", "SYS_PTRACE", "SYS_CHROOT", "CHOWN", "DAC_OVERRIDE",
                "FOWNER", "KILL")
# seccomp: the machine's inner engine needs pivot_root, keyctl and more that Docker's default profile refuses; inside
# the user namespace those calls act on the machine's own namespaces only.
SECURITY_OPT = ["seccomp=unconfined"]
MEMORY, PIDS = "4g", 4096  # the limits of the machine's container: the machine cannot raise them
# No masked or read-only paths in the container's /proc (the API form of `--security-opt systempaths=unconfined`):
# a user namespace may mount its own /proc and /sys only where they are fully visible. The machine's own view of
# /proc/sys is read-only but for net/, and its root owns none of /proc's global files.
UNMASKED_PROC = {"MaskedPaths": [], "ReadonlyPaths": []}
START_TIMEOUT = 90.0


def tar_archive(files: Mapping[str, tuple[str, int]], owner: int = 0) -> bytes:
    """A tar archive of ``{absolute path: (text, mode)}`` owned by ``owner``, for ``put_archive`` at ``/``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path, (text, mode) in files.items():
            data = text.encode()
            info = tarfile.TarInfo(path.lstrip("/"))
            info.size, info.mode, info.mtime = len(data), mode, int(time.time())
            info.uid = info.gid = owner
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def cgroup_dirs(pid: int, container_id: str) -> list[Path]:
    """The container's own cgroup directories on the host (one per hierarchy), from ``/proc/PID/cgroup``."""
    mounts = {}
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        fields, fstype = left.split(), right.split()
        if fstype and fstype[0] in ("cgroup", "cgroup2"):
            options = fstype[2].split(",") if len(fstype) > 2 else []
            key = "" if fstype[0] == "cgroup2" else next(
                (o for o in options if o.startswith("name=")), ",".join(sorted(o for o in options if o not in ("rw", "ro"))))
            mounts.setdefault(key, Path(fields[4]))
    found = []
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if not path.rstrip("/").endswith(container_id):
            continue  # never the host's root cgroup (e.g. the unified hierarchy of a hybrid host)
        key = controllers if controllers.startswith("name=") else ",".join(sorted(controllers.split(",")))
        base = mounts.get(key)
        if base is not None and (base / path.lstrip("/")).is_dir():
            found.append(base / path.lstrip("/"))
    return found


def delegate(directory: Path) -> None:
    """Let the machine's root create cgroups below ``directory`` (as systemd's ``Delegate=`` does): the directory and
    the files that move processes become its own; the limit files stay the host's."""
    for path in (directory, *(directory / name for name in ("cgroup.procs", "tasks", "cgroup.subtree_control",
                                                            "cgroup.threads"))):
        if path.exists():
            os.chown(path, SHIFT, SHIFT)


class NamespacedMachine:
    """A labelled container running a reader's machine from ``image``, attached only to the services' internal network
    (and to ``lan`` = (network name, IPv4 address) if given).

    Every name lookup fails at once (no resolver), as on a machine without one, but for the outside names the lab
    stands in for (``/etc/hosts``). ``files`` ({path: (text, mode)}) are written into the machine before it boots,
    ``binds`` ({volume: path in the machine}) mounted. Subclasses say when the machine is ready (:meth:`_ready`). Use
    as a context manager, or call :meth:`close`.
    """

    what = "machine"  # for messages: "the reader's machine NAME (WHAT)"

    def __init__(self, services: LabServices, image: str, name: str | None = None, hostname: str = "reader",
                 lan: tuple[str, str] | None = None, mem_limit: str = MEMORY, pids_limit: int = PIDS,
                 blocked: frozenset[str] = frozenset(), files: Mapping[str, tuple[str, int]] | None = None,
                 binds: Mapping[str, str] | None = None, log: Log = print) -> None:
        self.services, self.client, self.log = services, services.client, log
        self.run_id = services.run_id
        self.name = name or f"onlab-reader-{self.run_id}-{secrets.token_hex(3)}"
        self.blocked = blocked  # of outside_names.BLOCKABLE: what this machine cannot reach
        self.container: docker.models.containers.Container | None = None
        try:
            api = self.client.api
            host_config = api.create_host_config(
                init=True, cap_drop=["ALL"], cap_add=list(CAPABILITIES), security_opt=SECURITY_OPT, tmpfs={"/run": ""},
                binds={volume: {"bind": f"/machine{path}", "mode": "rw"} for volume, path in (binds or {}).items()},
                mem_limit=mem_limit, pids_limit=pids_limit, network_mode=services.network_name)
            host_config.update(UNMASKED_PROC)
            created = api.create_container(image, [INIT], name=self.name, hostname=hostname,
                                           labels=labels.labels_for(self.run_id),
                                           environment={"LAB_HOSTNAME": hostname}, host_config=host_config)
            self.container = self.client.containers.get(created["Id"])
            if lan:
                self.client.networks.get(lan[0]).connect(self.container, ipv4_address=lan[1])
            # /etc/hosts as the installer writes it, plus the outside names the lab stands in for.
            hosts = "".join(f"{address}\t{name}\n" for name, address in services.hosts.items())
            machine_files = {**{path: (text, 0o644) for path, text in services.machine_files(blocked).items()},
                             "/etc/resolv.conf": ("nameserver 127.0.0.1\n", 0o644),
                             "/etc/hosts": (f"127.0.0.1\tlocalhost\n127.0.1.1\t{hostname}\n{hosts}", 0o644),
                             **(files or {})}
            self.container.put_archive("/", tar_archive({f"/machine{path}": item for path, item in machine_files.items()},
                                                        SHIFT))
            started = time.monotonic()
            self.container.start()
            self.container.reload()
            for directory in cgroup_dirs(self.container.attrs["State"]["Pid"], self.container.id):
                delegate(directory)
            self.container.exec_run(["touch", "/run/lab/delegated"], user="root")
            self._wait(started)
            if services.ca_certificate:
                code, out = self.exec(["update-ca-certificates"], user="root")
                if code:
                    raise ServiceError(f"the reader's machine {self.name}: update-ca-certificates failed:\n{tail(out)}")
        except BaseException:
            self.close()
            raise

    def _ready(self) -> bool:
        """Whether the machine has booted (its init runs); subclasses add what else must answer."""
        return self.exec(["test", "-e", "/run/lab/booted"], user="root")[0] == 0

    def _ready_message(self) -> str:
        return ""

    def _logs(self) -> str:
        """What to show when the machine does not become ready: the container's output."""
        assert self.container is not None
        return tail(self.container.logs()) or "(no log, no output)"

    def _wait(self, started: float) -> None:
        assert self.container is not None
        while time.monotonic() - started < START_TIMEOUT:
            self.container.reload()
            if self.container.status != "running":
                raise ServiceError(f"the reader's machine {self.name} ({self.what}) stopped "
                                   f"({self.container.status}):\n{tail(self.container.logs())}")
            if self._ready():
                self.log(f"lab: reader's machine {self.name} ({self.what}) ready in {time.monotonic() - started:.1f} s"
                         + self._ready_message())
                return
            time.sleep(0.3)
        raise ServiceError(f"the reader's machine {self.name} ({self.what}) was not ready within {START_TIMEOUT:.0f} s:\n"
                           f"{self._logs()}")

    def exec(self, cmd: str | list[str], user: str = "reader", env: Mapping[str, str] | None = None) -> tuple[int, str]:
        """Run ``cmd`` (a string goes to ``bash -c``) in the machine as ``user``; (exit code, output)."""
        assert self.container is not None
        argv = ["bash", "-c", cmd] if isinstance(cmd, str) else cmd
        if env:
            argv = ["env", *(f"{k}={v}" for k, v in env.items()), *argv]
        result = self.container.exec_run([ENTER, user, *argv], user="root")
        return result.exit_code, result.output.decode("utf-8", "replace")

    def shell_command(self, user: str = "reader") -> str:
        """The ``docker exec`` command line that opens a login shell in the machine (for a pseudo-terminal session)."""
        return f"docker exec -it {self.name} {ENTER} {shlex.quote(user)}"

    def close(self) -> None:
        """Remove the container."""
        if self.container is not None:
            with contextlib.suppress(docker.errors.NotFound):
                self.container.remove(force=True, v=True)

    def __enter__(self) -> NamespacedMachine:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()
