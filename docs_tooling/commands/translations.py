"""``./dev translations``: missing and stale translations; ``--stamp PAGE`` after updating one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docs_tooling import project
from docs_tooling.chores import translation_status

HELP = "report pages without a translation and translations older than their source (--stamp PAGE: mark one up to date)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stamp", metavar="PAGE", action="append", default=[],
                        help="record the current version of docs/zh/PAGE.md in docs/en/PAGE.md (after updating the translation)")
    parser.add_argument("--check", action="store_true", help="exit 1 when any page needs attention")


def _lines(root: Path, page: str) -> int | None:
    path = root / "docs" / "en" / f"{page}.md"
    return path.read_text(encoding="utf-8").count("\n") if path.exists() else None


def run(args: argparse.Namespace) -> int:
    root = project.site_root()
    for page in args.stamp:
        lines_before = _lines(root, translation_status.normalise_page(page))
        try:
            sha = translation_status.stamp(root, page)
        except FileNotFoundError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        name = translation_status.normalise_page(page)
        print(f"docs/en/{name}.md: source_sha {sha} (the current docs/zh/{name}.md)")
        if lines_before is not None and lines_before != _lines(root, name):
            print(f"  the front matter moved docs/en/{name}.md's lines: run `./dev snippets` to update the line numbers in snippets/")
    if args.stamp:
        return 0
    text, problems = translation_status.report(root)
    print(text)
    return 1 if problems and args.check else 0
