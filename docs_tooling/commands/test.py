"""``./dev test``: everything CI runs, in order, stopping at the first failing stage."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from docs_tooling import project
from docs_tooling.chores import translation_status, wheelhouse

HELP = "run the whole test suite as CI does (extra arguments go to pytest)"
ACCEPTS_EXTRA = True
MAX_WORKERS = 4  # each worker may hold a page's machines (nested engines included) at a time


def workers() -> int:
    """Test files run in parallel, one pytest-xdist worker per core up to :data:`MAX_WORKERS`."""
    return min(len(os.sched_getaffinity(0)), MAX_WORKERS)


def parallel_options(extra: list[str]) -> list[str]:
    """``-n N --dist loadfile`` (a page, the topology, the sandbox is each one file, so one worker), unless the
    caller chose (``-n 0`` runs in this process, as ``./dev test-page`` does)."""
    chosen = any(arg in ("-n", "--numprocesses", "--dist") or arg.startswith(("-n", "--numprocesses=", "--dist="))
                 for arg in extra)
    return [] if chosen or workers() < 2 else ["-n", str(workers()), "--dist", "loadfile"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-m", dest="markers", help="only tests with these pytest markers, e.g. 'site'")


def run(args: argparse.Namespace) -> int:
    ruff = subprocess.call([sys.executable, "-m", "ruff", "check", "."])
    if ruff:
        print("ruff found problems: `.venv/bin/ruff check --fix .` mends the fixable ones", file=sys.stderr)
        return ruff
    print(translation_status.report(project.site_root())[0])  # information only: a stale translation fails no test
    # For the tests that set up a fresh .venv offline (tests/setup/test_setup.py): the wheels of this checkout.
    for problem in wheelhouse.ensure_all(project.ROOT):
        print(f"dev test: {problem}; tests/setup/test_setup.py will fail", file=sys.stderr)
    pytest = [sys.executable, "-m", "pytest"]
    if args.markers:
        pytest += ["-m", args.markers]
    return subprocess.call(pytest + parallel_options(args.extra) + args.extra)
