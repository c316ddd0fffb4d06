"""Does ``./dev snippets --scan`` find exactly the shell fences a plain Python-Markdown + superfences render shows?

    .venv/bin/python benchmarks/scan_agreement.py TREE...   # folders of Markdown, e.g. other projects' docs/

For every ``*.md`` below each TREE: the scan's command fences (language, code), and, independently, the code
blocks of the HTML that Python-Markdown renders with the site's extensions *without* the fence recorder,
with Pygments' language class on each block; blocks inside HTML comments are not shown, so not counted.
Prints the totals, each difference (file, the two lists), the scan's own problems (fences never closed) and the
time per file. Exit status 1 when a file differs.
"""

from __future__ import annotations

import argparse
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docs_tooling.extract import fences, scan  # noqa: E402

RECORDER = "docs_tooling.build.fence_record"


class _CodeBlocks(HTMLParser):
    """(language, text) of each ``<div class="language-X highlight">`` block's ``<code>``, comments left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._lang: str | None = None
        self._depth = 0  # <div> nesting inside the current block
        self._in_code = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and self._lang is None and "highlight" in classes:
            langs = [c.removeprefix("language-") for c in classes if c.startswith("language-")]
            self._lang, self._depth = (langs[0].lower() if langs else ""), 1
        elif tag == "div" and self._lang is not None:
            self._depth += 1
        elif tag == "code" and self._lang is not None:
            self._in_code, self._text = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._in_code:
            self._in_code = False
            self.blocks.append((self._lang or "", "".join(self._text).strip("\n")))
        elif tag == "div" and self._lang is not None:
            self._depth -= 1
            if self._depth == 0:
                self._lang = None

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self._text.append(data)


def reference_converter() -> markdown.Markdown:
    """The site's extensions as configured, without the recorder, and Pygments naming each block's language."""
    config = scan.load_config(str(ROOT / "mkdocs.yml"))
    names = [e for e in config["markdown_extensions"] if e != RECORDER]
    configs = dict(config["mdx_configs"])
    configs["pymdownx.highlight"] = {**configs.get("pymdownx.highlight", {}), "pygments_lang_class": True}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def reference_fences(text: str, md: markdown.Markdown) -> list[tuple[str, str]]:
    body, _ = fences.source_markdown(text.replace("\r\n", "\n"))
    md.reset()
    parser = _CodeBlocks()
    parser.feed(md.convert(body))
    return [(lang, code) for lang, code in parser.blocks if lang in fences.COMMAND_LANGS]  # text as the browser shows it


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs="+", type=Path)
    args = parser.parse_args()
    ours_md = scan.converter()
    reference_md = reference_converter()
    differing = 0
    for tree in args.trees:
        files = sorted(tree.rglob("*.md"))
        found = shown = problems = 0
        started = time.monotonic()
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            scanned = scan.scan_text(str(path), text, ours_md)
            ours = [(fence.lang, fence.code) for fence in scanned.fences]
            reference = reference_fences(text, reference_md)
            found, shown, problems = found + len(ours), shown + len(reference), problems + len(scanned.problems)
            for problem in scanned.problems:
                print(f"  problem: {problem}")
            if ours != reference:
                differing += 1
                print(f"  DIFFERS {path}:\n    scan:      {ours}\n    reference: {reference}")
        seconds = time.monotonic() - started
        print(f"{tree}: {len(files)} files, {found} shell fences scanned, {shown} in the rendered HTML, "
              f"{problems} unclosed-fence problems; {seconds:.1f} s for both ({1000 * seconds / max(len(files), 1):.1f} ms a file)")
    print(f"files that differ: {differing}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
