"""What marking glossary terms costs a build: each page's Markdown rendered with and without the marker.

    .venv/bin/python benchmarks/glossary_marks.py [--repeat N]

Each page of every language (its source as written: templates are not rendered, which changes little text) gets
the glossary line macros append (the glossary page excepted), then goes through Markdown with the site's core extensions, with and without
docs_tooling.build.glossary_marks; the best of N runs per page. Loading jieba's dictionary, once per build, is
timed on its own.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import markdown

from docs_tooling import project
from docs_tooling.build import glossary_marks, term_finder
from macros import glossary

BASE = ["toc", "attr_list", "admonition", "tables", "footnotes", "def_list", "md_in_html", "pymdownx.superfences",
        "pymdownx.tabbed", "pymdownx.details"]


CONFIGS = {"pymdownx.tabbed": {"alternate_style": True}}
MARKED = [*BASE, "docs_tooling.build.glossary_marks"]


def render(text: str, extensions: list[str]) -> str:
    return markdown.markdown(text, extensions=extensions, extension_configs=CONFIGS)


def best(repeat: int, text: str, extensions: list[str]) -> float:
    """The fastest of ``repeat`` renders, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        render(text, extensions)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    term_finder.chinese_words()
    print(f"jieba's dictionary loaded once per build: {1000 * (time.perf_counter() - started):.0f} ms")
    terms = glossary.load()
    print(f"{'page':<28} {'without':>9} {'with':>9} {'marking':>9} {'marks':>6}")
    total = [0.0, 0.0]
    for lang in project.LANGS:
        for slug in project.pages():
            if f"{slug}.md" == glossary.GLOSSARY_PAGE:
                continue  # macros give the glossary page no glossary line
            path = project.ROOT / project.page_file(slug, lang)
            text = f"{path.read_text(encoding='utf-8')}\n\n{glossary_marks.page_line(lang, 'glossary.md', terms)}\n"
            plain, marked = best(args.repeat, text, BASE), best(args.repeat, text, MARKED)
            marks = render(text, MARKED).count(glossary_marks.MARK_CLASS)
            total[0] += plain
            total[1] += marked
            print(f"{lang + ':' + slug:<28} {1000 * plain:7.1f} ms {1000 * marked:7.1f} ms {1000 * (marked - plain):7.1f} ms "
                  f"{marks:>6}")
    print(f"{'all pages':<28} {1000 * total[0]:7.1f} ms {1000 * total[1]:7.1f} ms {1000 * (total[1] - total[0]):7.1f} ms")


if __name__ == "__main__":
    main()
