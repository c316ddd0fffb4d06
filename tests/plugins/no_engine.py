"""A pytest plugin for tests/runner/test_lab_errors.py: no Docker Engine answers, and none can be started."""

from __future__ import annotations

from docs_tooling.lab import engine
from docs_tooling.lab.errors import EngineUnavailable

MESSAGE = "no Docker Engine answers at DOCKER_HOST=unix:///nonexistent.sock: start it, or unset DOCKER_HOST"


def _unavailable(*args: object, **kwargs: object) -> object:
    raise EngineUnavailable(MESSAGE)


def pytest_configure(config: object) -> None:
    """Only when loaded as a plugin (``-p``)."""
    engine.ensure_engine = _unavailable
