"""Processes the lab starts: each recorded by PID and start time, stopped only by that PID."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from docs_tooling.lab.paths import cache_subdir


def start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (field 22 of ``/proc/PID/stat``), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def is_same_process(pid: int, started: str) -> bool:
    """True while ``pid`` is still the process that started at ``started`` (guards against PID reuse)."""
    return start_time(pid) == started


def stop_pid(pid: int, started: str | None = None, timeout: float = 20.0) -> None:
    """SIGTERM ``pid`` (only if it is still the same process), wait, then SIGKILL."""
    if started is not None and not is_same_process(pid, started):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                return
        except ChildProcessError:
            if start_time(pid) is None:
                return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def runs_dir() -> Path:
    """Per-run state: ``<cache>/runs/<run_id>/`` holds each run's pid records, configs and logs."""
    return cache_subdir("runs")


def run_dir(run_id: str) -> Path:
    """This run's state directory, created."""
    path = runs_dir() / run_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def spawn(run_id: str, name: str, cmd: Sequence[str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``cmd`` in its own session with output to ``log``; record its PID under the run's directory."""
    with open(log, "ab") as out:
        proc = subprocess.Popen(list(cmd), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    pids = run_dir(run_id) / "pids"
    pids.mkdir(exist_ok=True)
    (pids / f"{name}.pid").write_text(f"{proc.pid} {start_time(proc.pid)}\n")
    return proc


def stop_spawned(run_id: str, name: str, proc: subprocess.Popen[bytes]) -> None:
    """Stop a process started by :func:`spawn` and forget its record."""
    stop_pid(proc.pid)
    (runs_dir() / run_id / "pids" / f"{name}.pid").unlink(missing_ok=True)


def release(run_id: str, name: str, proc: subprocess.Popen[bytes] | None, lock: IO[str] | None) -> None:
    """Stop a service process started by :func:`spawn` (if any), then free the cache slot lock it held (if any)."""
    if proc is not None:
        stop_spawned(run_id, name, proc)
    if lock is not None:
        lock.close()


def reap_run(run_id: str) -> int:
    """Stop every recorded process of ``run_id`` still alive and delete its state; return how many were stopped."""
    path = runs_dir() / run_id
    stopped = 0
    for record in sorted((path / "pids").glob("*.pid")):
        try:
            pid_text, started = record.read_text().split()
            pid = int(pid_text)
        except ValueError:
            continue
        if is_same_process(pid, started):
            stop_pid(pid, started)
            stopped += 1
    shutil.rmtree(path, ignore_errors=True)
    return stopped
