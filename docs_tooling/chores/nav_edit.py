"""Add a page to mkdocs.yml's ``nav:`` and to the English ``nav_translations`` by inserting lines.

The file keeps its comments, order and ``!!python/name`` tags: nothing is parsed and dumped back.
The result is parsed afterwards to check the insertion did what was meant.
"""

from __future__ import annotations

import json
import re

import yaml

from docs_tooling.errors import DocsError
from docs_tooling.project import APPENDIX
from docs_tooling.project import load_config_text as load


class NavError(DocsError):
    """mkdocs.yml cannot take the new entry; the message says why and what to do."""


def scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when it reads back unchanged, double-quoted otherwise."""
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _block(lines: list[str], start: int) -> tuple[int, int, str]:
    """(first, end, indent) of the block of lines indented under ``lines[start]``."""
    own = len(lines[start]) - len(lines[start].lstrip())
    first = start + 1
    end, indent = first, ""
    for index in range(first, len(lines)):
        line = lines[index]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        width = len(line) - len(line.lstrip())
        if (width <= own and not line.lstrip().startswith("- ")) or width < own:
            break
        if not indent:
            indent = line[:width]
        end = index + 1
    return first, end, indent


def _find(lines: list[str], pattern: str) -> list[int]:
    regex = re.compile(pattern)
    return [index for index, line in enumerate(lines) if regex.match(line)]


def add_page(text: str, page: str, zh_title: str, en_title: str, after: str | None = None) -> str:
    """``text`` of mkdocs.yml with ``zh_title: page`` in ``nav:`` and ``zh_title: en_title`` in nav_translations."""
    config = load(text)
    nav = config.get("nav") or []
    titles = {title: target for item in nav if isinstance(item, dict) for title, target in item.items()}
    if zh_title in titles:
        raise NavError(f"mkdocs.yml: nav already has an entry titled '{zh_title}' ({titles[zh_title]}); choose another Chinese title")
    if page in titles.values():
        raise NavError(f"mkdocs.yml: nav already lists {page}")
    lines = text.split("\n")
    navs = _find(lines, r"^nav:\s*(#.*)?$")
    translations = _find(lines, r"^\s+nav_translations:\s*(#.*)?$")
    if len(navs) != 1:
        raise NavError("mkdocs.yml: expected one top-level `nav:` list")
    if len(translations) != 1:
        raise NavError("mkdocs.yml: expected one `nav_translations:` (under the i18n plugin's `en` language)")
    # nav_translations first: it comes before nav in the file, so the nav line numbers still hold.
    t_first, t_end, t_indent = _block(lines, translations[0])
    if not t_indent:
        raise NavError("mkdocs.yml: `nav_translations:` is empty; give it at least one `中文标题: English title` line")
    if t_first > navs[0]:
        raise NavError("mkdocs.yml: expected nav_translations (in plugins) before the top-level nav")
    lines.insert(t_end, f"{t_indent}{scalar(zh_title)}: {scalar(en_title)}")
    n_first, n_end, n_indent = _block(lines, navs[0] + 1)  # one line further down now
    entries = [i for i in range(n_first, n_end) if lines[i].startswith(f"{n_indent}- ")]
    position = n_end
    targets = {i: lines[i].rsplit(":", 1)[-1].strip() for i in entries}
    if after:
        matches = [i for i in entries if targets[i] == after]
        if not matches:
            raise NavError(f"mkdocs.yml: --after {after}: no such top-level entry in nav ({', '.join(targets.values())})")
        later = [i for i in entries if i > matches[0]]
        position = later[0] if later else n_end
    else:
        appendix = [i for i in entries if targets[i] in {f"{name}.md" for name in APPENDIX}]  # new chapters go before these
        position = appendix[0] if appendix else n_end
    lines.insert(position, f"{n_indent or '  '}- {scalar(zh_title)}: {page}")
    result = "\n".join(lines)
    _verify(result, page, zh_title, en_title)
    return result


def _verify(text: str, page: str, zh_title: str, en_title: str) -> None:
    config = load(text)
    nav = [item for item in config.get("nav") or [] if isinstance(item, dict)]
    if {zh_title: page} not in nav:
        raise NavError(f"mkdocs.yml: inserting '{zh_title}: {page}' into nav did not give that entry; add it by hand")
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"].get("languages", []):
                if language.get("nav_translations") and language["nav_translations"].get(zh_title) == en_title:
                    return
    raise NavError(f"mkdocs.yml: inserting '{zh_title}: {en_title}' into nav_translations did not give that entry; add it by hand")
