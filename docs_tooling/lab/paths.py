"""Where the lab keeps its caches and per-run state."""

from __future__ import annotations

import os
from pathlib import Path

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
