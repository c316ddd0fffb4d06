"""The project's constants, each found once: its root, its languages (from mkdocs.yml) and its pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

ROOT = Path(__file__).resolve().parents[1]
CONFIG_FILE = "mkdocs.yml"
DOCS_DIR = "docs"
SNIPPET_DIR = "snippets"
# The pages after the chapters in the navigation, for looking things up rather than reading: `./dev new-chapter` puts
# a new chapter before them, and search ranks them after the chapters (docs_tooling/build/search_split.py).
APPENDIX = ("glossary", "contributing")


class _Loader(yaml.SafeLoader):
    """Safe loader that reads ``!!python/name:x`` tags as plain text instead of importing ``x``, and ``!ENV``."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: f"!!python/{suffix}")
_Loader.add_constructor("!ENV", construct_env_tag)  # as mkdocs reads it: the variable's value, else the default


def load_config_text(text: str) -> dict[str, Any]:
    """mkdocs.yml's content as data, without importing what its tags name."""
    return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass


def _languages(config: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    """(every language, the default one) from the i18n plugin's ``languages``: the default first."""
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = plugin["i18n"]["languages"]
            default = next(entry["locale"] for entry in entries if entry.get("default"))
            return (default, *(entry["locale"] for entry in entries if entry["locale"] != default)), default
    raise ValueError(f"{CONFIG_FILE}: no i18n plugin with `languages`; the site's languages are declared there")


LANGS, PRIMARY = _languages(load_config_text((ROOT / CONFIG_FILE).read_text(encoding="utf-8")))
TRANSLATIONS = tuple(lang for lang in LANGS if lang != PRIMARY)


def site_root() -> Path:
    """The site a ``./dev`` command works on: the working directory when it holds mkdocs.yml (``./dev`` runs in its
    own folder; a test runs the commands in a copy or a tiny site), else the checkout holding this package."""
    cwd = Path.cwd()
    return cwd if (cwd / CONFIG_FILE).is_file() else ROOT


def page_file(page: str, lang: str) -> str:
    """The source of ``page`` in ``lang``, relative to the root: ``docs/zh/kvm.md``."""
    return f"{DOCS_DIR}/{lang}/{page}.md"


def pages(root: Path = ROOT) -> list[str]:
    """Pages present in any language, as paths below ``docs/<lang>/`` without ``.md`` (``kvm``, ``guide/intro``)."""
    found: set[str] = set()
    for lang in LANGS:
        base = root / DOCS_DIR / lang
        found |= {p.relative_to(base).with_suffix("").as_posix() for p in base.rglob("*.md")}
    return sorted(found)


def missing_translation(have: str, missing: str) -> str:
    """The one message for a page that exists in one language only (``./dev snippets``, ``translations``, the runner)."""
    return f"{have} has no translation: create {missing} (`./dev new-chapter` creates both for a new page)"
