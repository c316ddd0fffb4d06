"""The glossary (``macros/glossary.yml``): its terms, checked, with the file and line of any mistake.

Each entry has an ``id`` (its anchor on the glossary page, the same in every language) and, for each language,
the term's name (``zh``, ``en``) and its definition (``zh_def``, ``en_def``). An optional ``zh_also`` / ``en_also``
lists other names of the same term (``虚拟机监视器`` for the hypervisor): pages mark them as the term, and a term
never gets marked inside one of them (see docs_tooling/build/glossary_marks.py).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from docs_tooling.errors import DocsError, where
from docs_tooling.project import LANGS, ROOT

GLOSSARY_FILE = Path(__file__).with_name("glossary.yml")
GLOSSARY_PAGE = "glossary.md"  # in each language's folder
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
REQUIRED = ("id", *(key for lang in LANGS for key in (lang, f"{lang}_def")))
OPTIONAL = tuple(f"{lang}_also" for lang in LANGS)


class GlossaryError(DocsError):
    """A mistake in glossary.yml: ``macros/glossary.yml:12: term 'vm': ...; how to fix``."""


@dataclass(frozen=True)
class Term:
    id: str
    names: dict[str, str]  # language -> the term's name
    also: dict[str, tuple[str, ...]]  # language -> other names of the same term
    definitions: dict[str, str]  # language -> definition

    def forms(self, lang: str) -> tuple[str, ...]:
        """Every name the term has in ``lang``: its own first."""
        return (self.names[lang], *self.also[lang])


def load(path: Path = GLOSSARY_FILE) -> list[Term]:
    """The glossary's terms in file order, parsed once per version of the file (every page asks)."""
    return list(_parsed(path, path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=4)
def _parsed(path: Path, mtime_ns: int) -> tuple[Term, ...]:
    return tuple(parse(path.read_text(encoding="utf-8"), _shown(path)))


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def parse(text: str, source: str = "macros/glossary.yml") -> list[Term]:
    """The terms of glossary.yml's ``text``; raises :class:`GlossaryError` naming ``source``'s line."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise GlossaryError(f"{where(source, mark.line + 1 if mark else None)}: not valid YAML: "
                            f"{getattr(exc, 'problem', exc)}; each term is a list item of `key: value` lines") from None
    if root is None or not isinstance(root, yaml.SequenceNode):
        raise GlossaryError(f"{source}: expected a list of terms (lines starting with `- id: ...`)")
    terms: list[Term] = []
    for node in root.value:
        terms.append(_term(node, source))
    _check_unique(terms, root.value, source)
    return terms


def _term(node: yaml.Node, source: str) -> Term:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise GlossaryError(f"{where(source, line)}: expected a term (`id:`, {', '.join(REQUIRED[1:])}), found {node.value!r}")
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in REQUIRED + OPTIONAL:
            close = difflib.get_close_matches(key, REQUIRED + OPTIONAL, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise GlossaryError(f"{where(source, key_node.start_mark.line + 1)}: unknown key '{key}'{hint}; "
                                f"a term has {', '.join(REQUIRED)} and optionally {', '.join(OPTIONAL)}")
        fields[key] = value_node
    name = fields["id"].value if "id" in fields else "?"
    missing = [key for key in REQUIRED if key not in fields]
    if missing:
        raise GlossaryError(f"{where(source, line)}: term '{name}': missing {', '.join(missing)}; "
                            f"every term needs {', '.join(REQUIRED)}")
    texts = {key: _text(fields[key], key, name, source) for key in REQUIRED}
    if not ID_RE.fullmatch(texts["id"]):
        raise GlossaryError(f"{where(source, fields['id'].start_mark.line + 1)}: id {texts['id']!r}: use lowercase letters, "
                            "digits and single hyphens (it is the term's anchor on the glossary page, e.g. type-1)")
    also = {lang: tuple(_also(fields.get(f"{lang}_also"), f"{lang}_also", name, source)) for lang in LANGS}
    return Term(texts["id"], {lang: texts[lang] for lang in LANGS}, also, {lang: texts[f"{lang}_def"] for lang in LANGS})


def _text(node: yaml.Node, key: str, name: str, source: str) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise GlossaryError(f"{where(source, node.start_mark.line + 1)}: term '{name}': {key} must be a non-empty text "
                            "without leading or trailing spaces")
    return value


def _also(node: yaml.Node | None, key: str, name: str, source: str) -> Iterator[str]:
    if node is None:
        return
    if not isinstance(node, yaml.SequenceNode):
        raise GlossaryError(f"{where(source, node.start_mark.line + 1)}: term '{name}': {key} must be a list, "
                            f"e.g. `{key}: [{'虚拟机监视器' if key.startswith('zh') else 'virtual machine monitor'}]`")
    for item in node.value:
        yield _text(item, key, name, source)


def _check_unique(terms: Sequence[Term], nodes: Sequence[yaml.Node], source: str) -> None:
    """Ids are unique, and so is every name within a language (a name must lead to one term)."""
    ids: set[str] = set()
    for term, node in zip(terms, nodes, strict=True):
        if term.id in ids:
            raise GlossaryError(f"{where(source, node.start_mark.line + 1)}: id '{term.id}' is used twice; give each term its own id")
        ids.add(term.id)
    for lang in LANGS:
        owner: dict[str, str] = {}
        for term, node in zip(terms, nodes, strict=True):
            for form in term.forms(lang):
                if form in owner:
                    raise GlossaryError(f"{where(source, node.start_mark.line + 1)}: term '{term.id}': the {lang} name "
                                        f"{form!r} is already a name of term '{owner[form]}'; a name must belong to one term")
                owner[form] = term.id
