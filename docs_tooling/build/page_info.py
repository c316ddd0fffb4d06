"""mkdocs hook: each page's "edit this page" and "report a problem" links, and its last-updated date.

No ``repo_url``: Material would call the code host's API from every page. Both links come from one setting,
``extra.repository`` (mkdocs.yml takes it from ``SITE_REPO``), the repository's web address ``https://HOST/OWNER/REPO``:
"edit" opens the page's file in its web editor (``REPO/edit/main/docs/zh/kvm.md``), "report" its new-issue form with
the title and body filled in, in the page's language (``REPO/issues/new?title=...&body=...``: the query parameters
GitHub documents, "Creating an issue from a URL query"). ``overrides/partials/source-file.html`` shows them with the
date. With no repository there are no links, never ones to a placeholder; a malformed one stops the build.

The date is the day of the last commit that touched the file (``git log -1 --format=%cs``); a
file that is not committed, or has changes not yet committed, shows its modification time.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from mkdocs.exceptions import PluginError

from docs_tooling.build import addresses

RETIRED = "SITE_EDIT_BASE"  # the former edit-link setting: say what replaced it rather than ignore it
# The new issue's title and body, in the page's language: {title} the page's, {address} where it is, {source} its file.
ISSUE = {
    "zh": ("页面问题：{title}", "页面：{address}\n源文件：{source}\n\n问题："),
    "en": ("Problem on page: {title}", "Page: {address}\nSource file: {source}\n\nWhat is wrong:"),
}


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


def edit_url(repository: str, source: str) -> str | None:
    """The web editor's address of ``source`` (``docs/zh/kvm.md``) in ``repository``, or None without one."""
    if not repository:
        return None
    return f"{repository.rstrip('/')}/edit/{addresses.EDIT_BRANCH}/{source}"


def report_url(repository: str, lang: str, title: str, address: str, source: str) -> str | None:
    """The repository's new-issue form, filled in with the page's title, address and file, or None without one."""
    if not repository:
        return None
    issue_title, body = ISSUE.get(lang, ISSUE["en"])
    fields = {"title": title, "address": address, "source": source}
    query = urlencode({"title": issue_title.format(**fields), "body": body.format(**fields)})
    return f"{repository.rstrip('/')}/issues/new?{query}"


def on_config(config: Any) -> Any:
    if os.environ.get(RETIRED):
        raise PluginError(f"{RETIRED}={os.environ[RETIRED]!r}: replaced by {addresses.REPO_ENV}, the repository's web "
                          "address (https://HOST/OWNER/REPO), which gives both the edit and the report links")
    repository = config["extra"].get("repository") or ""
    problem = addresses.repository_problem(repository) if repository else None
    if problem:
        raise PluginError(addresses.message(addresses.setting(addresses.REPO_ENV, "extra.repository"), repository, problem))
    return config


def on_pre_build(config: Any) -> None:
    # `./dev serve` rebuilds in one process: forget what git said about the previous build.
    _changed_files.cache_clear()
    _toplevel.cache_clear()


def on_env(env: Any, config: Any, files: Any) -> Any:
    # The sitemap's lastmod (overrides/sitemap.xml): the same date the page shows.
    env.filters["last_updated"] = lambda page: last_updated(Path(page.file.abs_src_path))
    return env


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    src = Path(page.file.abs_src_path)
    root = Path(config["config_file_path"]).parent
    source = src.resolve().relative_to(root.resolve()).as_posix()
    repository = config["extra"].get("repository") or ""
    address = page.canonical_url or "/" + page.url  # no public address set: the page's path below the site's root
    page.meta["last_updated"] = last_updated(src)
    page.meta["edit_page_url"] = edit_url(repository, source)
    page.meta["report_url"] = report_url(repository, config.theme["language"], page.title or "", address, source)
    return context
