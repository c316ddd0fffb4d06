"""Abbreviations (Material's tooltips) that also match terms inside Chinese text.

Python-Markdown's ``abbr`` extension wraps terms in ``\\b``. Chinese characters count as word
characters, so ``宿主机`` inside a Chinese sentence never matches. Here a term matches unless an
ASCII letter, digit or underscore touches it, which keeps ``host`` out of ``hosts``.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions.abbr import AbbrBlockprocessor, AbbrExtension, AbbrTreeprocessor


class CjkAbbrTreeprocessor(AbbrTreeprocessor):
    def run(self, root):  # type: ignore[no-untyped-def]
        if not self.abbrs:
            return None
        terms = sorted(self.abbrs, key=len, reverse=True)
        alternatives = "|".join(re.escape(term) for term in terms)
        self.RE = re.compile(f"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])")
        self.iter_element(root)
        return None


class CjkAbbrExtension(AbbrExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        if self.config["glossary"][0]:
            self.load_glossary(self.config["glossary"][0])
        self.abbrs.update(self.glossary)
        md.registerExtension(self)
        md.treeprocessors.register(CjkAbbrTreeprocessor(md, self.abbrs), "abbr", 7)
        md.parser.blockprocessors.register(AbbrBlockprocessor(md.parser, self.abbrs), "abbr", 16)


def makeExtension(**kwargs: object) -> CjkAbbrExtension:  # noqa: N802 (Markdown's API name)
    return CjkAbbrExtension(**kwargs)
