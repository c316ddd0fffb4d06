"""``./dev serve``: stops with nothing left behind; a port in use gets one line naming another."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.site
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int) -> subprocess.Popen[str]:
    return subprocess.Popen([str(ROOT / "dev"), "serve", "--addr", f"127.0.0.1:{port}"], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_stopping_serve_by_its_pid_frees_the_port() -> None:
    port = free_port()
    server = serve(port)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.5)
        os.kill(server.pid, signal.SIGTERM)  # what a user or a tool does with the PID it started
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # raises if a child still holds it


def test_port_in_use_gets_one_line_naming_another() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = serve(port)
        out, _ = server.communicate(timeout=120)
    assert server.returncode == 1
    assert out.strip().splitlines()[-1] == (f"serve: 127.0.0.1:{port} is in use (another ./dev serve?); choose another "
                                             f"address: ./dev serve --addr 127.0.0.1:{port + 1}"), out
    assert "Traceback" not in out
