"""``./dev test``: everything CI runs, in order, stopping at the first failing stage."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from docs_tooling import translation_status

HELP = "run the whole test suite as CI does (extra arguments go to pytest)"
ACCEPTS_EXTRA = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-m", dest="markers", help="only tests with these pytest markers, e.g. 'site'")


def run(args: argparse.Namespace) -> int:
    ruff = subprocess.call([sys.executable, "-m", "ruff", "check", "."])
    if ruff:
        print("ruff found problems: `.venv/bin/ruff check --fix .` mends the fixable ones", file=sys.stderr)
        return ruff
    print(translation_status.report(Path.cwd())[0])  # information only: a stale translation fails no test
    pytest = [sys.executable, "-m", "pytest"]
    if args.markers:
        pytest += ["-m", args.markers]
    return subprocess.call(pytest + args.extra)
