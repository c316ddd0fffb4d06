"""The search indexes and Material's search worker as the build leaves them (docs_tooling/build/search_split.py):
each language's appendix pages, the English word forms, and search_worker.js in front of the worker. What they do
in a browser: tests/browser/test_search.py."""

from __future__ import annotations

import json
from pathlib import Path

import material
import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from docs_tooling.build import search_forms, search_worker
from docs_tooling.project import APPENDIX, PRIMARY, TRANSLATIONS

pytestmark = pytest.mark.site

MATERIAL = Path(material.__file__).parent / "templates"  # the theme's own files


def index(site: Path, lang: str) -> dict:
    folder = site if lang == PRIMARY else site / lang
    return json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))


def groups_of(words: list[str]) -> list[set[str]]:
    return [set(group.split()) for group in search_forms.word_groups(words)]


def test_each_index_names_its_appendix_pages(build_site) -> None:
    site = build_site().site
    for lang in (PRIMARY, *TRANSLATIONS):
        prefix = "" if lang == PRIMARY else f"{lang}/"
        assert index(site, lang)["config"]["appendix"] == sorted(f"{prefix}{page}/" for page in APPENDIX), lang


def test_the_english_index_lists_word_forms_and_the_chinese_one_none(build_site) -> None:
    site = build_site().site
    groups = [set(group.split()) for group in index(site, "en")["config"]["forms"]]
    for forms in ({"route", "routes", "routing"}, {"bridge", "bridges", "bridging"}, {"virtualisation", "virtualization"}):
        assert any(forms <= group for group in groups), f"no group of the English index holds {sorted(forms)}"
    assert "forms" not in index(site, PRIMARY)["config"]


def test_a_group_joins_inflections_and_the_other_spelling() -> None:
    assert any({"route", "routes", "routed", "routing"} <= group for group in groups_of(["routing"]))
    assert any({"centre", "centres", "center", "centers"} <= group for group in groups_of(["centre"]))
    assert any({"labelled", "labeled", "label", "labels"} <= group for group in groups_of(["labelled"]))


def test_a_group_leaves_out_forms_that_do_not_look_like_the_word() -> None:
    """Suppletive forms and contractions: "better" finds no "good", "was" no "be", "ran" no "run"."""
    groups = groups_of(["better", "was", "being", "ran", "running"])
    for apart in ({"better", "good"}, {"was", "be"}, {"being", "ai"}, {"ran", "run"}):
        assert not any(apart <= group for group in groups), f"a group holds {sorted(apart)}: {[g for g in groups if apart <= g]}"
    assert any({"run", "running", "runs"} <= group for group in groups)


def test_the_vocabulary_is_the_indexed_words_of_letters() -> None:
    docs = [{"title": "Routes (and <code>bridges</code>)", "text": "<p>A route, vm1 and year.sequence: virtualisation-ready.</p>"}]
    assert search_forms.vocabulary(docs, r"[\s\-]+") == {"routes", "and", "bridges", "a", "route", "virtualisation", "ready"}


def test_the_search_worker_runs_search_worker_js_first(build_site) -> None:
    site = build_site().site
    workers = sorted((site / search_worker.WORKERS).glob("search.*.min.js"))
    assert len(workers) == 1, workers
    built = workers[0].read_text(encoding="utf-8")
    prelude = search_worker.PRELUDE.read_text(encoding="utf-8")
    theme = MATERIAL / search_worker.WORKERS / workers[0].name
    assert built == prelude + theme.read_text(encoding="utf-8")
    source_map = json.loads(workers[0].with_name(f"{workers[0].name}.map").read_text(encoding="utf-8"))
    original = json.loads(theme.with_name(f"{theme.name}.map").read_text(encoding="utf-8"))
    assert source_map["mappings"] == ";" * prelude.count("\n") + original["mappings"], "the map is not moved down by the prelude"


def test_the_search_worker_stays_ascii() -> None:
    """Material's worker is ASCII (its Chinese and other characters written as escapes); search_worker.js, put in front
    of it, too: the file then reads the same in any encoding a server or the offline copy's shim may assume."""
    theme = sorted((MATERIAL / search_worker.WORKERS).glob("search.*.min.js"))
    assert theme and all(path.read_bytes().isascii() for path in theme), theme
    prelude = search_worker.PRELUDE.read_text(encoding="utf-8")
    lines = [f"line {n}: {line.strip()}" for n, line in enumerate(prelude.splitlines(), 1) if not line.isascii()]
    assert not lines, f"{search_worker.PRELUDE.name}: write these characters as \\u escapes or in words:\n" + "\n".join(lines)


def test_a_theme_without_materials_search_worker_stops_the_build_with_one_line() -> None:
    with pytest.raises(PluginError) as raised:
        search_worker.with_prelude(Files([]), config=None)
    message = str(raised.value)
    assert "\n" not in message and "search_worker.js" in message and "found none" in message, message
