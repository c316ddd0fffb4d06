"""``./dev snippets``: refresh ``snippets/`` from the pages, or check it is up to date."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docs_tooling import snippets
from docs_tooling.fences import FenceError
from docs_tooling.snippet_meta import MetaError

HELP = "write every shell command of the site to snippets/ (--check: only report what is out of date)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when snippets/ is out of date")


def run(args: argparse.Namespace) -> int:
    root = Path.cwd()
    try:
        found = snippets.collect(root)
    except (snippets.SnippetError, FenceError, MetaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
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
