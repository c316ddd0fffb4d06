"""A devstack look-alike repository, built at test time and served over dumb HTTP, with git's ``insteadOf`` redirects.

Refs follow the fact sheet (shared/reference/facts.md §4): branches master, stable/2025.1, stable/2025.2,
stable/2026.1, unmaintained/2023.1, unmaintained/2024.1, unmaintained/yoga, unmaintained/zed; tags ``*-eol``
(rocky-eol and liberty-eol among them); no stable/rocky. The files are short stand-ins, not devstack's code.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

from docs_tooling.lab.errors import ServiceError
from docs_tooling.lab.host import Log, ensure_commands, run
from docs_tooling.lab.network import free_port

# (series, branch kept upstream or None, branch-point date, EOL tag date or None), oldest first. Only rocky-eol's
# and liberty-eol's dates are from the fact sheet; the other dates are placeholders.
SERIES = (
    ("liberty", None, "2015-09-24", "2017-07-17"), ("mitaka", None, "2016-03-17", "2017-10-10"),
    ("newton", None, "2016-09-22", "2017-10-25"), ("ocata", None, "2017-02-10", "2020-11-10"),
    ("pike", None, "2017-08-30", "2021-01-26"), ("queens", None, "2018-02-22", "2021-08-24"),
    ("rocky", None, "2018-08-23", "2023-08-16"),
    ("yoga", "unmaintained/yoga", "2022-03-10", None), ("zed", "unmaintained/zed", "2022-09-15", None),
    ("2023.1", "unmaintained/2023.1", "2023-03-02", None), ("2024.1", "unmaintained/2024.1", "2024-03-14", None),
    ("2025.1", "stable/2025.1", "2025-03-13", None), ("2025.2", "stable/2025.2", "2025-09-18", None),
    ("2026.1", "stable/2026.1", "2026-03-19", None),
)
BRANCHES = ("master", *(branch for _, branch, _, _ in SERIES if branch))
TAGS = tuple(f"{name}-eol" for name, _, _, eol in SERIES if eol)
EOL_SERIES = {name for name, _, _, eol in SERIES if eol}
UPSTREAM_URLS = ("https://opendev.org/openstack/devstack", "https://github.com/openstack/devstack",
                 "https://github.com/openstack-dev/devstack")
SUPPORTED = {"rocky": "xenial|artful|bionic|stretch|jessie|f27|f28|..."}  # fact sheet §4; other series: not stated

STACK_SH = """#!/usr/bin/env bash
# stack.sh -- a stand-in made by the docs' test lab, not devstack's real script.
# Release series: {series}.{distros}
echo "devstack test fixture ({series}): the real stack.sh installs OpenStack; this stand-in does nothing." >&2
exit 1
"""
STACKRC = """# stackrc -- a stand-in made by the docs' test lab.
GIT_BASE=${{GIT_BASE:-{git_base}}}
TARGET_BRANCH=${{TARGET_BRANCH:-{branch}}}
"""


def _git(repo: Path, *args: str, date: str = "2026-01-15") -> str:
    stamp = f"{date}T12:00:00+00:00"
    env = {"GIT_AUTHOR_NAME": "OpenStack Release Bot", "GIT_AUTHOR_EMAIL": "infra-root@openstack.org",
           "GIT_COMMITTER_NAME": "OpenStack Release Bot", "GIT_COMMITTER_EMAIL": "infra-root@openstack.org",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    return run(["git", "-C", str(repo), *args], f"building the git fixture (git {args[0]})", ServiceError, env=env).stdout


def _commit(repo: Path, series: str, branch: str, message: str, date: str) -> None:
    git_base = "https://git.openstack.org" if series in EOL_SERIES else "https://opendev.org"
    distros = f" Supported distributions: {SUPPORTED[series]}" if series in SUPPORTED else ""
    (repo / "stack.sh").write_text(STACK_SH.format(series=series, distros=distros))
    (repo / "stack.sh").chmod(0o755)
    (repo / "stackrc").write_text(STACKRC.format(git_base=git_base, branch=branch))
    (repo / "README.rst").write_text(f"DevStack (test fixture)\n=======================\n\nSeries: {series}\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--allow-empty", "-m", message, date=date)


def build_repository(dest: Path) -> Path:
    """Create the bare repository ``dest`` (e.g. ``.../devstack.git``) with devstack's refs; return it."""
    work = dest.parent / (dest.name + ".work")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _git(work, "init", "-q", "-b", "master")
    _commit(work, "liberty", "master", "Initial commit of the devstack test fixture", "2015-01-01")
    for name, kept, branched, eol in SERIES:
        branch = f"stable/{name}"
        _git(work, "checkout", "-q", "-b", branch, "master")
        _commit(work, name, branch, f"Update .gitreview for {branch}", branched)
        if eol:
            _git(work, "tag", "-a", f"{name}-eol", "-m", f"devstack {name}-eol release", date=eol)
            _git(work, "checkout", "-q", "master")
            _git(work, "branch", "-q", "-D", branch)
        else:
            _git(work, "checkout", "-q", "master")
            if kept != branch:
                _git(work, "branch", "-q", "-m", branch, kept)
        _commit(work, "master", "master", f"Open master after the {name} branch point", branched)
    shutil.rmtree(dest, ignore_errors=True)
    _git(work.parent, "clone", "-q", "--bare", str(work), str(dest))
    _git(dest, "remote", "remove", "origin")
    _git(dest, "update-server-info")
    shutil.rmtree(work)
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class GitFixture:
    """The devstack repository served read-only over HTTP on ``host`` (the lab network's gateway)."""

    def __init__(self, root: Path, host: str, preferred_port: int = 8418) -> None:
        self.root, self.host, self.preferred_port = root, host, preferred_port
        self.port = 0
        self._server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """``http://HOST:PORT/devstack.git``."""
        return f"http://{self.host}:{self.port}/devstack.git"

    def gitconfig(self) -> str:
        """``url.<local>.insteadOf`` lines sending devstack's upstream URLs (with and without ``.git``) here."""
        lines = [f'[url "{self.url}"]']
        for upstream in UPSTREAM_URLS:
            lines += [f"\tinsteadOf = {upstream}", f"\tinsteadOf = {upstream}.git"]
        return "\n".join(lines) + "\n"

    def start(self, log: Log = print) -> None:
        """Build the repository under ``root`` and serve it on a thread."""
        ensure_commands({"git": "git"}, log, ServiceError)
        repo = build_repository(self.root / "devstack.git")
        for upstream in UPSTREAM_URLS:  # served at the upstream's own path too, for a mirror name standing for its host
            path = urlsplit(upstream).path.strip("/")
            for alias in (self.root / path, self.root / f"{path}.git"):
                alias.parent.mkdir(parents=True, exist_ok=True)
                if not alias.exists():
                    alias.symlink_to(repo)
        self.port = free_port([self.host], self.preferred_port)
        handler = functools.partial(_QuietHandler, directory=str(self.root))
        try:
            self._server = http.server.ThreadingHTTPServer((self.host, self.port), handler)
        except OSError as exc:
            raise ServiceError(f"git fixture: cannot listen on {self.host}:{self.port}: {exc}") from exc
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="git-fixture", daemon=True).start()
        log(f"lab: git fixture {self.url} (stands in for {', '.join(UPSTREAM_URLS)})")

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
