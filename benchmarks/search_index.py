"""What search weighs and costs: each language's index and Material's search worker, in bytes and gzip-compressed
bytes, as built and without what docs_tooling/build/search_split.py adds to them (each index's ``appendix`` pages,
the English index's word ``forms``, ``search_worker.js`` in front of the worker); and the time the build spends on the
word forms.

    .venv/bin/python benchmarks/search_index.py

Builds the site with the default values (``mkdocs build --strict``) into a temporary folder. Readers download the
index of their page's language and the worker once per visit (the browser caches them); the offline copy inlines
both indexes into one script. "Without" is what the build wrote before those additions: the same pages' entries.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

import simplemma

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docs_tooling.build import search_forms, search_split, search_worker, sitebuild  # noqa: E402
from docs_tooling.project import PRIMARY  # noqa: E402

ADDED = ("appendix", "forms")  # the config keys search_split.py adds


def sizes(data: bytes) -> tuple[int, int]:
    return len(data), len(gzip.compress(data, compresslevel=9))


def row(name: str, built: bytes, without: bytes) -> str:
    (raw, packed), (raw0, packed0) = sizes(built), sizes(without)
    return f"| {name} | {raw} | {packed} | {raw0} | {packed0} | {raw - raw0} | {packed - packed0} |"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        done = sitebuild.build(ROOT, site)
        if done.returncode != 0:
            print(done.stdout + done.stderr, file=sys.stderr)
            return 1
        print("| file | bytes | gzip | without | gzip without | added | gzip added |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for lang in (PRIMARY, *search_split.SECONDARY):
            path = site / ("" if lang == PRIMARY else lang) / "search" / "search_index.json"
            index = json.loads(path.read_text(encoding="utf-8"))
            plain = {**index, "config": {k: v for k, v in index["config"].items() if k not in ADDED}}
            print(row(path.relative_to(site).as_posix(), path.read_bytes(), json.dumps(plain, ensure_ascii=False).encode()))
        worker = next((site / search_worker.WORKERS).glob("search.*.min.js"))
        prelude = search_worker.PRELUDE.read_bytes()
        print(row(worker.relative_to(site).as_posix(), worker.read_bytes(), worker.read_bytes().removeprefix(prelude)))
        english = json.loads((site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    simplemma.lemmatize("route", lang=search_forms.LANG)  # simplemma loads its English dictionary
    loaded = time.perf_counter()
    search_forms.inflections_by_lemma()
    inverted = time.perf_counter()
    words = search_forms.vocabulary(english["docs"], search_split.EN_SETTINGS["separator"])
    groups = search_forms.word_groups(words)
    grouped = time.perf_counter()
    print(f"\nEnglish word forms: {len(words)} words of the pages, {len(groups)} groups, "
          f"{sum(len(g.split()) for g in groups)} forms. Build time: simplemma's dictionary {loaded - started:.2f} s, "
          f"its inflections by lemma {inverted - loaded:.2f} s, the groups {grouped - inverted:.2f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
