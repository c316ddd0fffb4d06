"""A built site served by Debian's nginx below a sub-path, as a publisher's web server would serve it.

nginx runs as a child process of the test (``daemon off``), on a free port of 127.0.0.1, with its own
configuration, logs, pid file and temporary files in a folder of its own; the system's nginx service, if any, is
never touched. As root, nginx runs as ``nobody`` (the folder is readable by it); otherwise as the caller. Each
language's missing paths get that language's ``404.html`` (``error_page``), as docs_tooling/build/not_found.py
expects of the server. Stopping it stops only the process started here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docs_tooling.project import TRANSLATIONS
from tests.browser.served_site import apt_install

NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
APT_PACKAGES = ("nginx",)
UNPRIVILEGED = ("nobody", "nogroup")  # who nginx runs as when the tests run as root
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def ensure_nginx() -> Path:
    """Install Debian's nginx when missing (its binary and mime.types); returns the binary's path."""
    apt_install(APT_PACKAGES, (NGINX, MIME_TYPES))
    return NGINX


def config_text(site_dir: Path, state_dir: Path, port: int, mount: str) -> str:
    """nginx's configuration: ``site_dir`` at ``mount`` (``/openstack-notes/``), a 404 page per language."""
    locations = [f"    location {mount} {{ alias {site_dir}/; error_page 404 {mount}404.html; }}"]
    locations += [f"    location {mount}{lang}/ {{ alias {site_dir}/{lang}/; error_page 404 {mount}{lang}/404.html; }}"
                  for lang in TRANSLATIONS]
    temps = "\n".join(f"  {name}_temp_path {state_dir}/{name};" for name in TEMP_DIRS)
    return f"""daemon off;
worker_processes 1;
pid {state_dir}/nginx.pid;
error_log {state_dir}/error.log warn;
events {{ worker_connections 64; }}
http {{
  include {MIME_TYPES};
  default_type application/octet-stream;
  access_log {state_dir}/access.log;
{temps}
  absolute_redirect off;
  server {{
    listen 127.0.0.1:{port};
{chr(10).join(locations)}
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited ({process.returncode}): {log.read_text() if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within {timeout} s: {log.read_text() if log.exists() else ''}")


@contextmanager
def serve(site_dir: Path, state_dir: Path, mount: str) -> Iterator[str]:
    """Serve ``site_dir`` at ``mount`` with nginx; yields the origin (``http://127.0.0.1:PORT``).

    ``state_dir`` (new, empty) takes the configuration, logs and temporary files; as root, both folders must be
    readable by ``nobody`` (not below pytest's own temporary folder, which only its owner may enter).
    """
    binary = ensure_nginx()
    for name in TEMP_DIRS:
        (state_dir / name).mkdir(parents=True)
    port = _free_port()
    conf = state_dir / "nginx.conf"
    conf.write_text(config_text(site_dir.resolve(), state_dir.resolve(), port, mount), encoding="utf-8")
    as_user: dict[str, str] = {}
    if os.geteuid() == 0:
        as_user = {"user": UNPRIVILEGED[0], "group": UNPRIVILEGED[1]}
        for path in [state_dir, *state_dir.iterdir()]:
            shutil.chown(path, *UNPRIVILEGED)
    log = state_dir / "error.log"
    cmd = [str(binary), "-p", str(state_dir), "-c", str(conf), "-e", str(log)]
    process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **as_user)
    try:
        _wait_until_listening(process, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()  # nginx's fast shutdown: the master stops its worker, then itself
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
