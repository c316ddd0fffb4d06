"""The final sandbox check's measures see what a snippet could leave on the host, and not the test run's own work."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .host_state import MEMORY_SLACK_KIB, PROCESS_SLACK, HostState

pytestmark = pytest.mark.sandbox


def detached_sleeps(count: int, tag: str) -> list[int]:
    """``count`` processes that left this run: their parent exits, so init adopts them (as an escaped process)."""
    for _ in range(count):
        subprocess.run(["setsid", "-f", "sleep", f"600.{tag}"], check=True)
    time.sleep(0.2)
    return [int(pid) for pid in subprocess.run(["pgrep", "-f", f"^sleep 600.{tag}$"], capture_output=True,
                                               text=True).stdout.split()]


def test_processes_left_on_the_host_are_found_and_the_runs_own_are_not() -> None:
    before = HostState.now([])
    children = [subprocess.Popen(["sleep", "600"]) for _ in range(PROCESS_SLACK + 5)]  # the run's own: not counted
    left = detached_sleeps(PROCESS_SLACK + 1, str(os.getpid()))
    try:
        assert len(left) == PROCESS_SLACK + 1, left
        changes = before.changes(HostState.now([]))
        assert len(changes) == 1 and "processes of the host's own" in changes[0], changes
    finally:
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for child in children:
            child.kill()
            child.wait()
    assert before.changes(HostState.now([])) == []


def test_memory_left_taken_on_the_host_is_found(tmp_path: Path) -> None:
    before = HostState.now([])
    held = Path("/dev/shm") / f"onlab-sandbox-{os.getpid()}"  # tmpfs: memory that stays taken after its writer ends
    try:
        with open(held, "wb") as out:
            for _ in range(MEMORY_SLACK_KIB // 1024 + 128):
                out.write(b"\1" * (1024 * 1024))
        changes = before.changes(HostState.now([]))
        assert len(changes) == 1 and "of shared and kernel memory taken outside containers" in changes[0], changes
    finally:
        held.unlink(missing_ok=True)
