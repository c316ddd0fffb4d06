"""English search: the word forms that find each other (routes → route, bridging → bridge, virtualization →
virtualisation), as groups the search worker expands a query word into.

Why groups, and why at query time: Material appends a wildcard to every query word and does not stem it, so the
English index keeps whole words (see :mod:`~docs_tooling.build.search_split`). A wildcard finds longer forms
("route" finds "routes") but never shorter or differently spelled ones ("routes" missed "route", "bridging" missed
"bridge", "virtualization" missed "virtualisation"). The build therefore lists, for the words of the English pages,
their forms in groups (``config.forms`` of the English index), and ``search_worker.js``, run in Material's search
worker, adds a query word's group to the query: each form the pages contain is looked up as a whole word, and the
result marks it where it stands in the text. Not at index time: forms added to an entry would match in a text no
reader sees, so the result could not mark them, and each would count as one more occurrence of the word.

A group is the union of:

- the inflections of a word's lemma (plural, -s, -ed, -ing, irregular forms), from simplemma's English dictionary:
  ``simplemma.lemmatize`` gives a word's lemma, the same dictionary read backwards the lemma's forms. Only forms
  that begin like their lemma (its first letters, all but the last, at most three) join it: inflections do
  (routing/route, using/use, indices/index), suppletive forms and contractions do not (was/be, better/good, ran/run),
  so that a query never finds a word that does not look like it;
- the British and American spellings of each form (virtualisation/virtualization, centre/center, licence/license,
  labelled/labeled), from the word list of ``eng``; the other spelling's inflections join too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

import simplemma
from eng import Fixer, Target
from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

LANG = "en"
WORD_RE = re.compile(r"[a-z]+")  # the index terms a group can hold: words of letters (not "vm1", "year.sequence")
TAG_RE = re.compile(r"<[^>]+>")
TRIM_RE = re.compile(r"^\W+|\W+$")  # lunr's trimmer, which the English index runs (search_split.EN_SETTINGS)


def vocabulary(docs: Iterable[Mapping[str, str]], separator: str) -> set[str]:
    """The words of the index's titles and texts as the English index stores them: lower case, split at
    ``separator``, trimmed of punctuation, letters only."""
    split = re.compile(separator)
    words: set[str] = set()
    for doc in docs:
        for token in split.split(TAG_RE.sub(" ", f"{doc.get('title', '')} {doc.get('text', '')}").lower()):
            word = TRIM_RE.sub("", token)
            if WORD_RE.fullmatch(word):
                words.add(word)
    return words


@functools.cache
def inflections_by_lemma() -> dict[str, frozenset[str]]:
    """lemma -> its forms in simplemma's English dictionary (lower-case words of letters only)."""
    forms: dict[str, set[str]] = {}
    dictionary = DEFAULT_DICTIONARY_FACTORY.get_dictionary(LANG)
    for form, lemma in dictionary.items():
        if WORD_RE.fullmatch(form):
            forms.setdefault(lemma, set()).add(form)
    return {lemma: frozenset(words) for lemma, words in forms.items()}


@functools.cache
def _spellings() -> dict[str, str]:
    """Each British spelling to its American one and back (``eng``'s word list)."""
    british_to_american = dict(Fixer(target=Target.US, content="").words)
    return british_to_american | {us: uk for uk, us in british_to_american.items()}


def looks_like(form: str, lemma: str) -> bool:
    """Whether ``form`` begins like ``lemma``: its first letters, all but the last, at most three."""
    size = min(3, len(lemma) - 1)
    return form[:size] == lemma[:size]


@functools.cache
def family(word: str) -> frozenset[str]:
    """``word``, its lemma and the lemma's inflections that look like it."""
    lemma = simplemma.lemmatize(word, lang=LANG)
    if not WORD_RE.fullmatch(lemma) or not looks_like(word, lemma):
        lemma = word
    forms = inflections_by_lemma()
    known = forms.get(lemma, frozenset()) | forms.get(word, frozenset())
    return frozenset({word, lemma} | {form for form in known if looks_like(form, lemma)})


def word_groups(words: Iterable[str]) -> list[str]:
    """Groups of forms that find each other, each one string of its forms in order ("bridge bridged bridges
    bridging"), sorted: for each of ``words``, its family, and the family of each form's other spelling. Groups of
    one form are left out."""
    parent: dict[str, str] = {}

    def root(word: str) -> str:
        parent.setdefault(word, word)
        while parent[word] != word:
            parent[word] = parent[parent[word]]
            word = parent[word]
        return word

    spellings = _spellings()
    for word in sorted(set(words)):
        for form in family(word):
            other = spellings.get(form)
            for joined in (form, *(family(other) if other else ())):
                parent[root(joined)] = root(word)
    groups: dict[str, set[str]] = {}
    for word in parent:
        groups.setdefault(root(word), set()).add(word)
    return sorted(" ".join(sorted(group)) for group in groups.values() if len(group) > 1)

