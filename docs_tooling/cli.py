"""``./dev <command>``: one small command per docs chore.

Each command is a module in :mod:`docs_tooling.commands` with ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int``. Adding a module adds a command.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from docs_tooling import commands


def _load_commands() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        found[info.name.replace("_", "-")] = module
    return dict(sorted(found.items()))


def command_names() -> list[str]:
    """Every ``./dev`` command, as ``./dev help`` lists them."""
    return list(_load_commands())


def main(argv: list[str] | None = None) -> int:
    available = _load_commands()
    parser = argparse.ArgumentParser(prog="./dev", description="Chores of the OpenStack notes site.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in available.items():
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)  # type: ignore[attr-defined]
        module.add_arguments(command)  # type: ignore[attr-defined]
    sub.add_parser("help", help="list the commands")
    args, extra = parser.parse_known_args(argv)
    if args.command in (None, "help"):
        parser.print_help()
        return 0
    args.extra = extra
    module = available[args.command]
    if extra and not getattr(module, "ACCEPTS_EXTRA", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(module.run(args) or 0)  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
