"""The host's Docker Engine: install it if missing, start ``dockerd`` if nothing answers, stop only what we started,
and take back what that dockerd left on the host (docs_tooling/lab/engine_traces.py)."""

from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import subprocess
import time
from pathlib import Path

import docker
import docker.errors

from docs_tooling.lab import engine_traces, procs
from docs_tooling.lab.errors import EngineUnavailable
from docs_tooling.lab.host import Log, ensure_commands, require_root, tail
from docs_tooling.lab.paths import cache_subdir

SOCKET = "/var/run/docker.sock"
START_TIMEOUT = 60.0

_started: tuple[int, str] | None = None  # (pid, start time) of the dockerd this process started


def answering_client() -> docker.DockerClient | None:
    """A client whose engine answers ping, or None."""
    try:
        client = docker.DockerClient(base_url=os.environ.get("DOCKER_HOST") or f"unix://{SOCKET}", timeout=300)
        client.ping()
        return client
    except (docker.errors.DockerException, OSError):
        return None


def engine_log() -> Path:
    """Where a dockerd started by the lab writes its log."""
    return cache_subdir("engine") / "dockerd.log"


def ensure_engine(log: Log = print, stop_at_exit: bool = True) -> docker.DockerClient:
    """A client for a Docker Engine that answers: install docker.io and start dockerd when needed.

    A running engine is used as it is. Otherwise (root only) ``apt-get install docker.io iptables`` if
    dockerd is missing, then ``dockerd`` in the background, logging to :func:`engine_log`; its PID is
    remembered so :func:`stop_started_engine` stops that process and no other. With ``stop_at_exit`` that happens
    when this process exits, unless containers (of other processes) still run on it.
    """
    global _started
    client = answering_client()
    if client is not None:
        return client
    if os.environ.get("DOCKER_HOST"):
        raise EngineUnavailable(f"no Docker Engine answers at DOCKER_HOST={os.environ['DOCKER_HOST']}: start it, or unset "
                                "DOCKER_HOST to let the lab start a local dockerd")
    require_root("starting a Docker Engine", EngineUnavailable)
    ensure_commands({"dockerd": "docker.io", "iptables": "iptables"}, log, EngineUnavailable)
    with open(cache_subdir("engine") / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test workers: one starts dockerd, the others wait for it
        client = answering_client()
        if client is not None:
            return client
        log_path = engine_log()
        log_path.write_text("")
        log(f"lab: starting dockerd (log: {log_path})")
        engine_traces.record(log)
        with open(log_path, "ab") as out:
            proc = subprocess.Popen([shutil.which("dockerd") or "dockerd"], stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        _started = (proc.pid, procs.start_time(proc.pid) or "")
        if stop_at_exit:
            atexit.register(_stop_if_idle, log)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                _started = None
                engine_traces.remove(log)
                raise EngineUnavailable(f"dockerd exited with status {proc.returncode} before answering; last lines of "
                                        f"{log_path}:\n{tail(log_path.read_text())}\nFix the cause, or start an engine by "
                                        "hand (`dockerd &` as root) and run again")
            client = answering_client()
            if client is not None:
                log(f"lab: dockerd answers (pid {proc.pid}, {START_TIMEOUT - (deadline - time.monotonic()):.1f} s)")
                return client
            time.sleep(0.25)
    stop_started_engine()
    raise EngineUnavailable(f"dockerd did not answer on {SOCKET} within {START_TIMEOUT:.0f} s; last lines of {log_path}:\n"
                            f"{tail(log_path.read_text())}")


def _stop_if_idle(log: Log) -> None:
    client = answering_client()
    running = client.containers.list() if client is not None else []
    if running and _started:
        log(f"lab: leaving dockerd (pid {_started[0]}) running: {len(running)} container(s) still use it")
        return
    stop_started_engine()


def hand_over_started_engine() -> tuple[int, str] | None:
    """The (PID, start time) of the dockerd this process started, which it no longer stops: the caller does."""
    global _started
    started, _started = _started, None
    return started


def take_over_started_engine(pid: int, start_time: str, log: Log = print) -> None:
    """Stop, when this process exits, the dockerd another process started and handed over (a pytest-xdist worker
    to the controller, which outlives every worker), unless containers still run on it."""
    global _started
    if _started is None:
        _started = (pid, start_time)
        atexit.register(_stop_if_idle, log)


def stop_started_engine(timeout: float = 30.0) -> bool:
    """Stop the dockerd this process started (by its PID), if any; an engine we did not start is left alone."""
    global _started
    if _started is None:
        return False
    pid, started = _started
    _started = None
    procs.stop_pid(pid, started, timeout)
    engine_traces.remove(print)
    return True
