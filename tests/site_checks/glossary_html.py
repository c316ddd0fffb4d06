"""A built page's article read as the glossary rules see it: runs of text, the marks in them, and their section.

Read with the standard library's HTML parser, independently of the Markdown tree the marks were made in. A *run*
is text between two tags, a mark's own tags excepted (a mark sits inside its run, as the term did before it was
marked). Each run knows the section it is in, the hidden parts (content tabs, collapsible blocks) it is in, and
whether a mark may stand there. The rules are written out here again, on purpose: the check (test_glossary_marks.py)
must catch a marker that breaks them, so it does not take them from the marker. From the marker it takes only the
further places the site chose to leave unmarked (figures, table headers, ...), where it expects no mark either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from docs_tooling.build import glossary_marks as gm

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
MARK_CLASS = "glossary-term"
SECTION_HEADINGS = frozenset({"h1", "h2"})  # a section runs from one of these to the next
HIDDEN_TAGS, HIDDEN_CLASSES = frozenset({"details"}), frozenset({"tabbed-block"})  # a collapsible block, a tab's panel
# Never a mark in: headings, links, code, the reader's values (the rules).
FORBIDDEN_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp"})
FORBIDDEN_ATTRS = ("data-lab-var", "data-lab-rest")
# No mark expected either: where the marker skips by choice, and what the theme adds to the article.
SKIPPED_TAGS = gm.SKIPPED_TAGS
SKIPPED_CLASSES = gm.SKIPPED_CLASSES - {MARK_CLASS} | {"md-source-file", "md-content__button"}


@dataclass(frozen=True)
class Mark:
    start: int  # in its run's text
    end: int
    href: str
    title: str


@dataclass
class Run:
    text: str
    forbidden: str  # the innermost element where a mark must never be (a heading, link, code, value), or ""
    skipped: str  # the innermost element where the site leaves terms unmarked, or ""
    section: int  # counts level-1 and level-2 headings
    hidden: tuple[int, ...]  # the hidden parts (numbered in order) it is inside, outermost first
    marks: list[Mark] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not (self.forbidden or self.skipped)


@dataclass
class _Open:
    tag: str
    forbids: bool
    skips: bool
    hidden: int | None
    mark: Mark | None = None


class ArticleReader(HTMLParser):
    """Collects the runs of the page's ``<article>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[Run] = []
        self.stack: list[_Open] = []
        self.depth = 0  # inside the article when > 0
        self.section = 0
        self.hidden_parts = 0
        self.current: Run | None = None
        self.mark_start: int | None = None

    # The article's limits: the theme's <article class="md-content__inner ...">.
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = set(values.get("class", "").split())
        if not self.depth:
            if tag == "article" and "md-content__inner" in classes:
                self.depth = 1
            return
        if tag == "a" and MARK_CLASS in classes:
            run = self._run()
            self.mark_start = len(run.text)
            self.stack.append(_Open(tag, False, False, None, Mark(-1, -1, values.get("href", ""), values.get("title", ""))))
            return
        self._close_run()
        if tag in SECTION_HEADINGS:
            self.section += 1
        hidden = None
        if tag in HIDDEN_TAGS or classes & HIDDEN_CLASSES:
            self.hidden_parts += 1
            hidden = self.hidden_parts
        forbids = tag in FORBIDDEN_TAGS or any(name in values for name in FORBIDDEN_ATTRS)
        skips = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)
        if tag not in VOID:
            self.stack.append(_Open(tag, forbids, skips, hidden))
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self._close_run()

    def handle_endtag(self, tag: str) -> None:
        if not self.depth or tag in VOID:
            return
        top = self.stack[-1] if self.stack else None
        if top is not None and top.mark is not None and tag == "a":
            run = self._run()
            mark = Mark(self.mark_start or 0, len(run.text), top.mark.href, top.mark.title)
            run.marks.append(mark)
            self.stack.pop()
            return
        self._close_run()
        if tag == "article" and self.depth == 1:
            self.depth = 0
            return
        while self.stack:  # the parser does not balance tags; the pages' HTML is balanced
            opened = self.stack.pop()
            self.depth -= 1
            if opened.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.depth:
            self._run().text += data

    def _run(self) -> Run:
        if self.current is None:
            forbidden = next((o.tag for o in reversed(self.stack) if o.forbids), "")
            skipped = next((o.tag for o in reversed(self.stack) if o.skips), "")
            hidden = tuple(o.hidden for o in self.stack if o.hidden is not None)
            self.current = Run("", forbidden, skipped, self.section, hidden)
        return self.current

    def _close_run(self) -> None:
        if self.current is not None and (self.current.text or self.current.marks):
            self.runs.append(self.current)
        self.current = None


def article_runs(html: str) -> list[Run]:
    reader = ArticleReader()
    reader.feed(html)
    reader.close()
    return reader.runs
