"""``./dev build``: the published site, strictly."""

from __future__ import annotations

import argparse
import subprocess
import sys

HELP = "build the site into site/ (strict: any warning fails)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", default="site", help="output folder (default %(default)s)")


def run(args: argparse.Namespace) -> int:
    return subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", args.site_dir])
