"""Chinese typography of the Chinese pages, with autocorrect (autocorrect-py).

Spaces between Chinese and Latin text or digits, full-width punctuation in Chinese sentences.
Code (fences and inline code) is left alone by autocorrect itself; snippet metadata comments are
skipped here (their values must match command output). A ``{{ variable }}`` counts as a Latin
word, since that is what readers see. Each finding gives file:line and the corrected text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import autocorrect_py

# A stand-in for {{ variable }} that autocorrect treats as a Latin word; restored in the suggestion.
PLACEHOLDER = "Zvarz"
JINJA_RE = re.compile(r"{{.*?}}")
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
CONTEXT = 6  # characters shown around a change
STOPS = "|，。；：、！？（）"  # where the shown context may stop early


@dataclass(frozen=True)
class TypoFinding:
    path: str
    line: int
    old: str  # the changed stretch as written
    new: str  # the same stretch corrected

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: Chinese typography: '{self.old}' -> '{self.new}' (autocorrect)"


def _comment_lines(text: str) -> set[int]:
    lines: set[int] = set()
    for match in COMMENT_RE.finditer(text):
        first = text.count("\n", 0, match.start()) + 1
        lines.update(range(first, first + match.group(0).count("\n") + 1))
    return lines


def _restore(line: str, originals: list[str]) -> str:
    parts = line.split(PLACEHOLDER)
    if len(parts) != len(originals) + 1:
        return line
    return "".join(part + (originals[i] if i < len(originals) else "") for i, part in enumerate(parts))


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved out by a few characters, up to a space or a Chinese sentence mark."""
    start, end = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    limit_start, limit_end = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    while start > 0 and text[start - 1] not in STOPS and not text[start - 1].isspace() and (
            start > limit_start or (text[start - 1].isascii() and text[start - 1].isalnum())):
        start -= 1
    while end < len(text) and text[end] not in STOPS and not text[end].isspace() and (
            end < limit_end or (text[end].isascii() and text[end].isalnum())):
        end += 1
    return start, end


def _changes(old: str, new: str) -> list[tuple[str, str]]:
    """Each changed stretch of ``old`` with a little context, and its corrected form."""
    groups: list[list[tuple[int, int, int, int]]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if groups and a1 - groups[-1][-1][1] <= 2 * CONTEXT:
            groups[-1].append((a1, a2, b1, b2))
        else:
            groups.append([(a1, a2, b1, b2)])
    found = []
    for group in groups:
        start, end = _widen(old, group[0][0], group[-1][1])
        shift = group[0][2] - group[0][0]  # where ``old``'s positions land in ``new`` before the group
        new_start = start + shift
        new_end = end + (group[-1][3] - group[-1][1])
        found.append((old[start:end].strip(), new[new_start:new_end].strip()))
    return found


def check_text(text: str, path: str) -> list[TypoFinding]:
    originals_by_line = [JINJA_RE.findall(line) for line in text.split("\n")]
    masked = JINJA_RE.sub(PLACEHOLDER, text)
    skip = _comment_lines(text)
    findings = []
    for result in autocorrect_py.lint_for(masked, path if path.endswith(".md") else f"{path}.md").lines:
        for offset, (old_line, new_line) in enumerate(zip(result.old.split("\n"), result.new.split("\n"), strict=False)):
            number = result.line + offset
            if number in skip or old_line == new_line:
                continue
            originals = originals_by_line[number - 1] if number <= len(originals_by_line) else []
            old_line, new_line = _restore(old_line, originals), _restore(new_line, originals)
            findings += [TypoFinding(path, number, old, new) for old, new in _changes(old_line, new_line)]
    return findings


def check_file(path: Path, root: Path) -> list[TypoFinding]:
    return check_text(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
