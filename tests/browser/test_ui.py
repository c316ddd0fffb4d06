"""Content tabs switch (linked across the page), and the light/dark toggle changes the palette."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.served_site import ROOT, Page, Visit, discover_pages

PAGES = discover_pages()
LAB = "openstack-lab"
LAB_TABS = ["Windows", "Linux", "macOS"]
TAB_RE = re.compile(r'^\s*=== "', re.MULTILINE)
# Pages with content tabs in their source, and the lab page in any case (it must have them).
TAB_PAGES = [p for p in PAGES if p.slug == LAB or TAB_RE.search((ROOT / "docs" / p.lang / f"{p.slug}.md").read_text(encoding="utf-8"))]
INDEXES = [p for p in PAGES if p.slug == "index"]
SCHEME_JS = "() => document.body.getAttribute('data-md-color-scheme')"
BACKGROUND_JS = "() => getComputedStyle(document.body).backgroundColor"

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page", TAB_PAGES, ids=lambda p: p.id)
def test_content_tabs_switch(visit: Visit, page: Page) -> None:
    visit.open(page)
    tab = visit.tab
    sets = tab.locator(".md-content .tabbed-set")
    assert sets.count() > 0, f"{page.id} has no content tabs"
    labels_per_set = [s.locator(":scope > .tabbed-labels > label").all_inner_texts() for s in sets.all()]
    if page.slug == LAB:
        assert any(set(LAB_TABS) <= {t.strip() for t in labels} for labels in labels_per_set), (
            f"{page.id}: no tab set with {', '.join(LAB_TABS)}; tab sets: {labels_per_set}"
        )
    for index, labels in enumerate(labels_per_set):
        tab_set = sets.nth(index)
        blocks = tab_set.locator(":scope > .tabbed-content > .tabbed-block")
        for chosen, label in enumerate(labels):
            tab_set.locator(":scope > .tabbed-labels > label").nth(chosen).click()
            for other in range(len(labels)):
                block = blocks.nth(other)
                if other == chosen:
                    expect(block, f"{page.id}: tab {label!r} clicked, its panel is hidden").to_be_visible()
                else:
                    expect(block, f"{page.id}: tab {label!r} clicked, panel {labels[other]!r} still shows").to_be_hidden()
            # content.tabs.link: every other set with a tab of the same name switches to it too.
            for other_set, other_labels in enumerate(labels_per_set):
                if other_set != index and label in other_labels:
                    position = other_labels.index(label)
                    linked = sets.nth(other_set).locator(":scope > .tabbed-content > .tabbed-block").nth(position)
                    expect(linked, f"{page.id}: tab {label!r} clicked, tab set {other_set + 1} did not follow").to_be_visible()
    assert not visit.errors, "\n".join(visit.errors)


@pytest.mark.parametrize("page", INDEXES, ids=lambda p: p.id)
def test_palette_toggle(visit: Visit, page: Page) -> None:
    visit.open(page)
    tab = visit.tab
    toggle = tab.locator('form[data-md-component="palette"] label.md-header__button:visible')
    start, background = tab.evaluate(SCHEME_JS), tab.evaluate(BACKGROUND_JS)
    assert start == "default", f"{page.id}: a light-mode browser starts with scheme {start!r}"
    toggle.click()
    tab.wait_for_function(f"() => ({SCHEME_JS})() === 'slate'")
    assert tab.evaluate(BACKGROUND_JS) != background, f"{page.id}: scheme is slate but the background stayed {background}"
    tab.reload(wait_until="load")
    assert tab.evaluate(SCHEME_JS) == "slate", f"{page.id}: the dark scheme was not kept after a reload"
    toggle.click()
    tab.wait_for_function(f"() => ({SCHEME_JS})() === 'default'")
    assert tab.evaluate(BACKGROUND_JS) == background, f"{page.id}: back to the light scheme, but the background is not {background}"
    assert not visit.errors, "\n".join(visit.errors)
