"""What the hostile snippets must leave as it was on the host, and the bait they reach for."""

from __future__ import annotations

import contextlib
import glob
import socket
import socketserver
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

PROCESS_SLACK = 25  # other host activity (the lab's own threads come and go) between the two snapshots
MEMORY_SLACK_KIB = 1024 * 1024


def _sysctl_path(key: str) -> Path:
    return Path("/proc/sys") / key.replace(".", "/")


def _mem_available_kib() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1])
    raise RuntimeError("/proc/meminfo has no MemAvailable line")


@dataclass(frozen=True)
class HostState:
    release_agents: dict[str, str]
    sysctls: dict[str, str]
    processes: int
    mem_available_kib: int

    @classmethod
    def now(cls, sysctls: list[str]) -> HostState:
        agents = {path: Path(path).read_text() for path in sorted(glob.glob("/sys/fs/cgroup/*/release_agent"))}
        return cls(agents, {key: _sysctl_path(key).read_text() for key in sysctls},
                   len(glob.glob("/proc/[0-9]*")), _mem_available_kib())

    def changes(self, after: HostState) -> list[str]:
        found = [f"{path} is now {after.release_agents.get(path)!r} (was {text!r})"
                 for path, text in self.release_agents.items() if after.release_agents.get(path) != text]
        found += [f"sysctl {key} is now {after.sysctls[key].strip()!r} (was {text.strip()!r})"
                  for key, text in self.sysctls.items() if after.sysctls[key] != text]
        if after.processes > self.processes + PROCESS_SLACK:
            found.append(f"{after.processes} processes on the host, {self.processes} before")
        if after.mem_available_kib < self.mem_available_kib - MEMORY_SLACK_KIB:
            found.append(f"MemAvailable {after.mem_available_kib} KiB, {self.mem_available_kib} KiB before")
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
