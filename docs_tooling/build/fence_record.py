"""Markdown extension: record every fence as pymdownx.superfences renders it, and which ones readers see.

Listed after ``pymdownx.superfences`` in ``markdown_extensions``. Its preprocessor takes superfences' place,
as a subclass that only notes each fence it stores (line, language, code as given to the highlighter) and
tags the fence's HTML with a private marker. A last postprocessor finds the markers in the finished page,
leaves out fences inside an HTML comment (readers never see them) and removes the markers, so the HTML is
what superfences alone gives. Fences superfences gives back as text (inside an indented code block, say)
have no marker and are not shown. Whatever is read as a fence, with which language, is superfences'
decision: there is no second parser.

Snippet metadata comments (``<!-- snippet ... -->`` on lines of their own) are removed before superfences
runs, as if never written, and the recorded lines are those of the text given to ``convert``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from pymdownx.superfences import SuperFencesBlockPreprocessor, SuperFencesCodeExtension

MARK = "\ue000fence-{}\ue001"  # private-use characters: no Markdown or HTML meaning
MARK_RE = re.compile("\ue000fence-(\\d+)\ue001")
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
# Snippet metadata comments, on lines of their own: removed before rendering (readers never see them).
HIDDEN_COMMENT_LINES_RE = re.compile(r"^[ \t]*<!--[ \t]*snippet\b.*?-->[ \t]*(?:\n|\Z)", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class RenderedFence:
    start: int  # 0-based line of the opening fence in the converted text
    end: int  # 0-based line of the closing fence
    lang: str  # lower case, as superfences read it ("" when none)
    code: str  # the content as highlighted: dedented, leading and trailing newlines removed (as Pygments does)
    shown: bool  # in the page's HTML outside any comment


@dataclass
class Conversion:
    """The fences of one ``Markdown.convert`` call, in document order."""

    fences: list[RenderedFence]

    @property
    def shown(self) -> list[RenderedFence]:
        return [fence for fence in self.fences if fence.shown]


_conversions: dict[str, Conversion] = {}  # sha256 of the converted text -> its fences (the last conversion of it)
KEPT_CONVERSIONS = 1000


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def conversion_of(text: str) -> Conversion | None:
    """The fences of the last conversion of ``text`` by a Markdown instance with this extension, if any."""
    return _conversions.get(_key(text))


def preprocessed(md: Markdown, text: str) -> Conversion:
    """The fences superfences finds in ``text``, from ``md``'s preprocessors alone (no HTML, so ``shown`` is unknown
    and False): enough to place fences, at a fraction of a conversion's cost. Not recorded for :func:`conversion_of`."""
    recorder = next((ext for ext in md.registeredExtensions if isinstance(ext, FenceRecordExtension)), None)
    if recorder is None:
        raise ValueError("this Markdown instance has no docs_tooling.build.fence_record extension")
    md.reset()
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    return recorder.noted()


class _RecordingFences(SuperFencesBlockPreprocessor):
    """superfences' own preprocessor, noting each fence it stores."""

    recorder: FenceRecordExtension

    def _store(self, source: str, code: str, start: int, end: int) -> None:
        number = self.recorder.note(start, end - 1, (self.lang or "").lower(), self.rebuild_block(self.code).strip("\n"))
        super()._store(source, code + MARK.format(number), start, end)  # at the end: Python-Markdown reads the start


class _Step:
    """A pre- or postprocessor that reports to the extension's recorder."""

    def __init__(self, md: Markdown, recorder: FenceRecordExtension) -> None:
        super().__init__(md)  # Preprocessor or Postprocessor: the class after this one in the MRO
        self.recorder = recorder


class _Begin(_Step, Preprocessor):
    """First of all preprocessors: notes the text as given to ``convert`` (the key of its record)."""

    def run(self, lines: list[str]) -> list[str]:
        self.recorder.begin("\n".join(lines))
        return lines


class _HideSnippetComments(_Step, Preprocessor):
    """Removes the lines of snippet metadata comments; the recorder maps lines back to the given text."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        hidden: set[int] = set()
        for match in HIDDEN_COMMENT_LINES_RE.finditer(text):
            first = text.count("\n", 0, match.start())
            hidden.update(range(first, first + match.group(0).rstrip("\n").count("\n") + 1))
        self.recorder.origin = [number for number in range(len(lines)) if number not in hidden]
        return [lines[number] for number in self.recorder.origin]


class _ShownFences(_Step, Postprocessor):
    """Which noted fences reached the page outside a comment; removes the markers."""

    def run(self, text: str) -> str:
        comments = [match.span() for match in COMMENT_RE.finditer(text)]
        shown = {int(match.group(1)) for match in MARK_RE.finditer(text)
                 if not any(start <= match.start() < end for start, end in comments)}
        self.recorder.finish(shown)
        return MARK_RE.sub("", text)


class FenceRecordExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = ""  # of the text being converted
        self._noted: list[tuple[int, int, str, str]] = []
        self.origin: list[int] = []  # line of superfences' input -> line of the given text
        self._shown: set[int] = set()

    def begin(self, text: str) -> None:
        self._key, self._noted, self.origin, self._shown = _key(text), [], [], set()

    def _original(self, line: int) -> int:
        """The line of the given text that line ``line`` of superfences' input came from."""
        if line < len(self.origin):
            return self.origin[line]
        return (self.origin[-1] + 1 + line - len(self.origin)) if self.origin else line  # the blank lines appended

    def note(self, start: int, end: int, lang: str, code: str) -> int:
        self._noted.append((self._original(start), self._original(end), lang, code))
        return len(self._noted) - 1

    def finish(self, shown: set[int]) -> None:
        """Record the conversion; called per postprocessor pass. The toc extension also runs the postprocessors over
        each heading's text, before the document's pass: markers found in any pass count (a heading holds none)."""
        self._shown |= shown
        _conversions[self._key] = self.noted()
        while len(_conversions) > KEPT_CONVERSIONS:  # ./dev serve converts every page again on each save
            del _conversions[next(iter(_conversions))]

    def noted(self) -> Conversion:
        """The fences noted so far in this conversion, in document order."""
        fences = [RenderedFence(start, end, lang, code, number in self._shown)
                  for number, (start, end, lang, code) in enumerate(self._noted)]
        return Conversion(sorted(fences, key=lambda fence: fence.start))

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        superfences = next((ext for ext in md.registeredExtensions if isinstance(ext, SuperFencesCodeExtension)), None)
        if superfences is None:
            raise ValueError("docs_tooling.build.fence_record must come after pymdownx.superfences in markdown_extensions")
        md.registerExtension(self)  # found by preprocessed()
        # What SuperFencesCodeExtension.patch_fenced_rule does, with the recording subclass.
        recording = _RecordingFences(md)
        recording.config = superfences.getConfigs()
        recording.extension = superfences
        recording.recorder = self
        if superfences.superfences[0]["name"] == "superfences":
            superfences.superfences[0]["formatter"] = recording.highlight
        md.preprocessors.register(_Begin(md, self), "fence_record_begin", 1000)
        md.preprocessors.register(_HideSnippetComments(md, self), "fence_record_hide_comments", 27)
        md.preprocessors.register(recording, "fenced_code_block", 25)
        md.postprocessors.register(_ShownFences(md, self), "fence_record", 1)  # after raw HTML is put back


def makeExtension(**kwargs: Any) -> FenceRecordExtension:  # noqa: N802 (Python-Markdown's name)
    return FenceRecordExtension(**kwargs)
