"""``./dev new-chapter SLUG --zh-title ... --en-title ...``: a new chapter in both languages."""

from __future__ import annotations

import argparse
import sys

from docs_tooling import project
from docs_tooling.chores import scaffold

HELP = "create a chapter in both languages with an example command, and add it to the navigation"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", help="file name and address of the chapter, e.g. network-basics")
    parser.add_argument("--zh-title", required=True, help="the Chinese title (navigation and heading)")
    parser.add_argument("--en-title", required=True, help="the English title")
    parser.add_argument("--after", metavar="PAGE", help="put it after this nav entry, e.g. kvm.md (default: before the glossary)")


def run(args: argparse.Namespace) -> int:
    root = project.site_root()
    try:
        changed = scaffold.create_chapter(root, args.slug, args.zh_title, args.en_title, args.after)
    except scaffold.ChapterError as exc:
        print(f"new-chapter: {exc}", file=sys.stderr)
        return 1
    print("created or changed:\n  " + "\n  ".join(changed))
    print(f"next: write both pages, then `./dev test-page {args.slug}`; preview with `./dev serve`")
    return 0
