"""Where the lab keeps its caches and per-run state."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

APP = "openstack-notes-docs"


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/openstack-notes-docs`` (default ``~/.cache/openstack-notes-docs``), created."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / APP
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_subdir(*parts: str) -> Path:
    """A directory under :func:`cache_dir`, created."""
    path = cache_dir().joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def lock_slot(name: str, slots: int = 20) -> tuple[Path, IO[str]]:
    """The first of the cache directories ``name``, ``name.1``, ... that no other process holds, and its held lock.

    For caches one process at a time may write (apt-cacher-ng, registry storage); close the lock file to release.
    """
    for index in range(slots):
        path = cache_subdir(name + (f".{index}" if index else ""))
        lock = open(path.with_name(path.name + ".lock"), "w")  # noqa: SIM115 (held by the caller)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            continue
        return path, lock
    raise OSError(f"all {slots} {name} caches are in use by other test runs on this machine: stop some of them")
