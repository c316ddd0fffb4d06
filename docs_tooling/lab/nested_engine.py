"""The reader's machine with its own Docker Engine, sandboxed: a user namespace of its own, no route out.

The container (image from :mod:`docs_tooling.lab.machine_image`) starts the machine in a user namespace whose root is
an unprivileged id of the host, with its own mount, pid, network, cgroup, uts and ipc namespaces. What runs there
(every snippet, ``sudo`` included) holds capabilities over the machine's own namespaces only: global sysctls, host
devices, host paths and the host's cgroup files are out of reach. The lab delegates the container's own cgroups to
it, so the inner engine's containers get cgroups below the container's memory and pids limits.

The machine starts as a fresh install of its suite would: ``ip_forward`` 0 at boot, no firewall rule, no
``daemon.json``; Debian's init script starts dockerd (``sudo service docker restart`` restarts it).
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import os
import secrets
import shlex
import tarfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import docker
import docker.errors

from docs_tooling.lab import labels
from docs_tooling.lab.engines import ENGINES, Engine
from docs_tooling.lab.errors import ServiceError
from docs_tooling.lab.host import Log, tail
from docs_tooling.lab.machine_image import DOCKERD_OPTS_PATH, ENTER, INIT, SHIFT
from docs_tooling.lab.network import DOCKER_DEFAULT_BRIDGE
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


@dataclass(frozen=True)
class StockState:
    """What a machine looked like before the first snippet: the facts a fresh install shows."""

    boot_ip_forward: str  # before dockerd started
    daemon_json: bool
    forward_policy: str  # after dockerd started: DROP when dockerd turned forwarding on itself
    docker_user_rules: tuple[str, ...]  # rules in DOCKER-USER besides Docker's own RETURN
    server_version: str

    def problems(self) -> list[str]:
        found = []
        if self.boot_ip_forward != "0":
            found.append(f"net.ipv4.ip_forward was {self.boot_ip_forward} at boot (a fresh install has 0)")
        if self.daemon_json:
            found.append("/etc/docker/daemon.json exists before the page wrote one")
        if self.docker_user_rules:
            found.append(f"DOCKER-USER holds rules nobody typed: {'; '.join(self.docker_user_rules)}")
        if self.forward_policy != "DROP":
            found.append(f"the FORWARD policy is {self.forward_policy}, not the DROP that dockerd sets when it turns "
                         "forwarding on itself")
        return found


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


class NestedEngine:
    """A labelled container running a reader's machine of ``engine`` whose dockerd uses the lab registry as mirror.

    Attached only to the services' internal network, and to ``lan`` = (network name, IPv4 address) if given.
    ``bip`` is passed to the inner dockerd when the page's subnet is not Docker's default. Every name lookup fails
    at once (no resolver), as on a machine without one; inner containers get ``--dns 127.0.0.1``. Use as a context
    manager, or call :meth:`close`.
    """

    def __init__(self, services: LabServices, image: str, engine: Engine = ENGINES[0], name: str | None = None,
                 hostname: str = "reader", bip: str | None = None, lan: tuple[str, str] | None = None,
                 mem_limit: str = MEMORY, pids_limit: int = PIDS, blocked: frozenset[str] = frozenset(),
                 log: Log = print) -> None:
        self.services, self.client, self.log, self.engine = services, services.client, log, engine
        self.run_id = services.run_id
        self.name = name or f"onlab-reader-{self.run_id}-{secrets.token_hex(3)}"
        self.blocked = blocked  # of outside_names.BLOCKABLE: what this machine cannot reach
        mirror = [] if "docker-hub" in blocked else ["--registry-mirror", services.registry_mirror_url]
        options = [*mirror, "--dns", "127.0.0.1"]
        if bip and ipaddress.ip_interface(bip).network != DOCKER_DEFAULT_BRIDGE:
            options += ["--bip", bip]  # the reader's docker0 is elsewhere than Docker's default
        self.dockerd_options = options
        run_labels = labels.labels_for(self.run_id)
        self.volume = self.client.volumes.create(f"{self.name}-docker", labels=run_labels)
        self.stock: StockState | None = None
        try:
            api = self.client.api
            host_config = api.create_host_config(
                init=True, cap_drop=["ALL"], cap_add=list(CAPABILITIES), security_opt=SECURITY_OPT, tmpfs={"/run": ""},
                binds={self.volume.name: {"bind": "/machine/var/lib/docker", "mode": "rw"}}, mem_limit=mem_limit,
                pids_limit=pids_limit, network_mode=services.network_name)
            host_config.update(UNMASKED_PROC)
            created = api.create_container(image, [INIT], name=self.name, hostname=hostname, labels=run_labels,
                                           environment={"LAB_HOSTNAME": hostname}, host_config=host_config)
            self.container = self.client.containers.get(created["Id"])
            if lan:
                self.client.networks.get(lan[0]).connect(self.container, ipv4_address=lan[1])
            # /etc/hosts as the installer writes it, plus the outside names the lab stands in for.
            hosts = "".join(f"{address}\t{name}\n" for name, address in services.hosts.items())
            files = {**{path: (text, 0o644) for path, text in services.machine_files(blocked).items()},
                     "/etc/resolv.conf": ("nameserver 127.0.0.1\n", 0o644),
                     "/etc/hosts": (f"127.0.0.1\tlocalhost\n127.0.1.1\t{hostname}\n{hosts}", 0o644),
                     DOCKERD_OPTS_PATH: (shlex.join(options) + "\n", 0o644)}
            self.container.put_archive("/", tar_archive({f"/machine{path}": item for path, item in files.items()}, SHIFT))
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
            self.stock = self.stock_state()
        except BaseException:
            self.close()
            raise

    def _logs(self) -> str:
        text = tail(self.container.logs())
        # Each file on its own: `tail` of a missing file fails, and the other file's lines still count.
        _, log = self.exec("for f in /run/lab/docker-start.log /var/log/docker.log; do echo \"== $f\"; "
                           "tail -n 15 \"$f\" 2>&1; done; ps -eo pid,stat,args", user="root")
        return f"{text}\n{log}".strip() or "(no log, no output)"

    def _wait(self, started: float) -> None:
        while time.monotonic() - started < START_TIMEOUT:
            self.container.reload()
            if self.container.status != "running":
                raise ServiceError(f"the reader's machine {self.name} (Engine {self.engine.name}) stopped "
                                   f"({self.container.status}):\n{tail(self.container.logs())}")
            if self.exec(["docker", "info"], user="root")[0] == 0:
                self.log(f"lab: reader's machine {self.name} (Engine {self.engine.name}) ready in "
                         f"{time.monotonic() - started:.1f} s "
                         + ("(Docker Hub blocked)" if "docker-hub" in self.blocked
                            else f"(registry mirror {self.services.registry_mirror_url})"))
                return
            time.sleep(0.3)
        raise ServiceError(f"the reader's machine {self.name} (Engine {self.engine.name}): `docker info` did not answer "
                           f"within {START_TIMEOUT:.0f} s:\n{self._logs()}")

    def stock_state(self) -> StockState:
        """The facts of :class:`StockState`, read in the machine."""
        def out(cmd: str) -> str:
            return self.exec(cmd, user="root")[1].strip()

        rules = [line for line in out("iptables -S DOCKER-USER").splitlines()
                 if line.startswith("-A") and line != "-A DOCKER-USER -j RETURN"]
        policy = out("iptables -S FORWARD | sed -n 's/^-P FORWARD //p'")
        return StockState(boot_ip_forward=out("cat /run/lab/boot-ip-forward"),
                          daemon_json=self.exec("test -e /etc/docker/daemon.json", user="root")[0] == 0,
                          forward_policy=policy, docker_user_rules=tuple(rules),
                          server_version=out("docker version --format '{{.Server.Version}}'"))

    def exec(self, cmd: str | list[str], user: str = "reader", env: Mapping[str, str] | None = None) -> tuple[int, str]:
        """Run ``cmd`` (a string goes to ``bash -c``) in the machine as ``user``; (exit code, output)."""
        argv = ["bash", "-c", cmd] if isinstance(cmd, str) else cmd
        if env:
            argv = ["env", *(f"{k}={v}" for k, v in env.items()), *argv]
        result = self.container.exec_run([ENTER, user, *argv], user="root")
        return result.exit_code, result.output.decode("utf-8", "replace")

    def shell_command(self, user: str = "reader") -> str:
        """The ``docker exec`` command line that opens a login shell in the machine (for a pseudo-terminal session)."""
        return f"docker exec -it {self.name} {ENTER} {shlex.quote(user)}"

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
