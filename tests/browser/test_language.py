"""The language selector leads to the same page in the other language, at the same place, and back.

With a #section in the address (a table-of-contents link), to that section. Without one (the reader scrolled), to the
section at the top of the window, and to the same block of it, at the same spot: back again, the page is where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.served_site import PHONES, PRIMARY, Page, Visit, discover_pages

PAGES = discover_pages()
BY_KEY = {(p.lang, p.slug): p for p in PAGES}
LANGUAGES = sorted({p.lang for p in PAGES})
# Every page with every other language: ids like "zh:kvm>en".
SWITCHES = [(page, other) for page in PAGES for other in LANGUAGES if other != page.lang]
HEADING_IDS_JS = "() => [...document.querySelectorAll('.md-content article :is(h2, h3)[id]')].map(h => h.id)"
# Sections: the headings with an id among the article's own children (the same in both languages).
SECTION_IDS_JS = """() => [...document.querySelector('.md-content article').children]
  .filter(el => /^H[2-6]$/.test(el.tagName) && el.id).map(h => h.id)"""
# Scrolls so that the reading line (the top of the window, under the header) lies `fraction` into the section `id`
# (from its heading to the next one), or into the article when `id` is empty.
SCROLL_INTO_JS = """({id, fraction}) => {
  const article = document.querySelector('.md-content article');
  const kids = [...article.children];
  const heading = id ? document.getElementById(id) : null;
  const next = heading ? kids.slice(kids.indexOf(heading) + 1).find(el => /^H[2-6]$/.test(el.tagName) && el.id) : null;
  const top = (heading || article).getBoundingClientRect().top;
  const bottom = next ? next.getBoundingClientRect().top : article.getBoundingClientRect().bottom;
  const line = document.querySelector('.md-header').getBoundingClientRect().bottom;
  window.scrollBy({top: top + fraction * (bottom - top) - line, behavior: 'instant'});
}"""
# Where the reading line is: the section (the heading with an id at or above it), the article's block there (counted
# from the section's heading), and what the section is made of (its blocks' tags), with the window's scroll position.
PLACE_JS = """() => {
  const line = document.querySelector('.md-header').getBoundingClientRect().bottom;
  let section = '', block = -1, found = null;
  const shape = {};
  for (const el of document.querySelector('.md-content article').children) {
    if (/^H[2-6]$/.test(el.tagName) && el.id) { section = el.id; block = 0; } else block++;
    (shape[section] = shape[section] || []).push(el.tagName);
    const box = el.getBoundingClientRect();
    if (!found && box.height > 0 && box.bottom > line) found = {section, block};
  }
  const max = document.scrollingElement.scrollHeight - innerHeight;
  return {...found, shape: (shape[found.section] || []).join(' '), scrollY: Math.round(scrollY), atBottom: scrollY >= max - 1};
}"""

pytestmark = pytest.mark.browser


def choose_language(visit: Visit, lang: str) -> None:
    """Open the header's language menu and pick ``lang``, waiting for the new page (its load event, then half a
    second without requests: the page's script puts the reader's place in the window one frame after the load event).

    As a reader does, with the pointer (a tap on a touch screen) on the link where it shows: Playwright's own click
    first scrolls the link "into view", and with the menu open under the sticky header that scrolls the page.
    """
    tab = visit.tab
    link = tab.locator(f'.md-header .md-select a[hreflang="{lang}"]')
    touch = tab.evaluate("() => matchMedia('(hover: none)').matches")
    if touch:
        button = tab.locator(".md-header .md-select button").bounding_box()
        assert button is not None, "no language button in the header"
        tab.touchscreen.tap(button["x"] + button["width"] / 2, button["y"] + button["height"] / 2)
    else:
        tab.locator(".md-header .md-select").hover()
    link.wait_for(state="visible")
    box = link.bounding_box()
    assert box is not None, f"the language menu shows no {lang} link"
    with tab.expect_navigation(wait_until="load"):
        if touch:
            tab.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        else:
            tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    visit.settle()


def where(visit: Visit) -> tuple[str, str]:
    url = urlsplit(visit.tab.url)
    return url.path, url.fragment


def place(visit: Visit) -> dict[str, Any]:
    return visit.tab.evaluate(PLACE_JS)


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


def keeps_the_place(visit: Visit, page: Page, target: Page, fraction: float = 0.4,
                    path_of: Callable[[Visit], str] = lambda visit: where(visit)[0]) -> None:
    """Scrolled (no #section) to ``fraction`` into the page's middle section, to ``target`` and back: the same
    section at the top of the window there, the same block of it when both have the same blocks, and back at the
    very spot. ``path_of``: the open page's path, as ``page.path`` and ``target.path`` write it."""
    visit.open(page)
    ids = visit.tab.evaluate(SECTION_IDS_JS)
    section = ids[len(ids) // 2] if ids else ""
    visit.tab.evaluate(SCROLL_INTO_JS, {"id": section, "fraction": fraction})
    start = place(visit)
    assert start["section"] == section, f"{page.id}: scrolled {fraction:.0%} into #{section}, the window's top is in #{start['section']}"
    assert where(visit)[1] == "", f"{page.id}: scrolling put {visit.tab.url} in the address"

    def here() -> tuple[str, str]:
        return path_of(visit), where(visit)[1]

    choose_language(visit, target.lang)
    there = place(visit)
    assert here() == (target.path, section), f"from {page.id}, scrolled into #{section}, the selector led to {visit.tab.url}"
    assert there["section"] == section, f"{target.id}: the window's top is in #{there['section']}, not #{section} as on {page.id}"
    if there["shape"] == start["shape"] and not there["atBottom"]:
        assert there["block"] == start["block"], (
            f"{target.id}: the window's top is at block {there['block']} of #{section}, on {page.id} at block {start['block']}")
    choose_language(visit, page.lang)
    back = place(visit)
    assert here() == (page.path, section), f"from {target.id} the selector led back to {visit.tab.url}"
    if not there["atBottom"]:
        assert abs(back["scrollY"] - start["scrollY"]) <= 2, (
            f"{page.id} -> {target.id} -> back: the window's top moved from {start['scrollY']} px to {back['scrollY']} px")
    assert not visit.errors, f"{page.id} <-> {target.id}:\n  " + "\n  ".join(visit.errors)


@pytest.mark.parametrize(("page", "other"), SWITCHES, ids=[f"{p.id}>{o}" for p, o in SWITCHES])
def test_language_switch_keeps_the_place_without_a_hash(visit: Visit, page: Page, other: str) -> None:
    keeps_the_place(visit, page, BY_KEY[(other, page.slug)])


@pytest.mark.parametrize("slug", ["openstack-lab", "contributing"])
def test_language_switch_keeps_the_place_on_a_phone(new_visit: Callable[..., Visit], slug: str) -> None:
    """The same with taps on a phone, where pages are longest: the two longest, from the default language and back."""
    visit = new_visit(viewport=PHONES["390"], is_mobile=True, has_touch=True)
    other = next(lang for lang in LANGUAGES if lang != PRIMARY)
    keeps_the_place(visit, BY_KEY[(PRIMARY, slug)], BY_KEY[(other, slug)], fraction=0.6)


# A stored place whose blocks this page does not have (a section written differently in the other language): the
# section's own fraction is used. Returns the reading line's distance from where that fraction puts it, in px.
FALLBACK_JS = """({id, fraction}) => {
  const kids = [...document.querySelector('.md-content article').children];
  const heading = document.getElementById(id);
  const next = kids.slice(kids.indexOf(heading) + 1).find(el => /^H[2-6]$/.test(el.tagName) && el.id);
  const top = heading.getBoundingClientRect().top, bottom = next.getBoundingClientRect().top;
  const line = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return Math.abs(top + fraction * (bottom - top) - line);
}"""


def test_a_place_whose_blocks_differ_lands_at_the_same_fraction_of_its_section(visit: Visit) -> None:
    page = BY_KEY[("en", "kvm")]
    visit.open(page)
    section = visit.tab.evaluate(SECTION_IDS_JS)[1]
    visit.tab.evaluate("""({id, fraction}) => sessionStorage.setItem('language-switch-place', JSON.stringify(
        {id, section: fraction, path: [{index: 0, tag: 'NOT-HERE', fraction: 0}], to: location.pathname, at: Date.now()}))""",
                       {"id": section, "fraction": 0.5})
    visit.tab.reload(wait_until="load")
    visit.tab.wait_for_timeout(300)  # the script places the page one frame after the load event
    off = visit.tab.evaluate(FALLBACK_JS, {"id": section, "fraction": 0.5})
    assert off <= 2, f"{page.id}: a stored place in #{section} whose blocks this page lacks landed {off:.0f} px from half the section"
    assert not visit.errors, "\n".join(visit.errors)
