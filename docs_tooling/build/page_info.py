"""mkdocs hook: each page's "edit this page" link and its last-updated date.

No ``repo_url``: Material would call the code host's API from every page. The link is
``extra.edit_base`` (mkdocs.yml takes it from ``SITE_EDIT_BASE``) followed by the page's path in the repository,
and ``overrides/partials/source-file.html`` shows it with the date, labelled in the page's language; with no
base there is no link, never one to a placeholder.

The date is the day of the last commit that touched the file (``git log -1 --format=%cs``); a
file that is not committed, or has changes not yet committed, shows its modification time.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import cache
from pathlib import Path
from typing import Any


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


@cache
def _changed_files(root: Path) -> frozenset[str]:
    """Paths (relative to the repository root) that differ from HEAD or are untracked."""
    out = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
    if out is None:
        return frozenset()
    return frozenset(entry[3:] for entry in out.split("\0") if len(entry) > 3)


@cache
def _toplevel(start: Path) -> Path | None:
    out = _git(start, "rev-parse", "--show-toplevel")
    return Path(out.strip()) if out else None


def last_updated(path: Path) -> str:
    """``YYYY-MM-DD``: the file's last commit, or its modification time when it has uncommitted changes."""
    path = path.resolve()
    top = _toplevel(path.parent)
    if top is not None:
        rel = path.relative_to(top).as_posix()
        if rel not in _changed_files(top):
            out = _git(top, "log", "-1", "--format=%cs", "--", rel)
            if out and out.strip():
                return out.strip()
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()


def edit_url(base: str, path: Path, project_root: Path) -> str | None:
    """``base`` followed by the page's path from the project root, or None when no base is set."""
    if not base:
        return None
    return base.rstrip("/") + "/" + path.resolve().relative_to(project_root.resolve()).as_posix()


def on_pre_build(config: Any) -> None:
    # `./dev serve` rebuilds in one process: forget what git said about the previous build.
    _changed_files.cache_clear()
    _toplevel.cache_clear()


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    src = Path(page.file.abs_src_path)
    root = Path(config["config_file_path"]).parent
    page.meta["last_updated"] = last_updated(src)
    page.meta["edit_page_url"] = edit_url(config["extra"].get("edit_base", ""), src, root)
    return context
