"""mkdocs hook: name the file and line of every broken internal link or anchor.

mkdocs' own validation (strict, see mkdocs.yml ``validation:``) says "Doc file 'zh/kvm.md' contains
a link 'x.md#y', but ..." without a line. This hook adds a logging filter that puts
``docs/zh/kvm.md:12: broken link 'x.md#y':`` in front of such a warning, the line being the first
place in the page's Markdown that links to that target.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

LOGGER = "mkdocs.structure.pages"
WARNING_RE = re.compile(r"^Doc file '(?P<file>[^']+)' contains (?:a|an unrecognized relative) link (?:to )?'(?P<target>[^']+)'")


def link_line(text: str, target: str) -> int | None:
    """1-based line of the first link to ``target`` in Markdown ``text`` (any mention when none is a link)."""
    forms = (f"]({target})", f"]({target} ", f"]: {target}", f'href="{target}"', f"]( {target}", f"<{target}>")
    lines = text.split("\n")
    for wanted in (forms, (target,)):
        for number, line in enumerate(lines, start=1):
            if any(form in line for form in wanted):
                return number
    return None


class LinkLineFilter(logging.Filter):
    """Prefixes mkdocs' link warnings with ``file:line: broken link 'target':``."""

    def __init__(self) -> None:
        super().__init__()
        self.docs_dir = Path("docs")
        self.root = Path.cwd()

    def where(self, src_uri: str, target: str) -> str:
        path = self.docs_dir / src_uri
        try:
            shown = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            shown = path.as_posix()
        try:
            line = link_line(path.read_text(encoding="utf-8"), target)
        except OSError:
            line = None
        return f"{shown}:{line}" if line else shown

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = WARNING_RE.match(message)
        if match and not getattr(record, "_link_line", False):
            record.msg = f"{self.where(match['file'], match['target'])}: broken link '{match['target']}': {message}"
            record.args = ()
            record._link_line = True  # type: ignore[attr-defined]
        return True


def _filter() -> LinkLineFilter:
    logger = logging.getLogger(LOGGER)
    for existing in logger.filters:
        if isinstance(existing, LinkLineFilter):
            return existing
    added = LinkLineFilter()
    logger.addFilter(added)
    return added


def on_config(config: Any) -> Any:
    found = _filter()
    found.docs_dir = Path(config["docs_dir"])
    found.root = Path(config["config_file_path"]).parent
    return config
