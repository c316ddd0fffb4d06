"""The wait the machine's ``/etc/default/docker`` adds to Debian's init script (``lab_alive``, the ``--stop`` path),
run by the local bash and sh (dash), the shells of the engines' init scripts: no Docker needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docs_tooling.lab.machine_image import DEFAULT_DOCKER_LAB

pytestmark = pytest.mark.container


SHELLS = ("bash", "sh")  # forky's init script is bash; Debian 12's and 13's are sh (dash here, as there)


def bash(script: str, path: str | None = None, shell: str = "bash") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path or os.environ["PATH"]}
    return subprocess.run([shell, "-c", f"set -e\n{DEFAULT_DOCKER_LAB}\n{script}"], capture_output=True, text=True,
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


@pytest.mark.parametrize("shell", SHELLS)
def test_stop_waits_longer_than_the_init_script_would(tmp_path: Path, shell: str) -> None:
    """The init script's own call (``--retry 10``: SIGKILL after 10 s) waits, in either shell, for a process that
    takes 11 s to stop, and removes its pidfile."""
    pidfile = tmp_path / "docker-ssd.pid"
    with subprocess.Popen(["bash", "-c", "trap 'sleep 11; exit 0' TERM; while :; do sleep 0.1; done"]) as child:
        pidfile.write_text(f"{child.pid}\n")
        stop = subprocess.Popen([shell, "-c", f"set -e\n{DEFAULT_DOCKER_LAB}\nstart-stop-daemon --stop --pidfile {pidfile} "
                                 "--remove-pidfile --retry 10; echo stopped"], stdout=subprocess.PIPE, text=True)
        assert child.wait(timeout=60) == 0, "the process was killed instead of waited for"  # the test reaps it
        out, _ = stop.communicate(timeout=30)
    assert (stop.returncode, out.strip()) == (0, "stopped")
    assert not pidfile.exists()
