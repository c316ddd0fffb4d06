"""``verified.json``: when each page's commands last all passed the test suite, and on what.

Written by the suite (:mod:`docs_tooling.runner.verified_writer`, on the run's controller), read by the build
(:mod:`docs_tooling.build.verified_on`), committed with the pages. One entry per page, keyed by the page's path below
``docs/<lang>/`` without ``.md``:

- ``date``: the day (UTC) its snippets last all passed;
- ``fingerprint``: :func:`docs_tooling.extract.snippet_fingerprint.fingerprint` of the snippets that ran;
- ``snippets``: how many snippets ran (``runs: windows`` / ``macos`` ones are never run and not counted);
- ``machines``: what they ran on, one item per machine kind: the Docker Engine's version as ``docker version`` reported
  it (``null`` without one), the systems of the page's machines as their ``/etc/os-release`` names them, and the value
  sets (:mod:`docs_tooling.runner.lab_values`) that ran there.

The file is JSON with sorted keys, two-space indents and sorted lists: the same record gives the same bytes, and a
change is a small diff.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from docs_tooling import project
from docs_tooling.errors import DocsError
from docs_tooling.runner.lab_values import DEFAULT, ENV, OTHER

RECORD_FILE = "verified.json"
ABOUT = ("Written by the test suite (docs_tooling/runner/verified_writer.py) when every snippet of a page passed; "
         "read by the build (docs_tooling/build/verified_on.py). Commit it after a full run; never edit it by hand.")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIX = f"restore it (git checkout {RECORD_FILE}) or delete it; the test suite writes it"


class RecordError(DocsError):
    """``verified.json`` cannot be read; the message names the file (and line) and how to fix it."""


@dataclass(frozen=True)
class Machine:
    engine: str | None  # as `docker version` reported it: "26.1.5+dfsg1"
    systems: tuple[str, ...]  # PRETTY_NAME of each machine of the page: "Debian GNU/Linux 13 (trixie)"
    values: tuple[str, ...]  # value sets: "default", "other"

    def sort_key(self) -> tuple[Any, ...]:
        return natural_key(self.engine or ""), self.systems, self.values


@dataclass(frozen=True)
class Entry:
    date: str
    fingerprint: str
    snippets: int
    machines: tuple[Machine, ...]

    @property
    def engines(self) -> list[str]:
        return sorted({m.engine for m in self.machines if m.engine}, key=natural_key)

    @property
    def values(self) -> list[str]:
        return sorted({v for m in self.machines for v in m.values}, key=value_set_key)


def natural_key(text: str) -> tuple[Any, ...]:
    """``20.10.24`` before ``26.1.5`` before ``28.5.2``, whatever the digits' count."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def value_set_key(name: str) -> tuple[int, str]:
    """The value sets in the order of :func:`docs_tooling.runner.lab_values.value_sets`, unknown ones last."""
    order = (DEFAULT, OTHER, ENV)
    return (order.index(name) if name in order else len(order), name)


def record_path(root: Path) -> Path:
    return root / RECORD_FILE


def load(root: Path) -> dict[str, Entry]:
    """The entries of ``root``'s record (none when there is no record yet); raises :class:`RecordError`."""
    path = record_path(root)
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{RECORD_FILE}:{exc.lineno}: not valid JSON ({exc.msg}): {FIX}") from None
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, dict):
        raise RecordError(f"{RECORD_FILE}: no \"pages\" object at the top: {FIX}")
    return {page: _entry(page, item) for page, item in pages.items()}


def _entry(page: str, item: Any) -> Entry:
    def bad(what: str) -> RecordError:
        return RecordError(f"{RECORD_FILE}: pages.{page}: {what}: {FIX}")

    if not isinstance(item, dict):
        raise bad("not an object")
    date, fingerprint, count, machines = (item.get(key) for key in ("date", "fingerprint", "snippets", "machines"))
    if not isinstance(date, str) or not DAY_RE.match(date):
        raise bad(f"date {date!r} is not a day (YYYY-MM-DD)")
    if not isinstance(fingerprint, str) or not fingerprint:
        raise bad("no fingerprint")
    if not isinstance(count, int) or count < 1:
        raise bad(f"snippets {count!r} is not a positive number")
    if not isinstance(machines, list) or not machines:
        raise bad("no machines")
    found = []
    for machine in machines:
        if (not isinstance(machine, dict) or not isinstance(machine.get("engine"), str | None)
                or not _strings(machine.get("systems")) or not _strings(machine.get("values"))):
            raise bad(f"machine {machine!r} is not {{\"engine\": VERSION or null, \"systems\": [...], \"values\": [...]}}")
        found.append(Machine(machine["engine"], tuple(machine["systems"]), tuple(machine["values"])))
    return Entry(date, fingerprint, count, tuple(found))


def _strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def dumps(entries: dict[str, Entry]) -> str:
    """The record's text: sorted, indented, one value per line."""
    pages = {}
    for page, entry in entries.items():
        machines = sorted(entry.machines, key=Machine.sort_key)
        pages[page] = {**asdict(entry), "machines": [asdict(m) for m in machines]}
    return json.dumps({"about": ABOUT, "pages": pages}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def stale_pages(root: Path, entries: dict[str, Entry]) -> list[str]:
    """Entries whose page no longer exists."""
    pages = set(project.pages(root))
    return sorted(set(entries) - pages)


def entry_problems(root: Path, entries: dict[str, Entry], pages_with_commands: set[str]) -> list[str]:
    """One line per entry that speaks of no page, or of a page that shows no command any more, with its fix."""
    problems = []
    for page in sorted(set(entries) - pages_with_commands):
        source = project.page_file(page, project.PRIMARY)
        gone = page not in project.pages(root)
        problems.append(f"{RECORD_FILE}: entry '{page}': " + (f"there is no page {source} any more" if gone else
                        f"{source} shows no command any more") + ": delete the entry"
                        + (" (the next run of the suite that writes the record drops it too)" if gone else ""))
    return problems


def update(root: Path, new: dict[str, Entry]) -> list[str]:
    """Put ``new`` entries into ``root``'s record and drop those of pages that no longer exist; rewrites the file
    (atomically) only when its text changes. Returns the entries dropped. Raises :class:`RecordError` on a
    record it cannot read, and then writes nothing. No new entry: the file is not touched."""
    if not new:
        return []
    entries = load(root)
    dropped = stale_pages(root, entries)
    merged = {page: entry for page, entry in entries.items() if page not in dropped} | new
    text = dumps(merged)
    path = record_path(root)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return dropped
    handle, temporary = tempfile.mkstemp(prefix=f".{RECORD_FILE}.", dir=root)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return dropped
