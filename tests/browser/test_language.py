"""The language selector leads to the same page in the other language, at the same section, and back."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.served_site import Page, Visit, discover_pages

PAGES = discover_pages()
BY_KEY = {(p.lang, p.slug): p for p in PAGES}
LANGUAGES = sorted({p.lang for p in PAGES})
# Every page with every other language: ids like "zh:kvm>en".
SWITCHES = [(page, other) for page in PAGES for other in LANGUAGES if other != page.lang]
HEADING_IDS_JS = "() => [...document.querySelectorAll('.md-content article :is(h2, h3)[id]')].map(h => h.id)"

pytestmark = pytest.mark.browser


def choose_language(visit: Visit, lang: str) -> None:
    """Open the header's language menu and pick ``lang``, waiting for the new page."""
    tab = visit.tab
    tab.locator(".md-header .md-select").hover()
    with tab.expect_navigation(wait_until="networkidle"):
        tab.locator(f'.md-header .md-select a[hreflang="{lang}"]').click()


def where(visit: Visit) -> tuple[str, str]:
    url = urlsplit(visit.tab.url)
    return url.path, url.fragment


@pytest.mark.parametrize(("page", "other"), SWITCHES, ids=[f"{p.id}>{o}" for p, o in SWITCHES])
def test_language_switch_keeps_page_and_section(visit: Visit, page: Page, other: str) -> None:
    target = BY_KEY.get((other, page.slug))
    assert target is not None, f"{page.id} has no {other} translation (docs/{other}/{page.slug}.md)"
    visit.open(page)
    ids = visit.tab.evaluate(HEADING_IDS_JS)
    # A section deep in the page: its last heading with an id, else none (the page's top). The reader
    # gets there in the page (a table-of-contents link changes the hash), then switches language.
    section = ids[-1] if ids else ""
    if section:
        visit.tab.evaluate("id => { location.hash = id; }", section)
    choose_language(visit, other)
    assert where(visit) == (target.path, section), f"from {page.id}#{section} the selector led to {visit.tab.url}"
    if section:
        assert section in visit.tab.evaluate(HEADING_IDS_JS), (
            f"{target.id} has no heading #{section}: give the heading the same explicit id in both languages "
            "(`## 安装 { #install }` / `## Install { #install }`)"
        )
    choose_language(visit, page.lang)
    assert where(visit) == (page.path, section), f"from {target.id}#{section} the selector led back to {visit.tab.url}"
    assert not visit.errors, f"{page.id} <-> {target.id}:\n  " + "\n  ".join(visit.errors)
