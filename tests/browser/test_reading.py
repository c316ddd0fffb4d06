"""Reading comfort: tables and code blocks on phones, with the build's values and with a reader's long ones; the boxes'
type at the body's size.

Phones: 390 px (the issue's reader; iPhone 12 to 15) and 375 px (the narrowest in common use, iPhone SE and mini,
which the other phone tests use). What each page must hold there is phone_layout.js; the rules it checks are in
docs/assets/extra.css and wide_tables.js. Screenshots of every page at 390 px go to test-output/screenshots/phone-390/,
with the long values to phone-390-long/; the home page's values table and a code block of /kvm/ scrolled to its end
also on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest

from docs_tooling.build import lab_panel
from docs_tooling.runner.lab_values import as_environ
from macros import variables
from tests.browser import served_site as site
from tests.browser.test_copy import REVEAL_JS

pytestmark = pytest.mark.browser

PAGES = site.discover_pages()
LAYOUT_JS = (Path(__file__).with_name("phone_layout.js")).read_text(encoding="utf-8")
# A reader's lab with long values: the longest addresses, long names and mirrors with ports and paths.
LONG_VALUES = {
    "host_ip": "192.168.100.200",
    "subnet": "172.30.128.0/17",
    "container_ip": "172.30.200.254",
    "branch": "stable/2026.1-with-a-long-local-branch-name",
    "image": "registry.lab.university.example/library/openstack-lab-base:24.04-minimal-20260101",
    "container_name": "openstack-lab-of-a-reader-with-a-long-name",
    "devstack_repo": "https://git.mirrors.university.example:8443/openstack/devstack.git",
    "devstack_dir": "devstack-stable-2026.1-checkout",
    "registry_mirror": "https://docker-registry-mirror.university.example:5000",
    "apt_mirror": "http://mirrors.university.example/debian-archive-mirror",
    "git_mirror": "https://git-mirror.university.example:8443/github-mirror",
}
PHONE_CASES = [(width, values) for width in site.PHONES for values in ("default", "long")]
BOX_RE = re.compile(r"^\s*(!!!|\?\?\?\+?) ", re.MULTILINE)
BOX_PAGES = [p for p in PAGES if BOX_RE.search((site.ROOT / "docs" / p.lang / f"{p.slug}.md").read_text(encoding="utf-8"))]
SETTLED_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def shot(name: str, page: site.Page) -> Path:
    path = site.SCREENSHOTS / name / page.lang / f"{page.slug.replace('/', '_')}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_the_long_values_are_valid() -> None:
    """Else the page would show the defaults and the long-values cases would check nothing new."""
    variables.load(as_environ(LONG_VALUES))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
@pytest.mark.parametrize(("width", "values"), PHONE_CASES, ids=[f"{w}px-{v}" for w, v in PHONE_CASES])
def test_tables_and_code_blocks_read_on_a_phone(new_visit: Callable[..., site.Visit], page: site.Page, width: str, values: str) -> None:
    """No value or code token broken mid-token, every column reachable, no copy button over a command."""
    visit = new_visit(viewport=site.PHONES[width], is_mobile=True, has_touch=True)
    query = "?" + urlencode({lab_panel.LINK_PREFIX + k: v for k, v in LONG_VALUES.items()}) if values == "long" else ""
    visit.open(page.path + query)
    tab = visit.tab
    if values == "long":  # the values reached the page (when it shows any)
        tab.wait_for_function("() => window.labValues !== undefined")
        assert tab.evaluate("window.labValues.current().raw.branch") == LONG_VALUES["branch"], f"{page.id}: the long values were not taken"
        marks = tab.evaluate("() => [...document.querySelectorAll('[data-lab-var=\"branch\"]')].map(e => e.textContent)")
        assert all(mark == LONG_VALUES["branch"] for mark in marks), f"{page.id}: the page still shows {set(marks)}"
    tab.evaluate(SETTLED_JS)
    if width == "390":
        tab.screenshot(path=str(shot(f"phone-{width}{'-long' if values == 'long' else ''}", page)), full_page=True)
    problems = tab.evaluate(LAYOUT_JS, {"reveal": REVEAL_JS})
    # What the page did goes with the layout's problems: a table Material never framed (its script did not run, or
    # stopped) reads like a layout fault otherwise.
    assert not problems, (f"{page.id} at {width} px with the {values} values:\n  " + "\n  ".join(problems)
                          + "\n" + visit.diagnosis())
    assert not visit.errors, "\n".join(visit.errors)


OVERFLOWING_TABLES_JS = """() => [...document.querySelectorAll('.md-content article .md-typeset__scrollwrap')]
  .filter(frame => frame.querySelector('table'))
  .map(frame => ({head: frame.querySelector('tr').textContent.trim().replace(/\\s+/g, ' ').slice(0, 60),
                  wide: frame.scrollWidth, room: frame.clientWidth}))"""


def test_tables_fit_a_desktop_screen(visit: site.Visit) -> None:
    """At 1280 px no table scrolls sideways, with the build's values: a table's code wraps between its words, and the
    cells sit close enough for the values table's four columns."""
    problems, seen = [], 0
    for page in PAGES:
        visit.open(page)
        frames = visit.tab.evaluate(OVERFLOWING_TABLES_JS)
        seen += len(frames)
        problems += [f"{page.id}: the table {f['head']!r} is {f['wide']} px wide in {f['room']} px"
                     for f in frames if f["wide"] > f["room"] + 1]
    assert seen, "no page shows a table"
    assert not problems, "tables scroll sideways on a desktop screen:\n  " + "\n  ".join(problems)


def test_screenshots_of_the_values_table_and_a_long_command(new_visit: Callable[..., site.Visit]) -> None:
    """The issue's two places at 390 px, on their own: the home page's values table (at its start, and scrolled to its
    last column), and the longest command of /kvm/ scrolled to its end, where the copy button was over it."""
    visit = new_visit(viewport=site.PHONES["390"], is_mobile=True, has_touch=True, device_scale_factor=2)
    folder = site.SCREENSHOTS / "phone-390"
    folder.mkdir(parents=True, exist_ok=True)
    tab = visit.tab
    visit.open("/")
    frame = tab.locator(".md-content article .md-typeset__scrollwrap:has([data-lab-var])").first
    frame.scroll_into_view_if_needed()
    frame.screenshot(path=str(folder / "values-table.png"))
    frame.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    frame.screenshot(path=str(folder / "values-table-scrolled.png"))
    visit.open("/kvm/")
    widest = tab.evaluate("""() => {
      const codes = [...document.querySelectorAll('.md-content article pre > code')];
      const code = codes.reduce((a, b) => (b.scrollWidth - b.clientWidth > a.scrollWidth - a.clientWidth ? b : a));
      code.scrollLeft = code.scrollWidth;
      return codes.indexOf(code);
    }""")
    block = tab.locator(".md-content article pre").nth(widest)
    block.scroll_into_view_if_needed()
    block.screenshot(path=str(folder / "kvm-long-command-scrolled.png"))
    scrolled = tab.evaluate("el => el.querySelector('code').scrollLeft", block.element_handle())
    assert scrolled > 0, "the longest command of /kvm/ does not scroll"


# The boxes: their text, titles and code against the page's own running text and code.
BOX_SIZES_JS = """() => {
  const article = document.querySelector('.md-content article');
  const size = el => parseFloat(getComputedStyle(el).fontSize);
  const body = [...article.querySelectorAll(':scope > p')][0];
  const bodyCode = article.querySelector(':scope > p code, :scope > ul code');
  const boxes = [...article.querySelectorAll('.admonition, details')].filter(box => !box.closest('[data-lab-panel]'));
  return {
    body: size(body), bodyCode: bodyCode ? size(bodyCode) / size(bodyCode.parentElement) : null,
    boxes: boxes.map(box => ({
      name: (box.querySelector(':scope > .admonition-title, :scope > summary') || box).textContent.trim().slice(0, 50),
      kind: [...box.classList].join(' '),
      title: size(box.querySelector(':scope > .admonition-title, :scope > summary') || box),
      text: [...box.querySelectorAll(':scope > p, :scope > ul li, :scope > ol li')].map(size),
      code: [...box.querySelectorAll(':scope > p code, :scope > ul code, :scope > ol code')].map(c => size(c) / size(c.parentElement)),
    })),
  };
}"""
CLOSE = 0.95  # "at the body size or close": at least 95 % of it


@pytest.mark.parametrize("page", BOX_PAGES, ids=lambda p: p.id)
def test_boxes_are_set_at_the_body_size(visit: site.Visit, page: site.Page) -> None:
    visit.open(page)
    sizes = visit.tab.evaluate(BOX_SIZES_JS)
    assert sizes["boxes"], f"{page.id}: its source has boxes (!!! or ???) but the page shows none"
    body, problems = sizes["body"], []
    for box in sizes["boxes"]:
        where = f"box {box['name']!r} ({box['kind']})"
        if box["title"] < CLOSE * body:
            problems.append(f"{where}: title at {box['title']} px, the body's text at {body} px")
        small = [s for s in box["text"] if s < CLOSE * body]
        if small:
            problems.append(f"{where}: text at {min(small)} px, the body's text at {body} px")
        if sizes["bodyCode"] is not None:
            off = [ratio for ratio in box["code"] if abs(ratio - sizes["bodyCode"]) > 0.01]
            if off:
                problems.append(f"{where}: code at {off[0]:.2f} of its text, in running text {sizes['bodyCode']:.2f}")
    assert not problems, f"{page.id}:\n  " + "\n  ".join(problems)
