"""The wait the machine's ``/etc/default/docker`` adds to Debian's init script (``lab_alive``, the ``--stop`` path),
run by a local bash: no Docker needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docs_tooling.lab.machine_image import DEFAULT_DOCKER_LAB

pytestmark = pytest.mark.container


def bash(script: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path or os.environ["PATH"]}
    return subprocess.run(["bash", "-c", f"set -e\n{DEFAULT_DOCKER_LAB}\n{script}"], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def test_a_running_process_is_alive() -> None:
    with subprocess.Popen(["sleep", "30"]) as child:
        try:
            assert bash(f"lab_alive {child.pid}").returncode == 0
        finally:
            child.kill()


def test_a_zombie_and_a_reaped_process_are_not_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    while Path(f"/proc/{child.pid}/stat").read_text().split()[2] != "Z":
        pass
    assert bash(f"lab_alive {child.pid}").returncode == 1, "a zombie is alive"
    child.wait()
    assert bash(f"lab_alive {child.pid}").returncode == 1, "a reaped process is alive"


def test_a_process_reaped_while_it_is_checked_is_not_alive(tmp_path: Path) -> None:
    """The race that failed ``sudo service docker restart`` once in CI: the process still answered ``kill -0``, then
    the machine's init reaped it before its state was read. A ``cut`` that finds no ``/proc`` entry stands for it."""
    (tmp_path / "cut").write_text("#!/bin/sh\necho \"cut: /proc/x/stat: No such file or directory\" >&2\nexit 1\n")
    (tmp_path / "cut").chmod(0o755)
    with subprocess.Popen(["sleep", "30"]) as child:
        try:
            result = bash(f"lab_alive {child.pid}", path=f"{tmp_path}:{os.environ['PATH']}")
        finally:
            child.kill()
    assert result.returncode == 1


def test_stop_waits_for_the_process_and_removes_its_pidfile(tmp_path: Path) -> None:
    pidfile = tmp_path / "docker-ssd.pid"
    with subprocess.Popen(["bash", "-c", "trap 'sleep 0.5; exit 0' TERM; while :; do sleep 0.1; done"]) as child:
        pidfile.write_text(f"{child.pid}\n")
        # The init script's own call; a stand-in for the machine's init reaps the child meanwhile.
        stop = subprocess.Popen(["bash", "-c", f"set -e\n{DEFAULT_DOCKER_LAB}\nstart-stop-daemon --stop --pidfile {pidfile} "
                                 "--remove-pidfile --retry 10; echo stopped"], stdout=subprocess.PIPE, text=True)
        child.wait(timeout=30)
        out, _ = stop.communicate(timeout=30)
    assert (stop.returncode, out.strip()) == (0, "stopped")
    assert not pidfile.exists()
