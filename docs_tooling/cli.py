"""``./dev <command>``: one small command per docs chore, registered in :data:`COMMANDS`.

Each command is a module of :mod:`docs_tooling.commands` with ``HELP`` (one line), ``add_arguments(parser)``
and ``run(args) -> int``; ``ACCEPTS_EXTRA = True`` passes unknown arguments on (``./dev test -k x``).
A :class:`~docs_tooling.errors.DocsError` from any command is printed as one ``error:`` line, exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType
from typing import Protocol, cast

from docs_tooling.commands import build, new_chapter, serve, snippets, test, test_page, translations
from docs_tooling.errors import DocsError


class Command(Protocol):
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _command(module: ModuleType) -> Command:
    return cast(Command, module)


COMMANDS: dict[str, Command] = {
    "build": _command(build),
    "new-chapter": _command(new_chapter),
    "serve": _command(serve),
    "snippets": _command(snippets),
    "test": _command(test),
    "test-page": _command(test_page),
    "translations": _command(translations),
}


def command_names() -> list[str]:
    """Every ``./dev`` command, as ``./dev help`` lists them."""
    return list(COMMANDS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev", description="Chores of the OpenStack notes site.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        command.add_arguments(sub.add_parser(name, help=command.HELP, description=command.HELP))
    sub.add_parser("help", help="list the commands")
    args, extra = parser.parse_known_args(argv)
    if args.command in (None, "help"):
        parser.print_help()
        return 0
    args.extra = extra
    command = COMMANDS[args.command]
    if extra and not getattr(command, "ACCEPTS_EXTRA", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(command.run(args) or 0)
    except DocsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
