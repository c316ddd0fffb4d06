"""Markdown extension: mark glossary terms, each at its first occurrence in each section, as a link to its entry.

The page's glossary comes with its Markdown: mkdocs-macros appends one line (:func:`page_line`, written by
``macros/__init__.py``) with the terms of the page's language and the relative path to the glossary page. A page
without that line (the glossary page itself, ``./dev snippets --scan``) gets no marks. A mark is

    <a class="glossary-term" href="../glossary/#vm" title="definition">虚拟机</a>

(mkdocs turns ``glossary.md#vm`` into the page's relative address and checks that the anchor exists). Without
JavaScript it is a link to the entry with the definition as its title; ``docs/assets/glossary.js`` turns it into a
tooltip that opens on hover, tap and keyboard focus.

The rules (``tests/site_checks/test_glossary_marks.py`` checks them on every built page):

- a term is marked at its first occurrence in each section: the text from a level-1 or level-2 heading to the next
  one (subsections are short parts read in order; the reasons: the contributor guide, "Glossary"). What starts
  hidden, a content tab or a collapsible block, is a section of its own for the terms not marked above it in its
  section: a reader who opens it finds the mark there;
- never in headings, table headers, admonition titles, tab labels, links, code (also written as raw HTML:
  ``<a href=...>``, ``<kbd>``), figures, the reader's values (the "your lab" marks of
  :mod:`docs_tooling.build.value_marks`);
- only whole words, and the longest term wins (:mod:`docs_tooling.build.term_finder`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any
from xml.etree import ElementTree as etree  # noqa: N813 (Markdown's own name for it)

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from docs_tooling.build import value_marks
from docs_tooling.build.term_finder import TermFinder

MARK_CLASS = "glossary-term"
LINE_START, LINE_END = "<!-- glossary-marks ", " -->"
HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
SECTION_HEADINGS = frozenset({"h1", "h2"})  # a section: a page's part, as its table of contents lists them at the top
# Elements whose text is never marked: headings and what reads like one, links, code, forms, raw text, figures
# (a drawing and its description, such as chapter 4's diagram, written as raw HTML that Markdown passes through).
SKIPPED_TAGS = HEADINGS | {"a", "abbr", "code", "pre", "kbd", "samp", "var", "th", "summary", "label", "button",
                           "script", "style", "svg", "math", "textarea", "select", "option", "figure"}
SKIPPED_CLASSES = frozenset({MARK_CLASS, "admonition-title", "tabbed-labels", "headerlink"})
# Elements that start hidden: their content is a section of its own (a copy of the enclosing one's marks).
HIDDEN_TAGS = frozenset({"details"})
HIDDEN_CLASSES = frozenset({"tabbed-block"})
ESCAPED_RE = re.compile(f"{STX}(\\d+){ETX}")  # Markdown's backslash escapes, restored later by its unescape step
STASHED_RE = re.compile(f"{STX}wzxhzdk:(\\d+){ETX}")
RAW_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(/?)>\Z")  # one inline tag written as raw HTML


def page_line(lang: str, href: str, terms: Sequence[Any]) -> str:
    """The line macros append to a page: ``href`` the glossary page (``glossary.md``, relative to the page),
    ``terms`` the glossary's :class:`macros.glossary.Term` objects."""
    data = {"lang": lang, "href": href, "terms": [[t.id, list(t.forms(lang)), t.definitions[lang]] for t in terms]}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return LINE_START + text.replace("<", "\\u003c").replace(">", "\\u003e") + LINE_END


@functools.cache
def opaque_re() -> re.Pattern[str]:
    """What is not scanned: raw HTML kept aside by Markdown (``STX wzxhzdk:N ETX``) and the reader's values.
    (Compiled on first use: value_marks imports macros, which imports this module.)"""
    return re.compile(f"{STX}[^{ETX}]*{ETX}|{value_marks.OPEN}.*?{value_marks.CLOSE}", re.S)


def has_class(el: etree.Element, names: frozenset[str]) -> bool:
    return not names.isdisjoint((el.get("class") or "").split())


class PageLinePreprocessor(Preprocessor):
    """Takes the glossary line (the page's last) off the page and hands it to the marker."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.glossary_marks = None  # type: ignore[attr-defined]
        last = len(lines) - 1
        while last >= 0 and not lines[last].strip():
            last -= 1
        if last < 0 or not (lines[last].startswith(LINE_START) and lines[last].endswith(LINE_END)):
            return lines
        self.md.glossary_marks = json.loads(lines[last][len(LINE_START):-len(LINE_END)])  # type: ignore[attr-defined]
        return lines[:last]


class MarkTreeprocessor(Treeprocessor):
    """Walks the page in reading order and marks each term's first occurrence per section."""

    def run(self, root: etree.Element) -> None:
        data = getattr(self.md, "glossary_marks", None)
        if not data:
            return
        self.finder = TermFinder(data["lang"], ((term_id, forms) for term_id, forms, _ in data["terms"]))
        self.definitions = {term_id: definition for term_id, _, definition in data["terms"]}
        self.href = data["href"]
        self.scopes: list[set[str]] = [set()]  # the marked terms of the section and of each hidden part open here
        self.raw_skips: list[str] = []  # skipped elements written as raw HTML (<a href=...>, <kbd>) open here
        self.walk(root)

    def walk(self, el: etree.Element) -> None:
        hidden = el.tag in HIDDEN_TAGS or has_class(el, HIDDEN_CLASSES)
        if hidden:
            self.scopes.append(set(self.scopes[-1]))
        raw_skips = list(self.raw_skips)  # a raw tag opened in an element closes in it: none leaks out if left open
        if el.text:
            el.text = self.mark(el.text, el, 0)
        for child in list(el):
            if child.tag in SECTION_HEADINGS:  # a new section, wherever the heading is
                self.scopes = [set() for _ in self.scopes]
            if not (child.tag in SKIPPED_TAGS or has_class(child, SKIPPED_CLASSES)):
                self.walk(child)
            if child.tail:
                child.tail = self.mark(child.tail, el, list(el).index(child) + 1)
        if hidden:
            self.scopes.pop()
        self.raw_skips = raw_skips

    def mark(self, text: str, parent: etree.Element, index: int) -> str:
        """Marks ``text`` (``parent``'s text, or a tail before child ``index``); returns the text left before the first mark."""
        if isinstance(text, AtomicString):
            return text
        text = ESCAPED_RE.sub(lambda m: chr(int(m.group(1))), text)
        marks = []
        for start, end in self._scanned(text):
            if self.raw_skips:
                continue
            for found in self.finder.find(text[start:end]):
                if found.id not in self.scopes[-1]:
                    self.scopes[-1].add(found.id)
                    marks.append((start + found.start, start + found.end, found.id))
        if not marks:
            return text
        for n, (start, end, term_id) in enumerate(marks):
            a = etree.Element("a", {"class": MARK_CLASS, "href": f"{self.href}#{term_id}", "title": self.definitions[term_id]})
            a.text = AtomicString(text[start:end])
            a.tail = text[end:marks[n + 1][0] if n + 1 < len(marks) else len(text)]
            parent.insert(index + n, a)
        return text[:marks[0][0]]

    def _scanned(self, text: str) -> Iterator[tuple[int, int]]:
        """The stretches of ``text`` between raw HTML and the reader's values; follows the skipped elements that
        raw HTML opens and closes (the caller skips a stretch while one is open)."""
        start = 0
        for opaque in opaque_re().finditer(text):
            yield start, opaque.start()
            start = opaque.end()
            stashed = STASHED_RE.fullmatch(opaque.group())
            if stashed:
                self._follow_raw(self.md.htmlStash.rawHtmlBlocks[int(stashed.group(1))])
        yield start, len(text)

    def _follow_raw(self, raw: object) -> None:
        tag = RAW_TAG_RE.match(str(raw).strip())
        if not tag or tag.group(2).lower() not in SKIPPED_TAGS or tag.group(3):
            return
        name = tag.group(2).lower()
        if not tag.group(1):
            self.raw_skips.append(name)
        elif name in self.raw_skips:
            del self.raw_skips[len(self.raw_skips) - 1 - self.raw_skips[::-1].index(name):]


class GlossaryMarksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.registerExtension(self)
        md.preprocessors.register(PageLinePreprocessor(md), "glossary_line", 29)  # after whitespace normalising (30)
        md.treeprocessors.register(MarkTreeprocessor(md), "glossary_marks", 6)  # after inline (20) and attr_list (8)


def makeExtension(**kwargs: Any) -> GlossaryMarksExtension:  # noqa: N802 (Markdown's API name)
    return GlossaryMarksExtension(**kwargs)
