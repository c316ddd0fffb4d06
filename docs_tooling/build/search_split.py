"""mkdocs hook: one search index per language, pages ranked by their role, English word forms.

One index per language: mkdocs-static-i18n writes a single index holding both languages, with the default
language's tokenizer settings. Readers searching from an English page then get Chinese pages first. After the build
this hook writes ``search/search_index.json`` with the Chinese pages only and ``en/search/search_index.json`` with
the English pages only, each with settings that suit it; ``overrides/main.html`` loads ``search_lang.js``, which
points English pages at their own index.

Ranking, the one rule: the appendix pages (``project.APPENDIX``: the glossary and the contributor guide, after the
chapters in the navigation) rank after every other page found, but for a section whose title holds a query word or a
word of the same stem. Both touch every topic of the site without being about it: the glossary is one section holding
a sentence for every term, and the contributor guide names the chapters' commands, values and network terms as
examples (without the rule, "gateway", "KVM", "devstack", 容器 and 网关 listed it second or third, and "route" the
glossary before chapter 4's section on routes). What they are about has a section of its own, whose title matches
(翻译; "Translating" for "translations"; "Snippet metadata"), and keeps its place; a query only they answer (pytest)
lists them as Material ranks them. No page boost can do this. (A first rule compared how often the query's words occur
in the appendix pages and in the others: 网桥 flipped to the glossary first as soon as the guide grew.) Each index lists
its appendix pages in ``config.appendix``; ``search_worker.js``, run in Material's search worker, applies the rule to
lunr's results.

English word forms: the English index also lists, in ``config.forms``, the groups of word forms that find each other
(:mod:`~docs_tooling.build.search_forms`), and ``search_worker.js`` adds a query word's forms to the query. The
Chinese index has none and finds words as before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from docs_tooling.build import search_forms, search_worker
from docs_tooling.project import APPENDIX, PRIMARY

# Chinese: jieba has already split words at build time (zero-width spaces); no stemmer, so
# English words inside Chinese prose (compute, service) are found as written.
ZH_SETTINGS = {"lang": ["zh"], "separator": r"[\s\u200b\u3000\-、。，．？！；：（）「」《》]+", "pipeline": ["stopWordFilter"]}
# English: no stemmer either. Material appends a wildcard to every query word and does not stem it,
# so an index of stems misses whole words: "component" found nothing once indexed as "compon",
# nor "release" as "releas". Without the stemmer a word finds its longer forms ("route" finds
# "routes", "routing"); the other forms come from config.forms (search_forms.py). The trimmer drops punctuation
# stuck to words ("(hypervisor)," -> "hypervisor").
EN_SETTINGS = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["trimmer", "stopWordFilter"]}
SECONDARY = {"en": EN_SETTINGS}


def is_appendix(location: str, lang_prefix: str) -> bool:
    """Whether an entry's location (``en/glossary/#hypervisor``; ``en/glossary.html#hypervisor`` in the offline copy)
    is on an appendix page."""
    return location.removeprefix(lang_prefix).split("#")[0].removesuffix(".html").strip("/") in APPENDIX


def index_config(lang: str, lang_prefix: str, settings: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    """A language's settings and what search_worker.js reads: the appendix pages, and the English word forms."""
    pages = sorted({doc["location"].split("#")[0] for doc in docs if is_appendix(doc["location"], lang_prefix)})
    config = {**settings, "appendix": pages}
    if lang == search_forms.LANG:
        config["forms"] = search_forms.word_groups(search_forms.vocabulary(docs, settings["separator"]))
    return config


def split_index(site_dir: Path) -> dict[str, int]:
    """Rewrite the combined index into one per language; returns entries per language."""
    index_file = site_dir / "search" / "search_index.json"
    if not index_file.exists():
        return {}
    index = json.loads(index_file.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for lang, settings in SECONDARY.items():
        prefix = f"{lang}/"
        docs = [d for d in index["docs"] if d["location"].startswith(prefix)]
        if not docs:
            continue
        target = site_dir / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        config = {**index["config"], **index_config(lang, prefix, settings, docs)}
        target.write_text(json.dumps({"config": config, "docs": docs}, ensure_ascii=False), encoding="utf-8")
        counts[lang] = len(docs)
    primary = [d for d in index["docs"] if not any(d["location"].startswith(f"{lang}/") for lang in SECONDARY)]
    config = {**index["config"], **index_config(PRIMARY, "", ZH_SETTINGS, primary)}
    index_file.write_text(json.dumps({"config": config, "docs": primary}, ensure_ascii=False), encoding="utf-8")
    counts["zh"] = len(primary)
    return counts


@event_priority(-150)  # after mkdocs-static-i18n (-100) has sorted the files, which takes only files on disk
def on_files(files: Files, config: Any) -> Files:
    return search_worker.with_prelude(files, config)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and merged the index
def on_post_build(config: Any) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # an inner per-language build; the outer one writes the final index
    split_index(Path(config["site_dir"]))
