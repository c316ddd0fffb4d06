"""``./dev snippets``: refresh ``snippets/`` from the pages, check it is up to date, or scan any Markdown."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from docs_tooling import project
from docs_tooling.extract import scan, snippets

HELP = "write every shell command of the site to snippets/ (--check: only report what is out of date; --scan FILE...: any Markdown)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--check", action="store_true", help="change nothing; exit 1 when snippets/ is out of date")
    what.add_argument("--scan", nargs="+", metavar="FILE", type=Path,
                      help="print each shell fence of these Markdown files as one JSON object per line (file, line, "
                      "language, code, meta), found as the site's renderer finds them; macros do not run")


def run(args: argparse.Namespace) -> int:
    if args.scan:
        return _scan(args.scan)
    root = project.site_root()
    found = snippets.collect(root)
    if args.check:
        stale = snippets.stale_files(root, found)
        if stale:
            print("snippets/ is out of date with docs/:\n  " + "\n  ".join(stale), file=sys.stderr)
            print(f"refresh it with: {snippets.REFRESH_COMMAND}", file=sys.stderr)
            return 1
        print(f"snippets/ is up to date ({len(found)} snippets)")
        return 0
    changed = snippets.write(root, found)
    print("\n".join(changed) if changed else "snippets/ was already up to date")
    print(f"{len(found)} snippets in {snippets.SNIPPET_DIR}/")
    return 0


def _scan(paths: list[Path]) -> int:
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 1
    problems = 0
    for scanned in scan.scan_files(paths, scan.converter(project.site_root())):
        for fence in scanned.fences:
            record = dataclasses.asdict(fence)
            print(json.dumps({"file": record.pop("path"), "line": record.pop("line"), "language": record.pop("lang"),
                              "code": record.pop("code"), "meta": record.pop("meta")}, ensure_ascii=False))
        for problem in scanned.problems:
            print(f"error: {problem}", file=sys.stderr)
        problems += len(scanned.problems)
    return 1 if problems else 0
