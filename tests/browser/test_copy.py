"""Each code block's copy button puts exactly the code of its file in snippets/ on the clipboard.

snippets/<page>/<NN>.<ext> holds the page's NN-th shell (or Windows) fence, the same in both
languages. The rendered blocks carry no language, so the fences of the page's Markdown source give
each block's language and position; the page must render exactly one block per fence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from docs_tooling.extract import scan
from docs_tooling.extract.snippet_meta import SHELL_LANGS, WINDOWS_LANGS
from docs_tooling.extract.snippets import SNIPPET_DIR, read_snippet_file
from tests.browser.served_site import ROOT, Page, Visit, discover_pages

PAGES = discover_pages()
SNIPPETS = ROOT / SNIPPET_DIR
SENTINEL = "(clipboard not written)"
# Blocks rendered from fences (with anchor_linenums, pymdownx.highlight anchors each line); not a
# hand-written <div class="highlight"> such as the contributor guide's example.
BLOCKS = '.md-content article div.highlight:has(> pre > code > a[id^="__codelineno-"])'
# Opens what hides a block: the content tab it sits in, a collapsed <details>.
REVEAL_JS = """block => {
  for (let node = block; node; node = node.parentElement) {
    if (node.tagName === 'DETAILS') node.open = true;
    if (node.classList.contains('tabbed-block')) {
      const position = [...node.parentElement.children].indexOf(node);
      node.closest('.tabbed-set').querySelectorAll(':scope > .tabbed-labels > label')[position].click();
    }
  }
}"""

pytestmark = pytest.mark.browser


def snippet_files(slug: str) -> dict[int, Path]:
    folder = SNIPPETS / slug
    files = sorted(p for p in folder.glob("*.*") if p.stem.isdigit()) if folder.is_dir() else []
    return {int(p.stem): p for p in files}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_copy_button_copies_the_snippet(new_visit: Callable[..., Visit], page: Page) -> None:
    assert any(SNIPPETS.rglob("*.*")), f"{SNIPPETS} has no files yet: run `./dev snippets` to extract the pages' commands"
    source = ROOT / "docs" / page.lang / f"{page.slug}.md"
    fences = scan.scan_text(str(source.relative_to(ROOT)), source.read_text(encoding="utf-8"), scan.converter(), every_language=True).fences
    shell = [i for i, fence in enumerate(fences) if fence.lang in SHELL_LANGS | WINDOWS_LANGS]
    files = snippet_files(page.slug)
    assert sorted(files) == list(range(1, len(shell) + 1)), (
        f"{page.id}: {len(shell)} shell fences in {source.relative_to(ROOT)} but snippets/{page.slug}/ holds "
        f"{', '.join(p.name for p in files.values()) or 'nothing'}; refresh with `./dev snippets`"
    )

    visit = new_visit(permissions=["clipboard-read", "clipboard-write"])
    visit.open(page)
    tab = visit.tab
    blocks = tab.locator(BLOCKS)
    assert blocks.count() == len(fences), f"{page.id}: {blocks.count()} code blocks on the page, {len(fences)} fences in its source"
    wrong = []
    for number, position in enumerate(shell, start=1):
        path = files[number]
        _, code = read_snippet_file(path)
        block = blocks.nth(position)
        block.evaluate(REVEAL_JS)
        tab.evaluate("text => navigator.clipboard.writeText(text)", SENTINEL)
        block.hover()
        block.locator('button[data-md-type="copy"], button.md-clipboard').first.click()
        copied = tab.evaluate("navigator.clipboard.readText()")
        if copied != code:
            line = fences[position].line
            wrong.append(f"{path.relative_to(ROOT)} ({source.relative_to(ROOT)}:{line}):\n"
                         f"    copied:   {copied!r}\n    expected: {code!r}")
    hint = "after changing a command, run `./dev snippets`"
    assert not wrong, f"{page.id}: the copy button gave other text than snippets/ ({hint}):\n  " + "\n  ".join(wrong)
    assert not visit.errors, "\n".join(visit.errors)
