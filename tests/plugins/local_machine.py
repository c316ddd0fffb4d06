"""A pytest plugin for the runner's own tests (tests/runner/): each page's "machine" is a local bash.

Only for tiny sites those tests write themselves (``echo``, ``false``): the site's real pages never run
here, they run in containers. No Docker Engine is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docs_tooling.lab import engine
from docs_tooling.lab.engines import Engine
from docs_tooling.lab.errors import ServiceError
from docs_tooling.lab.nested_engine import StockState
from docs_tooling.runner import page_machine
from docs_tooling.runner.session import ShellSession

LOCAL_ENGINE = "{} (no engine: a local bash)"  # what an engine page's "Docker host" reports as its version


class LocalDockerHost:
    """An engine page's Docker host, as far as the runner asks: as a fresh install leaves it, and its version."""

    def __init__(self, engine: Engine) -> None:
        self.stock = StockState(boot_ip_forward="0", daemon_json=False, forward_policy="DROP", docker_user_rules=(),
                                server_version=LOCAL_ENGINE.format(engine.name))


class LocalMachine:
    description = "a local bash (the runner's own tests)"

    def __init__(self, page: str, snippets: list[Any], engine: Engine | None = None, value_set: str | None = None) -> None:
        self.page = page
        self.host = LocalDockerHost(engine) if engine is not None else None

    def systems(self) -> list[str]:
        """This host's system: the local bash runs here."""
        return [page_machine.system_name("this host", 0, Path(page_machine.OS_RELEASE).read_text(encoding="utf-8"))]

    def docker_host(self) -> LocalDockerHost | None:
        return self.host

    def stock(self) -> StockState | None:
        return self.host.stock if self.host is not None else None

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
