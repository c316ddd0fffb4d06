"""Inline code in a table cell wraps between its words only: each word of it becomes a ``<span class="code-token">``.

extra.css keeps each such span on one line, so a cell's ``docker pull ubuntu:24.04`` may wrap at its spaces but never
inside ``ubuntu:24.04``, ``192.168.1.199`` or ``openstack-lab`` (left alone, a browser breaks after a hyphen or a
slash, and Material's style lets it break anywhere). Inline code of one word needs no span: extra.css keeps a table's
code on one line unless it holds these spans. A reader's value in the code (a private-use mark pair until
:mod:`docs_tooling.build.value_marks` turns it into its own span) holds no space, so it stays inside one word.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, AtomicString

TOKEN_CLASS = "code-token"
_SPACES = re.compile(r"(\s+)")
_PLACEHOLDER = re.compile(HTML_PLACEHOLDER % r"([0-9]+)")


class TableCodeTokens(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for cell in root.iter():
            if cell.tag in ("td", "th"):
                for code in cell.iter("code"):
                    split_words(code, self.md)


def split_words(code: ElementTree.Element, md: Markdown) -> None:
    """``code``'s words as spans, the white space around them kept; code with elements inside (highlighted inline
    code) or of one word is left as it is. pymdownx.inlinehilite keeps the code's text, escaped, in the HTML stash
    (the element holds its placeholder): there the stashed HTML gets the spans."""
    text = code.text or ""
    stashed = _PLACEHOLDER.fullmatch(text)
    if stashed:
        index = int(stashed.group(1))
        html = md.htmlStash.rawHtmlBlocks[index]
        if isinstance(html, str) and "<" not in html and len(html.split()) > 1:
            md.htmlStash.rawHtmlBlocks[index] = "".join(
                piece if piece.isspace() else f'<span class="{TOKEN_CLASS}">{piece}</span>'
                for piece in _SPACES.split(html) if piece)
        return
    if len(code) or len(text.split()) < 2:
        return
    code.text, word = None, None
    for piece in _SPACES.split(text):
        if not piece:
            continue
        if not piece.isspace():
            word = ElementTree.SubElement(code, "span", {"class": TOKEN_CLASS})
            word.text = AtomicString(piece)
        elif word is None:
            code.text = AtomicString(piece)
        else:
            word.tail = AtomicString(piece)


class TableCodeTokensExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # After the inline patterns (20) have made the <code> elements and after the abbreviations (7).
        md.treeprocessors.register(TableCodeTokens(md), "table_code_tokens", 6)


def makeExtension(**kwargs: object) -> TableCodeTokensExtension:  # noqa: N802 (Markdown's API name)
    return TableCodeTokensExtension(**kwargs)
