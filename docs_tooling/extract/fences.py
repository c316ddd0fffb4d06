"""The shell fences of a page as readers see them, each located in its source file with its metadata comment.

Which blocks are fences, and their language and code, come from the renderer itself
(:mod:`docs_tooling.build.fence_record`); this module only places them: the line of the opening fence in
the source, and the ``<!-- snippet ... -->`` comment ending on the line right above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mkdocs.utils.meta import get_data

from docs_tooling.build.fence_record import Conversion, RenderedFence
from docs_tooling.errors import DocsError, where
from docs_tooling.extract.snippet_meta import SHELL_LANGS, WINDOWS_LANGS

COMMAND_LANGS = SHELL_LANGS | WINDOWS_LANGS
META_OPEN = "<!--"
META_CLOSE = "-->"
META_WORD_RE = re.compile(r"^<!--[ \t]*snippet\b")  # the comment's start; fence_record.HIDDEN_COMMENT_LINES_RE the whole
# A line that looks like the opening of a command fence: quote/indent prefix, the fence, a command language.
# Linear: each part is a run of distinct characters.
OPENER_RE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[ \t]*(?:\{[ \t]*)?\.?([\w+-]+)")


class FenceError(DocsError):
    """A fence problem, named by file and line."""


@dataclass(frozen=True)
class Fence:
    path: str
    line: int  # 1-based line of the opening fence in the source file
    lang: str
    code: str  # as readers see it (values in place)
    meta: str | None  # text of the `<!-- snippet ... -->` comment right above, without the markers (values in place)
    meta_line: int | None  # 1-based source line of the metadata's first key
    shape: str = ""  # code and metadata with each value as {{ name }}: docs_tooling.extract.snippet_fingerprint


def source_markdown(text: str) -> tuple[str, int]:
    """The Markdown of a source file as mkdocs converts it (front matter removed), and the lines removed."""
    body, _ = get_data(text)
    return body, (text[: len(text) - len(body)].count("\n") if text.endswith(body) else 0)


def meta_above(lines: list[str], index: int) -> tuple[str | None, int | None]:
    """The snippet comment that ends on the line right above ``index`` (0-based) and (0-based) line of its first key.

    The comment is the one HTML comment ending there: from the last ``<!--`` before that ``-->``. It belongs to
    the fence only when it is a ``<!-- snippet`` comment; ``<!-- note -->`` right above a fence gives no metadata,
    whatever comment comes before it.
    """
    end = index - 1
    if end < 0 or not lines[end].rstrip().endswith(META_CLOSE):
        return None, None
    closing = lines[end].rstrip()[: -len(META_CLOSE)]
    start, text = end, closing
    while META_OPEN not in text:
        start -= 1
        if start < 0 or META_CLOSE in lines[start]:
            return None, None
        text = lines[start]
    opening = lines[start][lines[start].rfind(META_OPEN) :] if start < end else closing[closing.rfind(META_OPEN) :]
    if not META_WORD_RE.match(opening):
        return None, None
    body_lines = [opening] + lines[start + 1 : end] + ([closing] if start < end else [])
    body = META_WORD_RE.sub("", "\n".join(body_lines), count=1)
    first_key = start if body.split("\n")[0].strip() else start + 1
    return _dedent(body), first_key


def _dedent(text: str) -> str:
    lines = text.split("\n")
    first = lines[0].strip()
    rest = lines[1:]
    widths = [len(line) - len(line.lstrip()) for line in rest if line.strip()]
    cut = min(widths) if widths else 0
    body = "\n".join(line[cut:] for line in rest).strip("\n")
    return f"{first}\n{body}".strip("\n") if first else body


def stray_openers(text: str, conversion: Conversion | None) -> list[int]:
    """0-based lines that look like the opening of a command fence but open none (readers see them as text)."""
    fences = conversion.fences if conversion else []
    inside = {line for fence in fences for line in range(fence.start, fence.end + 1)}
    stray = []
    for number, line in enumerate(text.split("\n")):
        match = OPENER_RE.match(line)
        if match and match.group(1).lower() in COMMAND_LANGS and number not in inside:
            stray.append(number)
    return stray


def stray_messages(path: str, text: str, conversion: Conversion | None, offset: int = 0) -> list[str]:
    """One message per line that opens a command fence which never becomes one, with both fixes."""
    lines = text.split("\n")
    return [
        f"{where(path, number + 1 + offset)}: '{lines[number].strip()}' opens a code block that is never closed, so "
        "readers see this line and the ones after it as text: add a closing line with the same fence after the "
        "command, or delete this line if it is left over"
        for number in stray_openers(text, conversion)
    ]


def check_no_stray_openers(path: str, text: str, conversion: Conversion | None, offset: int = 0) -> None:
    """Raise :class:`FenceError` for the first line that opens a command fence which never becomes one."""
    problems = stray_messages(path, text, conversion, offset)
    if problems:
        raise FenceError(problems[0])


def command_fences(conversion: Conversion | None) -> list[RenderedFence]:
    """The shell and Windows command fences readers see, in page order."""
    return [fence for fence in (conversion.shown if conversion else []) if fence.lang in COMMAND_LANGS]


def place(path: str, fence: RenderedFence, shown_lines: list[str], source_start: int, source_lines: list[str],
          offset: int = 0) -> Fence:
    """``fence`` (rendered from ``shown_lines``) at ``source_start`` of the source: its metadata text as shown,
    its lines (1-based, front matter counted) in the source file."""
    meta, _ = meta_above(shown_lines, fence.start)
    _, key_line = meta_above(source_lines, source_start)
    return Fence(path, source_start + 1 + offset, fence.lang, fence.code, meta, None if key_line is None else key_line + 1 + offset)


def locate(path: str, source: str, source_conversion: Conversion | None, shown: str, shown_conversion: Conversion | None,
           offset: int = 0) -> list[Fence]:
    """The command fences readers see in ``shown`` (the page after macros), placed by the same fences of ``source``.

    ``source_conversion`` may come from the preprocessors alone (:func:`~docs_tooling.build.fence_record.preprocessed`):
    fences are paired by position among all command fences, shown or not, and kept when shown. ``offset`` is the
    number of front-matter lines before the Markdown in the file. Macros may change the lines but not the fences.
    """
    check_no_stray_openers(path, source, source_conversion, offset)
    in_source, in_shown = (
        [fence for fence in (conversion.fences if conversion else []) if fence.lang in COMMAND_LANGS]
        for conversion in (source_conversion, shown_conversion)
    )
    if len(in_source) != len(in_shown):
        raise FenceError(
            f"{path}: {len(in_source)} shell fences in the source but {len(in_shown)} after macros ran; "
            "a macro must not add or remove shell fences"
        )
    source_lines, shown_lines = source.split("\n"), shown.split("\n")
    fences = []
    for placed, fence in zip(in_source, in_shown, strict=True):
        if fence.shown:
            fences.append(place(path, fence, shown_lines, placed.start, source_lines, offset))
    return fences
