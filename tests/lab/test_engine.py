"""The host's Docker Engine: reachable, started at most once, clear error when unreachable."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs_tooling.lab import engine, procs
from docs_tooling.lab.errors import EngineUnavailable

pytestmark = pytest.mark.container
PIDFILE = "/var/run/docker.pid"


def test_engine_answers() -> None:
    client = engine.ensure_engine()
    assert client.ping() is True
    assert client.version()["ApiVersion"]


def answering_dockerd() -> tuple[int, str]:
    """PID and start time of the dockerd that serves the socket (its pid file: /var/run/docker.pid by default)."""
    pid = int(Path(PIDFILE).read_text().split()[0])
    return pid, procs.start_time(pid) or ""


def test_a_running_engine_is_used_not_restarted() -> None:
    engine.ensure_engine()
    before = answering_dockerd()
    assert before[1], f"dockerd {before[0]} of {PIDFILE} is not running"
    engine.ensure_engine()
    assert answering_dockerd() == before, "ensure_engine started another dockerd while one answered"


def test_unreachable_docker_host_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(EngineUnavailable, match=r"DOCKER_HOST=unix:///nonexistent/docker\.sock"):
        engine.ensure_engine()
