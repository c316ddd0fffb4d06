"""A pytest plugin for the runner's own tests (tests/runner/): each page's "machine" is a local bash.

Only for tiny sites those tests write themselves (``echo``, ``false``): the site's real pages never run
here, they run in containers. No Docker Engine is asked for.
"""

from __future__ import annotations

from typing import Any

from docs_tooling.lab import engine
from docs_tooling.lab.errors import ServiceError
from docs_tooling.runner import page_machine
from docs_tooling.runner.session import ShellSession


class LocalMachine:
    description = "a local bash (the runner's own tests)"

    def __init__(self, page: str, snippets: list[Any], engine: object = None, value_set: str | None = None) -> None:
        self.page = page

    def docker_host(self) -> None:
        return None

    def stock(self) -> None:
        return None

    def shell(self) -> ShellSession:
        return ShellSession(["bash", "--norc", "--noprofile"])

    def client_shell(self) -> ShellSession:
        raise ServiceError(f"page {self.page}: no LAN in the runner's own tests")

    def stop(self) -> None:
        pass


def pytest_configure(config: object) -> None:
    """Only when loaded as a plugin (``-p``), in a pytester subprocess."""
    page_machine.start_page_machine = LocalMachine
    engine.ensure_engine = lambda *args, **kwargs: None  # the run's engine check passes; no engine is touched
