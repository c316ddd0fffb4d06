"""The host's Docker Engine: reachable, started at most once, clear error when unreachable."""

from __future__ import annotations

import pytest

from docs_tooling.lab import engine
from docs_tooling.lab.errors import EngineUnavailable

pytestmark = pytest.mark.container


def test_engine_answers() -> None:
    client = engine.ensure_engine()
    assert client.ping() is True
    assert client.version()["ApiVersion"]


def test_a_running_engine_is_used_not_restarted() -> None:
    engine.ensure_engine()
    before = engine.started_engine_pid()
    engine.ensure_engine()
    assert engine.started_engine_pid() == before


def test_unreachable_docker_host_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(EngineUnavailable, match=r"DOCKER_HOST=unix:///nonexistent/docker\.sock"):
        engine.ensure_engine()
