"""Our own apt-cacher-ng: persistent cache, backend = the host's mirror, only that mirror served (ForceManaged)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from docs_tooling.lab import procs
from docs_tooling.lab.errors import ServiceError
from docs_tooling.lab.host import Log, ensure_commands, tail
from docs_tooling.lab.mirror import AptMirror
from docs_tooling.lab.network import free_port, wait_for_port
from docs_tooling.lab.paths import lock_slot

SUPPORT_DIR = "/usr/lib/apt-cacher-ng"


def _host_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


def acng_config(mirror: AptMirror, cache: str, logs: str, run: str, port: int, bind: Sequence[str],
                also_as: Sequence[str] = ()) -> str:
    """The ``acng.conf`` text: remap the host's archive (and security archive) to themselves, and the mirror URLs
    ``also_as`` (``http://HOST[/PATH]``, whose ``/debian`` and ``/debian-security`` a reader's sources name) to them too;
    refuse all else."""
    lines = [f"CacheDir: {cache}", f"LogDir: {logs}", f"SupportDir: {SUPPORT_DIR}", f"Port: {port}",
             f"BindAddress: {' '.join(bind)}", f"SocketPath: {run}/acng.socket", f"PidFile: {run}/acng.pid",
             "ForeGround: 1", "ForceManaged: 1", "ExThreshold: 4", "ReportPage: acng-report.html", "Offlinemode: 0",
             f"Remap-labdebian: {' '.join([_host_path(mirror.client_url), *(_host_path(m) + '/debian' for m in also_as)])}"
             f" /debian ; {mirror.url}"]
    if mirror.security_url:
        names = [_host_path(mirror.client_security_url or ""), *(_host_path(m) + "/debian-security" for m in also_as)]
        lines.append(f"Remap-labsecurity: {' '.join(names)} /debian-security ; {mirror.security_url}")
    return "\n".join(lines) + "\n"


class AptProxy:
    """apt-cacher-ng listening on ``bind`` addresses, config and logs in ``state``; cache kept across runs.

    The cache directory is locked while in use: a second proxy running at the same time takes another one.
    """

    def __init__(self, state: Path, run_id: str, mirror: AptMirror, bind: Sequence[str], preferred_port: int = 3142,
                 also_as: Sequence[str] = ()) -> None:
        self.state, self.run_id, self.mirror, self.bind = state, run_id, mirror, list(bind)
        self.also_as = list(also_as)  # apt mirror URLs served as the mirror (the mirrors page)
        self.port = 0
        self.preferred_port = preferred_port
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock: IO[str] | None = None

    @property
    def _name(self) -> str:
        return f"apt-cacher-ng-{self.state.parent.name}"

    def url(self, host: str) -> str:
        """The proxy URL as seen from ``host`` (one of the bind addresses)."""
        return f"http://{host}:{self.port}"

    def apt_conf(self, host: str) -> str:
        """An ``/etc/apt/apt.conf.d`` snippet sending apt's HTTP through this proxy at ``host``."""
        return f'Acquire::http::Proxy "{self.url(host)}";\n'

    def start(self, log: Log = print) -> None:
        """Write the config under the run directory and start apt-cacher-ng; wait until it accepts connections."""
        ensure_commands({"apt-cacher-ng": "apt-cacher-ng"}, log, ServiceError)
        run = self.state
        (run / "conf").mkdir(parents=True, exist_ok=True)
        self.port = free_port(self.bind, self.preferred_port)
        try:
            cache, self._lock = lock_slot("apt-cacher-ng")
        except OSError as exc:
            raise ServiceError(str(exc)) from exc
        (run / "conf" / "acng.conf").write_text(acng_config(self.mirror, str(cache), str(run), str(run), self.port, self.bind,
                                                             self.also_as))
        out = run / "stdout.log"
        self._proc = procs.spawn(self.run_id, self._name, ["apt-cacher-ng", "-c", str(run / "conf")], out)
        if not wait_for_port(self.bind[0], self.port, 20, alive=lambda: self._proc is not None and self._proc.poll() is None):
            logs = "".join(path.read_text(errors="replace") for path in (out, run / "apt-cacher.err") if path.exists())
            self.stop()
            raise ServiceError(f"apt-cacher-ng did not start on port {self.port}:\n{tail(logs)}")
        log(f"lab: apt proxy (apt-cacher-ng, pid {self._proc.pid}) on {', '.join(self.url(h) for h in self.bind)} -> "
            f"{self.mirror.url}, cache {cache}")

    def stop(self) -> None:
        """Stop the apt-cacher-ng this object started."""
        procs.release(self.run_id, self._name, self._proc, self._lock)
        self._proc = self._lock = None
