"""Where glossary terms occur in a text as whole words: the rules the marks follow and the site check verifies.

- Latin edges (``KVM``, ``host``, ``1 型虚拟化``'s ``1``): no letter, digit, ``_`` or ``-`` touches the term, and no
  ``.`` or ``/`` joins it to one (``docker.io``, ``stable/x``): ``host`` is not found in ``localhost``, ``host-only``.
  A term written in lowercase is also found capitalised (a sentence's first word); in English also in the plural
  (``hosts``, ``branches``), the whole plural being the occurrence.
- Chinese has no spaces, so a word is what a dictionary says: jieba's (the one the search index segments with).
  A term is not found where a longer dictionary word contains it: ``子网`` not in ``子网掩码``, ``路由`` not in
  ``路由表``.
- Longest term wins: an occurrence inside a longer term's (or another name's, e.g. ``虚拟机监视器``) is not one.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LATIN = re.compile(r"[A-Za-z0-9_]")
JOINED = re.compile(r"[A-Za-z0-9_\-]")  # a character that makes a longer Latin word
JOINERS = "./"  # joins two Latin words into one name when letters are on both sides
PLURAL_ES = ("s", "x", "z", "ch", "sh")


@dataclass(frozen=True, order=True)
class Occurrence:
    start: int
    end: int
    id: str  # the glossary term's id


@functools.cache
def chinese_words() -> tuple[Mapping[str, int], int]:
    """jieba's dictionary (word -> frequency; a frequency of 0 is a prefix it keeps, not a word) and the longest
    word's length. The search plugin loads the same dictionary in the same build (Material segments Chinese with it)."""
    import jieba  # only Chinese pages need it; loading it takes a second or two

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ, max(len(word) for word, freq in jieba.dt.FREQ.items() if freq > 0)


def variants(form: str, lang: str) -> list[str]:
    """How ``form`` may be written in running text of ``lang``: capitalised at a sentence's start, English plurals."""
    found = [form]
    if form[0].isascii() and form[0].islower():
        found.append(form[0].upper() + form[1:])
    if lang == "en" and form[-1].isascii() and form[-1].islower():
        suffix = "es" if form.endswith(PLURAL_ES) else "s"
        found += [f + suffix for f in found]
    return found


class TermFinder:
    """The terms of one language; :meth:`find` returns their whole-word occurrences in a text."""

    def __init__(self, lang: str, terms: Iterable[tuple[str, Iterable[str]]]) -> None:
        """``terms``: (id, names) pairs; every name is searched, each occurrence reported with its term's id."""
        self.lang = lang
        self.forms: dict[str, str] = {}
        for term_id, names in terms:
            for name in names:
                for variant in variants(name, lang):
                    self.forms.setdefault(variant, term_id)

    def find(self, text: str) -> list[Occurrence]:
        """Non-overlapping whole-word occurrences in ``text``, in order; where two overlap, the longer one."""
        candidates = []
        for form, term_id in self.forms.items():
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                if self.is_word(text, start, end):
                    candidates.append(Occurrence(start, end, term_id))
                start = text.find(form, start + 1)
        chosen: list[Occurrence] = []
        taken = [False] * len(text)
        for found in sorted(candidates, key=lambda o: (o.start - o.end, o.start)):
            if not any(taken[found.start:found.end]):
                chosen.append(found)
                taken[found.start:found.end] = [True] * (found.end - found.start)
        return sorted(chosen)

    def is_word(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` stands as a word of its own: not part of a longer Latin or Chinese word."""
        if LATIN.match(text[start]) and _joined(text, start - 1, -1):
            return False
        if LATIN.match(text[end - 1]) and _joined(text, end, +1):
            return False
        return self.lang != "zh" or not _inside_chinese_word(text, start, end)


def _joined(text: str, at: int, step: int) -> bool:
    """Whether the character at ``at`` (beside a term, on the side ``step`` points to) makes the term part of a longer word."""
    if not 0 <= at < len(text):
        return False
    if JOINED.match(text[at]):
        return True
    beyond = at + step
    return text[at] in JOINERS and 0 <= beyond < len(text) and LATIN.match(text[beyond]) is not None


def _inside_chinese_word(text: str, start: int, end: int) -> bool:
    words, longest = chinese_words()
    length = end - start
    for first in range(max(0, start - (longest - length)), start + 1):
        for last in range(end, min(len(text), first + longest) + 1):
            if (first, last) != (start, end) and words.get(text[first:last], 0) > 0:
                return True
    return False
