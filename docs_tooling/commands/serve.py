"""``./dev serve``: live preview of both languages."""

from __future__ import annotations

import argparse
import subprocess
import sys

HELP = "live preview with reload: Chinese at http://127.0.0.1:8000/, English at /en/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on (default %(default)s)")


def run(args: argparse.Namespace) -> int:
    return subprocess.call([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.addr])
