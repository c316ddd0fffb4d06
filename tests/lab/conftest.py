"""The lab's services, started once per test run (session scope) under a run id of their own.

At the end the run is swept, and the teardown fails if any Docker object with the run's label is left.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docker
import pytest

from docs_tooling.lab import host_firewall, labels
from docs_tooling.lab.engine import ensure_engine
from docs_tooling.lab.engines import Engine
from docs_tooling.lab.images import ensure_image, reader_recipe, standin_recipe
from docs_tooling.lab.machine_image import machine_image, suite_machine_image
from docs_tooling.lab.services import LabServices

PAGE_IMAGE = "ubuntu:24.04"


@dataclass
class Lab:
    client: docker.DockerClient
    run_id: str
    standin: str
    reader: str
    services: LabServices

    def machine_image(self, engine: Engine) -> str:
        """The image of the reader's machine with ``engine`` (built or imported on first use)."""
        return ensure_image(self.client, machine_image(engine), self.run_id)

    def suite_machine_image(self, suite: str) -> str:
        """The image of a fresh install of ``suite`` without Docker (built or imported on first use)."""
        return ensure_image(self.client, suite_machine_image(suite), self.run_id)


def leftovers(client: docker.DockerClient, run_id: str) -> list[str]:
    """Every Docker object still labelled with ``run_id``."""
    found = {"label": f"{labels.RUN_LABEL}={run_id}"}
    return ([f"container {c.name}" for c in client.containers.list(all=True, filters=found)]
            + [f"network {n.name}" for n in client.networks.list(filters=found)]
            + [f"volume {v.name}" for v in client.volumes.list(filters=found)]
            + [f"image {i.tags or i.id}" for i in client.images.list(all=True, filters=found)])


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    client = ensure_engine()
    run_id = labels.new_run_id()
    standin = ensure_image(client, standin_recipe(), run_id)
    reader = ensure_image(client, reader_recipe(), run_id)
    with LabServices(client, {PAGE_IMAGE: standin}, run_id=run_id) as services:
        yield Lab(client, run_id, standin, reader, services)
    left = leftovers(client, run_id) + host_firewall.rules_of(run_id)
    assert not left, f"the lab's cleanup left: {left}"


def git_with(gitconfig: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``git ARGS`` in ``tmp_path`` with ``gitconfig`` as the only global config."""
    config = tmp_path / "gitconfig"
    config.write_text(gitconfig)
    env = {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "GIT_TERMINAL_PROMPT": "0",
           "PATH": "/usr/local/bin:/usr/bin:/bin"}
    return subprocess.run(["git", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
