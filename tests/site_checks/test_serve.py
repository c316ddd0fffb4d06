"""``./dev serve``: stops with nothing left behind; a port in use gets one line naming another."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from docs_tooling.project import ROOT

pytestmark = pytest.mark.site


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


def wait_for_page(url: str, server: subprocess.Popen[str], wanted: Callable[[str], bool], seconds: float = 120) -> str:
    """The page's text once ``wanted(text)`` holds; fails if the server exits or time runs out."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server exited ({server.returncode})"
        try:
            with urllib.request.urlopen(url, timeout=10) as page:
                text = page.read().decode("utf-8")
            if wanted(text):
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never became what was expected; last text:\n{text[:2000]}")


def test_a_build_error_shows_in_the_browser_until_it_is_fixed(project_copy: Path) -> None:
    port = free_port()
    page = project_copy / "docs" / "zh" / "kvm.md"
    good = page.read_text(encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project_copy, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    failed = "The site did not build"
    try:
        url = f"http://127.0.0.1:{port}/kvm/"
        wait_for_page(url, server, lambda text: "KVM" in text and failed not in text)
        page.write_text(good + "\n{{ host_ip | nosuchfilter }}\n", encoding="utf-8")
        shown = wait_for_page(url, server, lambda text: failed in text)
        assert "docs/zh/kvm.md:" in shown and "nosuchfilter" in shown, shown
        assert "livereload(" in shown, "the error page has no live-reload script: it would not reload once fixed"
        english = wait_for_page(f"http://127.0.0.1:{port}/en/", server, lambda text: True)
        assert failed in english, "the other pages still show the last good build"
        page.write_text(good, encoding="utf-8")
        wait_for_page(url, server, lambda text: failed not in text and "KVM" in text)
    finally:
        server.terminate()
        server.wait(timeout=30)
