"""Every place a page shows one of the reader's values, marked so the browser's panel can change it.

mkdocs-macros prints each ``{{ name }}`` between two private-use characters (Jinja's ``finalize``), with a third
naming the variable. Markdown and Pygments carry them through like any letter. :func:`to_html` then turns each
marked value of the page's HTML into ``<span data-lab-var="name">value</span>``. When Pygments split a value
into several tokens, the first piece carries ``data-lab-var`` and each further piece ``data-lab-rest`` (the panel
puts the whole value in the first and empties the rest). Inside a tag (an attribute), a ``<script>``, ``<style>``,
``<title>`` or ``<textarea>``, the marks are only removed: those places keep the build's value.
"""

from __future__ import annotations

import html as html_lib
import re

from macros import variables

OPEN, CLOSE = "\ue000", "\ue001"
NAMES: tuple[str, ...] = tuple(dict.fromkeys([*variables.BASE, *variables.DERIVED_DOC]))
_FIRST_NAME = 0xE100
_MARK_RE = re.compile(f"{OPEN}[\ue100-\ue1ff]|{CLOSE}")
_VALUE_RE = re.compile(f"{OPEN}([\ue100-\ue1ff])[^{OPEN}{CLOSE}]*{CLOSE}")  # one marked value: its name, its text
_TOKEN_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RAW_TEXT = ("script", "style", "title", "textarea")


class LabValue(str):
    """A value of the reader's lab; mkdocs-macros prints it marked (see :func:`finalize`)."""

    name: str

    def __new__(cls, name: str, value: str) -> LabValue:
        self = super().__new__(cls, value)
        self.name = name
        return self


# Jinja names a value's type in a page's template errors ("'str object' has no attribute 'nope'"); to the page's
# author a value is a string.
LabValue.__module__, LabValue.__name__ = "builtins", "str"


def mark(name: str, value: str) -> str:
    """``value`` marked as the variable ``name``."""
    return f"{OPEN}{chr(_FIRST_NAME + NAMES.index(name))}{value}{CLOSE}"


def finalize(value: object) -> object:
    """Jinja's ``finalize``: a lab value printed by ``{{ }}`` comes out marked; anything else as it is."""
    return mark(value.name, value) if isinstance(value, LabValue) else value


def strip_marks(text: str) -> str:
    """``text`` as the build's values show it, without marks."""
    return _MARK_RE.sub("", text)


def with_names(text: str) -> str:
    """``text`` with each marked value written as ``{{ name }}``: the same whatever values the build used."""
    return _VALUE_RE.sub(lambda found: "{{ " + NAMES[ord(found.group(1)) - _FIRST_NAME] + " }}", text)


def has_marks(text: str) -> bool:
    return _MARK_RE.search(text) is not None


def to_html(page_html: str) -> str:
    """The page's HTML with each marked value in spans the panel finds (see the module's docstring)."""
    out: list[str] = []
    name: str | None = None  # the value being read, across tags
    first = False  # its first piece is written
    raw_until: str | None = None  # inside <script>, <style>, ...: marks are dropped
    for index, token in enumerate(_TOKEN_RE.split(page_html)):
        if index % 2:  # a tag or a comment
            tag = re.match(r"<(/?)([a-zA-Z]+)", token)
            if tag and raw_until is None and not tag.group(1) and tag.group(2).lower() in _RAW_TEXT:
                raw_until = tag.group(2).lower()
            elif tag and tag.group(1) and tag.group(2).lower() == raw_until:
                raw_until = None
            out.append(strip_marks(token))
            continue
        if raw_until is not None:
            out.append(strip_marks(token))
            continue
        position = 0
        for found in _MARK_RE.finditer(token):
            piece = token[position:found.start()]
            out.append(_piece(name, first, piece))
            first = first or (name is not None and piece != "")
            if found.group() == CLOSE:
                if name is not None and not first:  # an empty value still gets its span
                    out.append(f'<span data-lab-var="{name}"></span>')
                name = None
            else:
                name, first = NAMES[ord(found.group()[1]) - _FIRST_NAME], False
            position = found.end()
        piece = token[position:]
        out.append(_piece(name, first, piece))
        first = first or (name is not None and piece != "")
    return "".join(out)


def _piece(name: str | None, first: bool, piece: str) -> str:
    if name is None or not piece:
        return piece
    if first:
        return f"<span data-lab-rest>{piece}</span>"
    return f'<span data-lab-var="{html_lib.escape(name)}">{piece}</span>'
