"""Find fenced code blocks in Markdown, including those inside admonitions, content tabs and lists.

A small line scanner rather than a Markdown parser: CommonMark parsers read a fence indented by
four spaces (inside ``!!! note`` or ``=== "Linux"``) as an indented code block, which is not what
pymdownx.superfences renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*?)[ \t]*$")
META_OPEN_RE = re.compile(r"^[ \t]*<!--[ \t]*snippet\b")
META_CLOSE = "-->"


class FenceError(ValueError):
    """A fence problem, named by file and line."""


@dataclass(frozen=True)
class Fence:
    path: str
    line: int  # 1-based line of the opening fence
    indent: str
    lang: str  # first word of the info string, or from ``{ .lang }``; "" when none
    info: str
    code: str  # content, dedented by the fence's indentation, ending without a newline
    meta: str | None  # text of a `<!-- snippet ... -->` comment right above, without the markers
    meta_line: int | None


def _lang(info: str) -> str:
    info = info.strip()
    if info.startswith("{"):
        match = re.search(r"\.([\w+-]+)", info)
        return match.group(1).lower() if match else ""
    return info.split()[0].lower() if info else ""


def _meta_above(lines: list[str], index: int) -> tuple[str | None, int | None]:
    """The snippet comment ending on the line right above ``index`` (0-based), if any."""
    end = index - 1
    if end < 0 or not lines[end].rstrip().endswith(META_CLOSE):
        return None, None
    start = end
    while start >= 0 and not META_OPEN_RE.match(lines[start]):
        if start < end and META_CLOSE in lines[start]:
            return None, None
        start -= 1
    if start < 0:
        return None, None
    text = "\n".join(lines[start : end + 1])
    body = re.sub(r"^[ \t]*<!--[ \t]*snippet\b", "", text, count=1)
    body = body[: body.rfind(META_CLOSE)]
    # The YAML's first line: the comment's own line when it holds a key, else the line after it.
    first_key_line = start + 1 if body.split("\n")[0].strip() else start + 2
    return _dedent(body), first_key_line


def _dedent(text: str) -> str:
    lines = text.split("\n")
    first = lines[0].strip()
    rest = lines[1:]
    widths = [len(line) - len(line.lstrip()) for line in rest if line.strip()]
    cut = min(widths) if widths else 0
    body = "\n".join(line[cut:] for line in rest).strip("\n")
    return f"{first}\n{body}".strip("\n") if first else body


def find_fences(text: str, path: str) -> list[Fence]:
    """All fenced blocks of ``text`` in order. Raises :class:`FenceError` for an unclosed fence."""
    lines = text.split("\n")
    fences: list[Fence] = []
    i = 0
    while i < len(lines):
        match = OPEN_RE.match(lines[i])
        if not match or (match.group("fence")[0] == "`" and "`" in match.group("info")):
            i += 1
            continue
        indent, fence, info = match.group("indent"), match.group("fence"), match.group("info")
        close_re = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not close_re.match(lines[j]):
            line = lines[j]
            if line.strip() and not line.startswith(indent):
                break  # the enclosing block ended: the fence was never closed
            body.append(line[len(indent) :] if line.startswith(indent) else "")
            j += 1
        if j >= len(lines) or not close_re.match(lines[j]):
            raise FenceError(
                f"{path}:{i + 1}: code fence opened here ({fence}{info}) is never closed; "
                f"add a line '{indent}{fence}' after its last line"
            )
        meta, meta_line = _meta_above(lines, i)
        fences.append(Fence(path, i + 1, indent, _lang(info), info, "\n".join(body), meta, meta_line))
        i = j + 1
    return fences
