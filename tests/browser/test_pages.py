"""Every page of both languages: loads cleanly without leaving the site, passes axe-core, fits a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.served_site import PHONE, SCREENSHOTS, Page, Visit, discover_pages

PAGES = discover_pages()
# axe-core impacts that fail a page ("minor" and "moderate" are not reported).
FAILING_IMPACTS = ("serious", "critical")
OPEN_PANEL_JS = """() => {
  const box = document.querySelector('.lab-panel__box');
  if (!box) return;
  box.open = true;
  const field = box.querySelector('#lab-field-host_ip');
  field.value = '192.168.1.300';
  field.dispatchEvent(new Event('input', {bubbles: true}));
}"""

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_page_loads_cleanly(visit: Visit, page: Page, weigh: Callable[[Page, Visit], None]) -> None:
    visit.open(page)
    shot = SCREENSHOTS / page.lang / f"{page.slug.replace('/', '_')}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    visit.tab.screenshot(path=str(shot), full_page=True)
    weigh(page, visit)
    foreign = visit.foreign_requests()
    assert not foreign, f"{page.id} requested {len(foreign)} URL(s) outside {visit.origin}:\n  " + "\n  ".join(foreign)
    problems = visit.errors + [f"request failed: {failure}" for failure in visit.failed]
    assert not problems, f"{page.id} ({page.path}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_accessibility(new_visit: Callable[..., Visit], axe_source: str, page: Page) -> None:
    """axe-core, in the light and the dark palette: no serious or critical violation."""
    found = []
    for scheme in ("light", "dark"):
        visit = new_visit(color_scheme=scheme)
        visit.open(page)
        visit.tab.evaluate(OPEN_PANEL_JS)  # the panel of the reader's values, open and showing a message
        visit.tab.add_script_tag(content=axe_source)
        violations = visit.tab.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        for v in violations:
            if v["impact"] in FAILING_IMPACTS:
                targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
                more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
                why = " ".join(v["nodes"][0].get("failureSummary", "").split())
                found.append(f"[{scheme}] {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} elements: {targets}{more}; first: {why})")
    assert not found, f"{page.id} ({page.path}):\n  " + "\n  ".join(found)


# The elements sticking out on the right, to name the culprit when a page scrolls sideways.
WIDE_ELEMENTS_JS = """() => {
  const width = document.scrollingElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      const inside = el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1;
      if (!inside) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ?
        '.' + el.className.trim().split(/\\s+/).join('.') : ''} (right edge ${Math.round(box.right)} px)`);
    }
  }
  return out.slice(0, 10);
}"""


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_phone(new_visit: Callable[..., Visit], page: Page) -> None:
    """At 375 px: the page does not scroll sideways, and the navigation drawer opens."""
    visit = new_visit(viewport=PHONE, is_mobile=True, has_touch=True)
    visit.open(page)
    tab = visit.tab
    shot = SCREENSHOTS / "phone" / page.lang / f"{page.slug.replace('/', '_')}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(shot), full_page=True)
    scroll_width, client_width = tab.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert scroll_width <= client_width, (
        f"{page.id} scrolls sideways at {PHONE['width']} px: scrollWidth {scroll_width} > clientWidth {client_width}; "
        "sticking out: " + "; ".join(tab.evaluate(WIDE_ELEMENTS_JS))
    )
    drawer = tab.locator(".md-sidebar--primary")
    assert not drawer.evaluate("el => el.getBoundingClientRect().right > 0"), f"{page.id}: navigation drawer visible before opening"
    tab.locator('label.md-header__button[for="__drawer"]').click()
    assert tab.locator("#__drawer").is_checked(), f"{page.id}: the menu button did not toggle the drawer"
    tab.wait_for_function("el => { const b = el.getBoundingClientRect(); return b.left >= 0 && b.right > 0; }", arg=drawer.element_handle())
    shown = tab.evaluate("""() => [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')].filter(a => {
      const box = a.getBoundingClientRect();
      return box.width > 0 && box.left >= 0 && box.right <= innerWidth && box.top >= 0 && box.bottom <= innerHeight;
    }).length""")
    assert shown > 0, f"{page.id}: the drawer opened but shows no navigation link"
