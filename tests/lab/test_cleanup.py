"""``labels.cleanup``: a run's objects and processes go; a live run's stay; a dead run's go at the next start."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import docker.errors
import pytest

from docs_tooling.lab import labels, procs

from .conftest import leftovers

if TYPE_CHECKING:
    from .conftest import Lab

pytestmark = pytest.mark.container


def _make_objects(lab: Lab, run_id: str) -> None:
    tags = labels.labels_for(run_id)
    lab.client.networks.create(f"onlab-cleanup-{run_id}", internal=True, labels=tags)
    lab.client.volumes.create(f"onlab-cleanup-{run_id}", labels=tags)
    lab.client.containers.run(lab.standin, ["sleep", "300"], name=f"onlab-cleanup-{run_id}", labels=tags,
                              network_mode="none", detach=True)
    image = lab.client.images.get(lab.standin)
    committed = lab.client.containers.get(f"onlab-cleanup-{run_id}").commit(f"onlab-cleanup-{run_id}", "t", conf={"Labels": tags})
    assert committed.id != image.id


def test_cleanup_of_a_run_removes_objects_and_processes(lab: Lab) -> None:
    run_id = labels.new_run_id()
    _make_objects(lab, run_id)
    proc = procs.spawn(run_id, "sleeper", ["sleep", "300"], procs.run_dir(run_id) / "sleeper.log")
    assert len(leftovers(lab.client, run_id)) == 4
    removed = labels.cleanup(lab.client, run_id)
    assert removed == {"containers": 1, "networks": 1, "volumes": 1, "images": 1, "processes": 1}
    assert leftovers(lab.client, run_id) == []
    assert proc.wait(timeout=5) is not None
    assert not (procs.runs_dir() / run_id).exists()


def test_cleanup_at_start_takes_dead_runs_only(lab: Lab) -> None:
    dead = "4194999-1-dead00"  # a pid above any pid_max: a run whose owner is gone
    assert not labels.run_is_alive(dead)
    try:
        _make_objects(lab, dead)
        labels.cleanup(lab.client)
        assert leftovers(lab.client, dead) == []
        assert lab.client.networks.get(lab.services.network_name)  # the live run's network stays
        assert lab.client.images.get(lab.standin)  # shared images stay while a run is going
    finally:
        with contextlib.suppress(docker.errors.DockerException):
            labels.cleanup(lab.client, dead)


def test_run_dir_is_removed_by_cleanup(lab: Lab, tmp_path: Path) -> None:
    run_id = labels.new_run_id()
    labels.register_run(run_id)
    assert run_id in labels.live_runs()
    labels.cleanup(lab.client, run_id)
    assert run_id not in labels.live_runs()
