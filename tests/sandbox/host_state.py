"""What the hostile snippets must leave as it was on the host, and the bait they reach for."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import socket
import socketserver
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

PROCESS_SLACK = 5  # host daemons that come and go between the two snapshots
MEMORY_SLACK_KIB = 512 * 1024  # kernel memory that other workers' machines take and give back
CONTAINER_CGROUP = re.compile(r"docker[-/][0-9a-f]{64}")  # cgroupfs (/docker/ID) and systemd (docker-ID.scope)
ENGINE_DAEMONS = ("containerd-shim",)  # the engine's per-container daemons: children of init, not of the run
KTHREADD = 2


def _sysctl_path(key: str) -> Path:
    return Path("/proc/sys") / key.replace(".", "/")


def _meminfo_kib(key: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/meminfo has no {key} line")


def _processes() -> dict[int, tuple[int, str, bool]]:
    """Every live process (zombies hold nothing but their PID): PID -> (parent PID, name, whether it runs in a
    container's cgroup)."""
    found = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            stat = (proc / "stat").read_text()
            in_container = bool(CONTAINER_CGROUP.search((proc / "cgroup").read_text()))
        except OSError:  # gone meanwhile
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
        if state != "Z":
            found[int(proc.name)] = (int(ppid), name, in_container)
    return found


def run_root() -> int:
    """The test run's first process: the xdist controller when this is a worker (its parent), else this process."""
    return os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()


def host_processes(root: int) -> int:
    """Processes of the host itself: not in a container, not the test run's (``root`` and its descendants: workers,
    Chromium, builds, the lab's services and dockerd), not a kernel thread, not an engine's per-container daemon.
    Another worker's pages come and go without changing this count; a process a snippet left on the host does not."""
    table = _processes()

    def ours(pid: int) -> bool:
        seen = set()
        while pid > 1 and pid not in seen:
            if pid in (root, KTHREADD):
                return True
            seen.add(pid)
            pid = table.get(pid, (0, "", False))[0]
        return False

    return sum(1 for pid, (ppid, name, in_container) in table.items()
               if not in_container and not ours(pid) and not name.startswith(ENGINE_DAEMONS))


def _container_shmem_kib() -> int:
    """Shared memory charged to containers (cgroup v1 ``total_shmem``, v2 ``shmem``): another worker's machines."""
    total = 0
    stats = glob.glob("/sys/fs/cgroup/memory/docker/*/memory.stat")  # v1: totals include nested cgroups
    stats += [path for path in glob.glob("/sys/fs/cgroup/**/memory.stat", recursive=True)
              if CONTAINER_CGROUP.search(path) and not CONTAINER_CGROUP.search(path.rsplit("/", 2)[0])]  # v2
    for path in set(stats):
        values = dict(line.split() for line in Path(path).read_text().splitlines())
        total += int(values.get("total_shmem", values.get("shmem", 0)))
    return total // 1024


def memory_left_kib() -> int:
    """Memory that outlives the process that took it: shared memory (tmpfs, System V and POSIX segments) outside
    containers, and the kernel's unreclaimable memory. A process's own memory ends with it (the process count sees
    a process left behind); MemAvailable is no measure here, it moved by 0.75 GiB for 1.3 GiB written to tmpfs."""
    return _meminfo_kib("Shmem") - _container_shmem_kib() + _meminfo_kib("SUnreclaim")


@dataclass(frozen=True)
class HostState:
    release_agents: dict[str, str]
    sysctls: dict[str, str]
    processes: int
    memory_kib: int

    @classmethod
    def now(cls, sysctls: list[str]) -> HostState:
        agents = {path: Path(path).read_text() for path in sorted(glob.glob("/sys/fs/cgroup/*/release_agent"))}
        return cls(agents, {key: _sysctl_path(key).read_text() for key in sysctls},
                   host_processes(run_root()), memory_left_kib())

    def changes(self, after: HostState) -> list[str]:
        found = [f"{path} is now {after.release_agents.get(path)!r} (was {text!r})"
                 for path, text in self.release_agents.items() if after.release_agents.get(path) != text]
        found += [f"sysctl {key} is now {after.sysctls[key].strip()!r} (was {text.strip()!r})"
                  for key, text in self.sysctls.items() if after.sysctls[key] != text]
        if after.processes > self.processes + PROCESS_SLACK:
            found.append(f"{after.processes} processes of the host's own (outside containers and this run), "
                         f"{self.processes} before")
        if after.memory_kib > self.memory_kib + MEMORY_SLACK_KIB:
            found.append(f"{after.memory_kib} KiB of shared and kernel memory taken outside containers, "
                         f"{self.memory_kib} KiB before")
        return found

    def restore(self, after: HostState) -> None:
        """Write back the release agents and sysctls that differ in ``after``."""
        for path, text in self.release_agents.items():
            if after.release_agents.get(path) != text:
                Path(path).write_text(text or "\n")
        for key, text in self.sysctls.items():
            if after.sysctls[key] != text:
                _sysctl_path(key).write_text(text)


class _Recorder(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.server.peers.append(self.client_address[0])  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):
            self.request.sendall(b"a host service that the lab does not serve\n")


class HostListener:
    """A TCP service on all of the host's addresses, as many host services are; it records who connected."""

    def __init__(self) -> None:
        self.server = socketserver.ThreadingTCPServer(("0.0.0.0", 0), _Recorder)
        self.server.daemon_threads = True
        self.server.peers = []  # type: ignore[attr-defined]
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, name="sandbox-listener", daemon=True)

    def __enter__(self) -> HostListener:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answers_on_host(self, address: str) -> bool:
        """Whether the service answers the host itself on ``address`` (so only the firewall keeps a machine out)."""
        with socket.create_connection((address, self.port), timeout=5) as conn:
            return conn.recv(100).startswith(b"a host service")

    def from_machines(self, host_addresses: set[str]) -> list[str]:
        return [peer for peer in self.server.peers if peer not in host_addresses]  # type: ignore[attr-defined]


class SecretProcess:
    """A host process with a secret in its environment, which no snippet may read."""

    VARIABLE = "ONLAB_SANDBOX_SECRET"

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.process = subprocess.Popen(["sleep", "3600"], env={"PATH": "/usr/bin:/bin", self.VARIABLE: secret})

    def __enter__(self) -> SecretProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def visible_on_host(self) -> bool:
        return f"{self.VARIABLE}={self.secret}".encode() in Path(f"/proc/{self.process.pid}/environ").read_bytes()
