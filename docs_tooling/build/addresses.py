"""The two addresses a publisher sets, their settings and their rules.

``SITE_URL`` becomes mkdocs' ``site_url`` (set by :mod:`docs_tooling.build.site_address`): the site's public address. ``SITE_REPO``
is ``extra.repository``: the repository's web address, from which every page's "edit this page" and "report a
problem" links are made (see :mod:`docs_tooling.build.page_info`). Neither has a default: the project has no
public home yet. A value that breaks a rule stops the build with one line, e.g.
``SITE_URL='example.org/x': must start with https:// or http://``.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

SITE_URL_ENV = "SITE_URL"
REPO_ENV = "SITE_REPO"
# The branch "edit this page" opens a page's file on: the project's one branch.
EDIT_BRANCH = "main"
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def setting(env: str, config_key: str) -> str:
    """How a message names a setting: the environment variable when it is set, else the mkdocs.yml key."""
    return env if env in os.environ else config_key


def _web_address(value: str) -> tuple[str | None, list[str]]:
    """(what is wrong or None, the path's parts) for an http(s) address with a host and nothing after its path."""
    if any(c.isspace() for c in value):
        return "must not contain spaces", []
    if not value.startswith(("https://", "http://")):
        return "must start with https:// or http://", []
    try:
        parts = urlsplit(value)
        _ = parts.port  # a port that is not a number raises here
    except ValueError as exc:
        return f"not a valid address ({exc})", []
    if not parts.hostname:
        return "must name a host after the scheme (https://HOST/...)", []
    if parts.username or parts.password:
        return "must not hold a user name or password", []
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        return "must not have a query (?) or fragment (#)", []
    return None, [p for p in parts.path.split("/") if p]


def site_url_problem(value: str) -> str | None:
    """What is wrong with a public address (``https://HOST/`` or ``https://HOST/PATH/``), or None."""
    return _web_address(value)[0]


def repository_problem(value: str) -> str | None:
    """What is wrong with a repository's web address (``https://HOST/OWNER/REPO``), or None."""
    problem, path = _web_address(value)
    if problem:
        return problem
    if len(path) != 2 or not all(_PART.fullmatch(p) for p in path) or path[1].endswith(".git"):
        return "must be the repository's web address, https://HOST/OWNER/REPO (no .git, nothing after REPO)"
    return None


def message(name: str, value: str, problem: str) -> str:
    """The one line a bad value stops the build with."""
    return f"{name}={value!r}: {problem}"
