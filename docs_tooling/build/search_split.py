"""mkdocs hook: one search index per language.

mkdocs-static-i18n writes a single index holding both languages, with the default language's
tokenizer settings. Readers searching from an English page then get Chinese pages first, and the
English stemmer is lost. After the build this hook writes ``search/search_index.json`` with the
Chinese pages only and ``en/search/search_index.json`` with the English pages only, each with
settings that suit it; ``overrides/main.html`` loads ``search_lang.js``, which points English
pages at their own index.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

# Chinese: jieba has already split words at build time (zero-width spaces); no stemmer, so
# English words inside Chinese prose (compute, service) are found as written.
ZH_SETTINGS = {"lang": ["zh"], "separator": r"[\s\u200b\u3000\-、。，．？！；：（）「」《》]+", "pipeline": ["stopWordFilter"]}
# English: no stemmer either. Material appends a wildcard to every query word and does not stem it,
# so an index of stems misses whole words: "component" found nothing once indexed as "compon",
# nor "release" as "releas". Without the stemmer a word finds its longer forms ("route" finds
# "routes", "routing"). The trimmer drops punctuation stuck to words ("(hypervisor)," -> "hypervisor").
EN_SETTINGS = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["trimmer", "stopWordFilter"]}
SECONDARY = {"en": EN_SETTINGS}
# Score factors for pages (path below the language's root). The glossary is a single section holding a
# sentence for every term, and Material ranks a page's own entry five times a section's: without this,
# "路由" / "route" listed the glossary before chapter 4, whose section on routes uses the word 19 times.
BOOST = {"glossary/": 0.1}


def _boost(doc: dict[str, Any], lang_prefix: str) -> dict[str, Any]:
    page = doc["location"].removeprefix(lang_prefix).split("#")[0]
    return {**doc, "boost": BOOST[page]} if page in BOOST else doc


def split_index(site_dir: Path) -> dict[str, int]:
    """Rewrite the combined index into one per language; returns entries per language."""
    index_file = site_dir / "search" / "search_index.json"
    if not index_file.exists():
        return {}
    index = json.loads(index_file.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for lang, settings in SECONDARY.items():
        prefix = f"{lang}/"
        docs = [_boost(d, prefix) for d in index["docs"] if d["location"].startswith(prefix)]
        if not docs:
            continue
        target = site_dir / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": {**index["config"], **settings}, "docs": docs}, ensure_ascii=False), encoding="utf-8")
        counts[lang] = len(docs)
    primary = [_boost(d, "") for d in index["docs"] if not any(d["location"].startswith(f"{lang}/") for lang in SECONDARY)]
    index_file.write_text(json.dumps({"config": {**index["config"], **ZH_SETTINGS}, "docs": primary}, ensure_ascii=False), encoding="utf-8")
    counts["zh"] = len(primary)
    return counts


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and merged the index
def on_post_build(config: Any) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # an inner per-language build; the outer one writes the final index
    split_index(Path(config["site_dir"]))
