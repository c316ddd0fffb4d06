"""``./dev serve``: live preview of both languages."""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys

HELP = "live preview with reload: Chinese at http://127.0.0.1:8000/, English at /en/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on (default %(default)s)")


def port_in_use(addr: str) -> bool:
    host, _, port = addr.rpartition(":")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def run(args: argparse.Namespace) -> int:
    if not args.addr.rpartition(":")[2].isdigit():
        print(f"serve: --addr {args.addr!r} is not ADDRESS:PORT, e.g. 127.0.0.1:8001", file=sys.stderr)
        return 2
    if port_in_use(args.addr):
        host, _, port = args.addr.rpartition(":")
        print(f"serve: {args.addr} is in use (another ./dev serve?); choose another address: "
              f"./dev serve --addr {host}:{int(port) + 1}", file=sys.stderr)
        return 1
    # exec, not a child process: stopping this process (Ctrl-C, or its PID) stops the server, nothing is left behind
    os.execv(sys.executable, [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.addr])
