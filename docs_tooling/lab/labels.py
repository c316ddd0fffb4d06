"""One label on every Docker object the lab creates, a run id label, and the cleanup that removes them."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from typing import Any

import docker
import docker.errors

from docs_tooling.lab import procs

LABEL = "org.openstack-notes-docs.test"
RUN_LABEL = "org.openstack-notes-docs.run"


def new_run_id() -> str:
    """A run id naming its owner process: ``<pid>-<start time>-<random>``, so a dead run can be told apart."""
    pid = os.getpid()
    return f"{pid}-{procs.start_time(pid)}-{secrets.token_hex(3)}"


_current: str | None = None


def current_run_id() -> str:
    """This process's run id, made on first use: the default for everything the lab creates."""
    global _current
    if _current is None:
        _current = new_run_id()
    return _current


def run_is_alive(run_id: str) -> bool:
    """True while the process that made ``run_id`` is still running."""
    try:
        pid, started, _ = run_id.split("-", 2)
        return procs.is_same_process(int(pid), started)
    except ValueError:
        return False


def labels_for(run_id: str | None) -> dict[str, str]:
    """The labels for an object created by run ``run_id``; None for objects shared by runs (base images)."""
    return {LABEL: "1", RUN_LABEL: run_id} if run_id else {LABEL: "1"}


def _filters(run_id: str | None) -> dict[str, list[str]]:
    return {"label": [f"{RUN_LABEL}={run_id}" if run_id else f"{LABEL}=1"]}


def _stale(labels: dict[str, str] | None, run_id: str | None) -> bool:
    """Whether an object is to be removed: of ``run_id``, or (run_id None) of a run whose owner is gone."""
    if run_id is not None:
        return True
    owner = (labels or {}).get(RUN_LABEL, "")
    return not run_is_alive(owner)


def cleanup(client: docker.DockerClient, run_id: str | None = None) -> dict[str, int]:
    """Remove the lab's containers (forced), networks, volumes and images; return counts by kind.

    With ``run_id``, that run's objects and recorded processes. Without, those of every run whose owner process is
    gone (what a killed earlier run left), never those of a run still going: safe to call at start. The images built
    from cached root filesystems are shared by runs: they go once no run is left going.
    """
    removed = {"containers": 0, "networks": 0, "volumes": 0, "images": 0, "processes": 0}
    # Other runs (parallel workers) remove their own objects meanwhile: list without inspecting each one again.
    for container in client.containers.list(all=True, filters=_filters(run_id), ignore_removed=True):
        if _stale(container.labels, run_id):
            _quietly(lambda c=container: c.remove(force=True, v=True))
            removed["containers"] += 1
    for network in client.networks.list(filters=_filters(run_id)):
        if _stale(network.attrs.get("Labels"), run_id):
            _quietly(network.remove)
            removed["networks"] += 1
    for volume in client.volumes.list(filters=_filters(run_id)):
        if _stale(volume.attrs.get("Labels"), run_id):
            _quietly(lambda v=volume: v.remove(force=True))
            removed["volumes"] += 1
    pending = [image["Id"] for image in _images(client, run_id, all=True)
               if RUN_LABEL in (image.get("Labels") or {}) and _stale(image.get("Labels"), run_id)]
    while pending:  # children first: an image with dependent children cannot be removed yet
        left = []
        for image_id in pending:
            try:
                _quietly(lambda i=image_id: client.images.remove(i, force=True))
                removed["images"] += 1
            except docker.errors.APIError:
                left.append(image_id)
        if len(left) == len(pending):
            _quietly(lambda i=left[0]: client.images.remove(i, force=True))  # raises the engine's reason, unless gone
            left = left[1:]
        pending = left
    for path in procs.runs_dir().iterdir():
        if path.name == run_id or (run_id is None and not run_is_alive(path.name)):
            removed["processes"] += procs.reap_run(path.name)
    if not live_runs():
        for image in _images(client, None):
            if RUN_LABEL not in (image.get("Labels") or {}):
                with contextlib.suppress(docker.errors.APIError):  # in use by a container of no lab run: leave it
                    client.images.remove(image["Id"], force=True)
                    removed["images"] += 1
    return removed


def register_run(run_id: str) -> None:
    """Note that run ``run_id`` is going (its state directory), so other runs' cleanup keeps the shared images."""
    procs.run_dir(run_id)


def live_runs() -> list[str]:
    """Registered runs whose owner process is still running."""
    return [path.name for path in procs.runs_dir().iterdir() if run_is_alive(path.name)]


def _images(client: docker.DockerClient, run_id: str | None, all: bool = False) -> list[dict[str, Any]]:
    """The lab's images as the engine lists them (``Id``, ``Labels``): ``client.images.list`` would inspect each one
    and fail on an image another run removed in between."""
    return client.api.images(all=all, filters=_filters(run_id))


def _quietly(action: Callable[[], object]) -> None:
    try:
        action()
    except docker.errors.NotFound:
        pass
    except docker.errors.APIError as exc:
        if exc.status_code != 404:
            raise

