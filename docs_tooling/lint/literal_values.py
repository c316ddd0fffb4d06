"""Find the reader's values typed literally into pages instead of taken from a variable.

Literal values are allowed only where a page talks about history on purpose: inside a ``notes``
admonition (the original notes' text) or a ``history`` admonition (what changed since).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from macros import variables

# Values that are addresses, ranges, refs or URLs; words like "devstack" would match everywhere.
CHECKED = ("host_ip", "subnet", "container_ip", "gateway", "network", "netmask", "lan", "client_ip", "branch", "image", "devstack_repo",
           "registry_mirror", "apt_mirror", "git_mirror")
HISTORY_RE = re.compile(r"^(?P<indent>[ \t]*)(!!!|\?\?\?\+?)[ \t]+(notes|history)\b")


@dataclass(frozen=True)
class Literal:
    path: str
    line: int
    name: str
    value: str

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}: '{self.value}' typed literally; write {{{{ {self.name} }}}} "
                "(or move the sentence into a `notes`/`history` admonition if it is about history)")


def _history_lines(lines: list[str]) -> set[int]:
    """0-based indexes of lines inside notes/history admonitions (their title line included)."""
    inside: set[int] = set()
    i = 0
    while i < len(lines):
        match = HISTORY_RE.match(lines[i])
        if not match:
            i += 1
            continue
        indent = len(match.group("indent").expandtabs())
        inside.add(i)
        i += 1
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
            inside.add(i)
            i += 1
    return inside


def find_literals(path: Path, rel: str, values: dict[str, str] | None = None) -> list[Literal]:
    values = values or variables.load({})
    patterns = {name: re.compile(rf"(?<![\w.:/-]){re.escape(values[name])}(?![\w/]|\.\d)") for name in CHECKED}
    lines = path.read_text(encoding="utf-8").split("\n")
    skip = _history_lines(lines)
    found = []
    for index, line in enumerate(lines):
        if index in skip:
            continue
        for name, pattern in patterns.items():
            if pattern.search(line):
                found.append(Literal(rel, index + 1, name, values[name]))
    return found
