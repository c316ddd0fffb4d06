"""``./dev test-page PAGE``: the tests of one page, both languages.

Its snippets (in containers), its site checks (build warnings and broken links naming the page,
Chinese typography, shellcheck of its snippets) and its browser tests, selected by
:mod:`docs_tooling.runner.page_select`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from docs_tooling import project
from docs_tooling.chores import translation_status

HELP = "run the tests of one page in both languages: snippets, site checks, browser (extra arguments go to pytest)"
ACCEPTS_EXTRA = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", help="the page, as its file name without .md: kvm, openstack-lab (docs/zh/kvm.md also works)")
    parser.add_argument("-m", dest="markers", help="only tests with these markers, e.g. 'site' (no Docker, no browser)")


def pytest_command(root: Path, page: str, markers: str | None, extra: list[str]) -> list[str]:
    command = [sys.executable, "-m", "pytest", "-p", "docs_tooling.runner.page_select", "--page", page]
    if markers:
        command += ["-m", markers]
    command += [p for p in (f"docs/zh/{page}.md", f"docs/en/{page}.md", "tests") if (root / p).exists()]
    return command + extra


def run(args: argparse.Namespace) -> int:
    root = project.site_root()
    page = translation_status.normalise_page(args.page)
    known = project.pages(root)
    if page not in known:
        print(f"test-page: no page '{page}' in docs/zh/ or docs/en/; pages: {', '.join(known)}", file=sys.stderr)
        return 2
    status = translation_status.page_status(root, page)
    if status.state != "ok":
        print(f"note: {status.message()}")
    print(f"test-page: {page}'s snippets and page checks in both languages, and the site checks that cover every page "
          "(marker every_page), as CI runs them")
    code = subprocess.call(pytest_command(root, page, args.markers, args.extra))
    if code == 5:
        print(f"test-page: no test selected for '{page}'", file=sys.stderr)
    return code
