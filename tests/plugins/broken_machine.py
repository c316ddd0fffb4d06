"""A pytest plugin for tests/runner/test_lab_errors.py: every page machine fails to start, as when a root cannot be built."""

from __future__ import annotations

from docs_tooling.lab import engine
from docs_tooling.lab.errors import ImageBuildError
from docs_tooling.runner import page_machine

MESSAGE = "debootstrap of 'reader' (Debian bookworm, mirror http://192.0.2.1/debian) failed: E: Couldn't find these debs: x"


def _cannot_build(*args: object, **kwargs: object) -> page_machine.PageMachine:
    raise ImageBuildError(MESSAGE)


def pytest_configure(config: object) -> None:
    """Only when loaded as a plugin (``-p``): importing this module for MESSAGE changes nothing."""
    page_machine.start_page_machine = _cannot_build
    engine.ensure_engine = lambda *args, **kwargs: None  # the run's engine check passes; no engine is touched
