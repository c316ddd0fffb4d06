"""Glossary tooltips in Chromium, in both languages: mouse hover, tap on a phone, keyboard focus and Escape, each
tooltip's link to the term's entry, the definition as the term's accessible description, axe-core with a tooltip
open in both palettes, instant navigation, and the reader's values typed in the panel. Screenshots of the glossary
page and of open tooltips go to test-output/screenshots/glossary/.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import Locator, expect

from docs_tooling import project
from docs_tooling.build import lab_panel
from docs_tooling.runner.lab_values import OTHER_VALUES
from macros import glossary
from tests.browser import served_site as site
from tests.browser.test_pages import FAILING_IMPACTS

pytestmark = pytest.mark.browser

PAGE = "virtualization"  # chapter 1: terms from its first line on
GLOSSARY = glossary.GLOSSARY_PAGE.removesuffix(".md")
DEFINITIONS = {lang: {t.id: t.definitions[lang] for t in glossary.load()} for lang in project.LANGS}
SHOTS = site.SCREENSHOTS / "glossary"
MARK = "article a.glossary-term"
TIP = "#glossary-tip"
HIDE_WAIT_MS = 600  # longer than glossary.js's HIDE_MS


def term_of(mark: Locator) -> str:
    """The id of the glossary entry a mark links to."""
    return urlsplit(mark.evaluate("a => a.href")).fragment


def entry_url(visit: site.Visit, lang: str, term: str) -> str:
    return f"{visit.origin}{site.url_path(lang, GLOSSARY)}#{term}"


def expect_open(visit: site.Visit, lang: str, mark: Locator) -> Locator:
    """The tooltip is shown for ``mark``: its definition, its link to the entry, inside the viewport."""
    term = term_of(mark)
    tip = visit.tab.locator(TIP)
    expect(tip).to_be_visible()
    expect(tip.locator(".glossary-tip__text")).to_have_text(DEFINITIONS[lang][term])
    assert tip.locator(".glossary-tip__link").evaluate("a => a.href") == entry_url(visit, lang, term)
    box, view = tip.bounding_box(), visit.tab.viewport_size
    assert box and view and box["x"] >= 0 and box["x"] + box["width"] <= view["width"], f"the tooltip leaves the viewport: {box}"
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"], f"the tooltip leaves the viewport: {box}"
    return tip


def shot(visit: site.Visit, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit.tab.wait_for_timeout(200)  # the tooltip's fade-in
    visit.tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def expect_entry_in_view(visit: site.Visit, lang: str, term: str) -> None:
    """The glossary page is open at ``term``'s entry: shown below the header and highlighted."""
    visit.tab.wait_for_url(entry_url(visit, lang, term))
    entry = visit.tab.locator(f'dt:has(> span[id="{term}"])')
    expect(entry).to_be_in_viewport()
    visit.tab.wait_for_function(  # the browser scrolls to the anchor once the page has laid out
        """term => { const dt = document.getElementById(term).parentElement;
                     const header = document.querySelector('.md-header').getBoundingClientRect();
                     return dt.getBoundingClientRect().top >= header.bottom - 1; }""", arg=term)
    colour = entry.evaluate("dt => getComputedStyle(dt).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), f"the entry {term} is not highlighted"


def no_errors(visit: site.Visit) -> None:
    assert not visit.errors, "\n".join(visit.errors)
    assert not visit.foreign_requests(), "\n".join(visit.foreign_requests())


@pytest.mark.parametrize("lang", project.LANGS)
def test_hovering_shows_the_definition_until_the_pointer_leaves(visit: site.Visit, lang: str) -> None:
    visit.open(site.url_path(lang, PAGE))
    mark = visit.tab.locator(MARK).first
    assert mark.get_attribute("title") is None, "the native title tooltip is still there"
    underline = mark.evaluate("a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).textDecorationStyle]")
    assert underline == ["underline", "dotted"], f"the home page promises a dotted underline; the term has {underline}"
    mark.hover()
    tip = expect_open(visit, lang, mark)
    shot(visit, f"{lang}-tooltip-hover")
    tip.hover()  # onto the tooltip, to reach its link: it stays
    visit.tab.wait_for_timeout(HIDE_WAIT_MS)
    expect(tip).to_be_visible()
    visit.tab.mouse.move(2, (visit.tab.viewport_size or site.DESKTOP)["height"] - 2)
    expect(tip).to_have_count(0)
    mark.hover()
    expect_open(visit, lang, mark)
    visit.tab.keyboard.press("Escape")
    expect(tip).to_have_count(0)
    no_errors(visit)


@pytest.mark.parametrize("lang", project.LANGS)
def test_a_tap_opens_the_tooltip_and_its_link_reaches_the_entry(new_visit: Callable[..., site.Visit], lang: str) -> None:
    visit = new_visit(viewport=site.PHONE, is_mobile=True, has_touch=True)
    visit.open(site.url_path(lang, PAGE))
    mark = visit.tab.locator(MARK).first
    page_url = visit.tab.url
    mark.tap()
    tip = expect_open(visit, lang, mark)
    assert visit.tab.url == page_url, "a tap on a term left the page instead of showing its tooltip"
    visit.tab.locator("article h1").tap()  # elsewhere: it closes
    expect(tip).to_have_count(0)
    mark.tap()
    expect_open(visit, lang, mark)
    mark.tap()  # the term again: it closes
    expect(tip).to_have_count(0)
    mark.tap()
    expect_open(visit, lang, mark)
    shot(visit, f"{lang}-tooltip-tap-phone")
    term = term_of(mark)
    tip.locator(".glossary-tip__link").tap()
    expect_entry_in_view(visit, lang, term)
    shot(visit, f"{lang}-glossary-entry-phone")
    no_errors(visit)


@pytest.mark.parametrize("lang", project.LANGS)
def test_the_keyboard_opens_it_reaches_its_link_and_escape_closes_it(visit: site.Visit, lang: str) -> None:
    visit.open(site.url_path(lang, PAGE))
    tab = visit.tab
    for _ in range(100):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.matches('a.glossary-term')"):
            break
    else:
        raise AssertionError("Tab never reached a glossary term")
    mark = tab.locator("a.glossary-term:focus")
    tip = expect_open(visit, lang, mark)
    assert mark.evaluate("a => a.nextElementSibling && a.nextElementSibling.id") == TIP[1:], "the tooltip does not follow its term"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.matches('#glossary-tip a')"), "Tab did not reach the tooltip's link"
    tab.keyboard.press("Shift+Tab")
    expect(mark).to_be_focused()
    expect(tip).to_be_visible()
    tab.keyboard.press("Tab")
    tab.keyboard.press("Escape")
    expect(tip).to_have_count(0)
    expect(mark).to_be_focused()  # back on its term, and it stays closed there
    tab.wait_for_timeout(HIDE_WAIT_MS)
    expect(tip).to_have_count(0)
    tab.keyboard.press("Tab")
    tab.keyboard.press("Shift+Tab")
    expect_open(visit, lang, mark)
    term = term_of(mark)
    tab.keyboard.press("Enter")  # the term is a link to its entry
    expect_entry_in_view(visit, lang, term)
    no_errors(visit)


@pytest.mark.parametrize("lang", project.LANGS)
def test_a_mouse_click_on_a_term_opens_its_entry(visit: site.Visit, lang: str) -> None:
    visit.open(site.url_path(lang, PAGE))
    mark = visit.tab.locator(MARK).nth(1)
    term = term_of(mark)
    mark.click()
    expect_entry_in_view(visit, lang, term)
    shot(visit, f"{lang}-glossary-entry")
    no_errors(visit)


@pytest.mark.parametrize("lang", project.LANGS)
def test_screen_readers_get_the_definition_as_the_terms_description(visit: site.Visit, lang: str) -> None:
    visit.open(site.url_path(lang, PAGE))
    cdp = visit.context.new_cdp_session(visit.tab)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    marks = visit.tab.locator(MARK)
    for position in range(min(marks.count(), 5)):
        node = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": MARK})["nodeIds"][position]
        ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
        term = term_of(marks.nth(position))
        assert ax["role"]["value"] == "link"
        assert ax.get("name", {}).get("value") == marks.nth(position).inner_text()
        assert ax.get("description", {}).get("value") == DEFINITIONS[lang][term], f"{term}: {ax.get('description')}"


@pytest.mark.parametrize("lang", project.LANGS)
def test_the_glossary_page_lists_every_term_with_its_anchor(new_visit: Callable[..., site.Visit], lang: str) -> None:
    for name, options in (("", {}), ("-phone", {"viewport": site.PHONE, "is_mobile": True, "has_touch": True})):
        visit = new_visit(**options)
        visit.open(site.url_path(lang, GLOSSARY))
        ids = visit.tab.evaluate("() => [...document.querySelectorAll('article dt > span[id]')].map(s => s.id)")
        assert ids == list(DEFINITIONS[lang]), "the glossary page's entries differ from macros/glossary.yml"
        assert visit.tab.locator("a.glossary-term").count() == 0, "the glossary page marks terms"
        shot(visit, f"{lang}-glossary{name}", full_page=not name)
        no_errors(visit)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_with_a_tooltip_open(new_visit: Callable[..., site.Visit], axe_source: str, scheme: str) -> None:
    found = []
    for lang in project.LANGS:
        visit = new_visit(color_scheme=scheme)
        visit.open(site.url_path(lang, PAGE))
        mark = visit.tab.locator(MARK).first
        mark.focus()
        visit.tab.keyboard.press("Shift+Tab")
        visit.tab.keyboard.press("Tab")  # focused from the keyboard: the tooltip opens
        expect_open(visit, lang, mark)
        shot(visit, f"{lang}-tooltip-{scheme}")
        visit.tab.add_script_tag(content=axe_source)
        violations = visit.tab.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        found += [f"{lang}: {v['impact']} {v['id']}: {v['help']} ({', '.join(' '.join(n['target']) for n in v['nodes'][:5])})"
                  for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not found, "\n".join(found)


def test_with_instant_navigation_the_next_page_has_tooltips_too(new_visit: Callable[..., site.Visit]) -> None:
    visit = new_visit()
    site.instant_navigation(visit)
    lang = project.TRANSLATIONS[0] if project.TRANSLATIONS else project.PRIMARY
    visit.open(site.url_path(lang, "index"))
    visit.tab.evaluate("window.notReloaded = true")
    visit.tab.locator(f'.md-sidebar--primary a.md-nav__link[href$="{PAGE}/"]').first.click()
    visit.tab.wait_for_url(visit.origin + site.url_path(lang, PAGE))
    assert visit.tab.evaluate("window.notReloaded === true"), "the page was loaded, not swapped: instant navigation is off"
    mark = visit.tab.locator(MARK).first
    mark.hover()
    expect_open(visit, lang, mark)
    assert mark.get_attribute("title") is None
    no_errors(visit)


def test_tooltips_work_beside_the_readers_values(visit: site.Visit) -> None:
    """On chapter 4 with a share link's values (the panel rewrites every value on the page): the values are never
    inside a term, the values shown are the link's, and a term's tooltip still opens."""
    query = urlencode({lab_panel.LINK_PREFIX + name: value for name, value in OTHER_VALUES.items()})
    lang = project.PRIMARY
    visit.open(f"{site.url_path(lang, 'openstack-lab')}?{query}")
    visit.tab.locator("#lab-values .lab-panel__box").wait_for()
    shown = visit.tab.evaluate("() => [...document.querySelectorAll('article [data-lab-var=\"host_ip\"]')].map(e => e.textContent)")
    assert shown and set(shown) == {OTHER_VALUES["host_ip"]}
    assert visit.tab.locator("a.glossary-term [data-lab-var], [data-lab-var] a.glossary-term").count() == 0
    mark = visit.tab.locator(MARK).first
    mark.hover()
    expect_open(visit, lang, mark)
    no_errors(visit)
