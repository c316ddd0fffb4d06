"""Read and set one key of a page's YAML front matter, leaving the rest of the file untouched."""

from __future__ import annotations

import re

import yaml

FENCE = "---"
_KEY_RE = r"^{key}[ \t]*:.*$"


def split(text: str) -> tuple[str | None, str]:
    """(front matter without its ``---`` lines, or None; the rest of the page)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None, text
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    return None, text


def read(text: str) -> dict[str, object]:
    """The front matter as a mapping ({} when the page has none or it is not a mapping)."""
    head, _ = split(text)
    if head is None:
        return {}
    try:
        data = yaml.safe_load(head)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def set_value(text: str, key: str, value: str) -> str:
    """``text`` with ``key: value`` in its front matter (replaced, added, or a new front matter)."""
    line = f"{key}: {value}"
    head, body = split(text)
    if head is None:
        return f"{FENCE}\n{line}\n{FENCE}\n{text}"
    pattern = re.compile(_KEY_RE.format(key=re.escape(key)), re.MULTILINE)
    head = pattern.sub(line, head, count=1) if pattern.search(head) else (f"{head}\n{line}" if head.strip() else line)
    return f"{FENCE}\n{head}\n{FENCE}\n{body}"
