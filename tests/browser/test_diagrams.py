"""The diagrams (macros/svg_diagram.py) as Chromium draws them, in both languages and both palettes: text contrast
(axe-core does not check SVG text), the boxes' borders and the arrows against what is behind them, text size on a
390 px phone, every line inside its box in the browser's own fonts, nothing overlapping, and each panel's accessible
name and description. Screenshots of every figure go to test-output/screenshots/diagrams/."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from docs_tooling import project
from tests.browser.served_site import DESKTOP, SCREENSHOTS, Page, Visit, url_path

pytestmark = pytest.mark.browser

MACRO_RE = re.compile(r"\{\{\s*(?:lab_)?diagram\(")
RAW_RE = re.compile(r"\{% raw %\}.*?\{% endraw %\}", re.DOTALL)  # shown as written, not run (the contributor guide)


def _calls(slug: str, lang: str) -> int:
    path = project.ROOT / project.page_file(slug, lang)
    return len(MACRO_RE.findall(RAW_RE.sub("", path.read_text(encoding="utf-8")))) if path.exists() else 0


# The pages that draw a diagram, in every language, with how many figures each shows.
DIAGRAM_PAGES = [pytest.param(Page(lang, slug, url_path(lang, slug)), count, id=f"{lang}:{slug}")
                 for lang in project.LANGS for slug in project.pages() if (count := _calls(slug, lang))]
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's palette (mkdocs.yml)
PHONE_390 = {"width": 390, "height": 844}  # the phone; served_site.PHONE is 375 px wide
MIN_TEXT_PX = 11
TEXT_CONTRAST, GRAPHIC_CONTRAST = 4.5, 3.0  # WCAG 2.2 AA: 1.4.3 text, 1.4.11 graphical objects
HIDE_HEADER = ".md-header, .md-tabs { visibility: hidden !important; }"  # it would cover a tall figure's top

# Contrast from the colours Chromium computed: a text's fill against the fills of the boxes under it (later ones on
# top, each with its opacity) over the page's background, at its centre and four corners; a box's border against
# what is just outside it; an arrow or a rule against what is under its middle.
CONTRAST_JS = """(figure) => {
  const parse = (s) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(s || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const paint = (el, property, opacity) => {
    const cs = getComputedStyle(el), c = parse(cs[property]);
    if (!c) return null;
    c[3] *= parseFloat(cs[opacity]) * parseFloat(cs.opacity);
    return c;
  };
  let page = null;
  for (let el = figure; el && !page; el = el.parentElement) {
    const c = parse(getComputedStyle(el).backgroundColor);
    if (c && c[3] > 0) page = c;
  }
  if (!page || page[3] < 1) return {error: 'no opaque page background behind the figure: ' + JSON.stringify(page)};
  const result = {background: page, texts: [], borders: [], graphics: []};
  for (const svg of figure.querySelectorAll('svg')) {
    const rects = [...svg.querySelectorAll('rect')];
    const behind = (x, y, skip) => rects.filter(r => r !== skip).reduce((bg, r) => {
      const b = r.getBoundingClientRect(), fill = paint(r, 'fill', 'fillOpacity');
      return fill && x >= b.left && x <= b.right && y >= b.top && y <= b.bottom ? over(fill, bg) : bg;
    }, page);
    for (const t of svg.querySelectorAll('text')) {
      const colour = paint(t, 'fill', 'fillOpacity'), b = t.getBoundingClientRect();
      const points = [[b.left + b.width / 2, b.top + b.height / 2], [b.left + 1, b.top + 1], [b.right - 1, b.top + 1],
                      [b.left + 1, b.bottom - 1], [b.right - 1, b.bottom - 1]];
      const lowest = Math.min(...points.map(([x, y]) => { const bg = behind(x, y, null); return ratio(over(colour, bg), bg); }));
      result.texts.push({text: t.textContent, ratio: lowest});
    }
    for (const r of rects) {
      const stroke = paint(r, 'stroke', 'strokeOpacity'), b = r.getBoundingClientRect();
      if (!stroke) continue;
      const bg = behind(b.left - 3, b.top + b.height / 2, r);
      const box = r.parentElement.textContent.trim().slice(0, 40) || '(a box without text)';
      result.borders.push({box, ratio: ratio(over(stroke, bg), bg)});
    }
    for (const g of svg.querySelectorAll('line, polygon')) {
      const colour = g.tagName === 'line' ? paint(g, 'stroke', 'strokeOpacity') : paint(g, 'fill', 'fillOpacity');
      const b = g.getBoundingClientRect(), bg = behind(b.left + b.width / 2, b.top + b.height / 2, null);
      result.graphics.push({what: g.tagName, ratio: ratio(over(colour, bg), bg)});
    }
  }
  return result;
}"""

# Every line of text inside its box (4 units from the sides, 2 from top and bottom) or, outside any box, inside the
# viewBox; no two lines overlapping; no arrow or rule crossing a line. In SVG units, from the browser's own fonts.
LAYOUT_JS = """(figure) => {
  const problems = [];
  const hit = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const fmt = (b) => `(${b.x.toFixed(0)}, ${b.y.toFixed(0)}) ${b.width.toFixed(0)}x${b.height.toFixed(0)}`;
  for (const svg of figure.querySelectorAll('svg')) {
    const vb = svg.viewBox.baseVal, texts = [...svg.querySelectorAll('text')], inBox = new Set();
    for (const g of svg.querySelectorAll('g.diagram__box')) {
      const r = g.querySelector('rect').getBBox();
      for (const t of g.querySelectorAll('text')) {
        inBox.add(t);
        const b = t.getBBox();
        if (b.x < r.x + 4 || b.x + b.width > r.x + r.width - 4 || b.y < r.y + 2 || b.y + b.height > r.y + r.height - 2)
          problems.push(`'${t.textContent}' ${fmt(b)} is not inside its box ${fmt(r)}`);
      }
    }
    for (const t of texts.filter(t => !inBox.has(t))) {
      const b = t.getBBox();
      if (b.x < 0 || b.y < 0 || b.x + b.width > vb.width || b.y + b.height > vb.height)
        problems.push(`'${t.textContent}' ${fmt(b)} is outside the viewBox`);
    }
    const boxes = texts.map(t => { const b = t.getBBox(); return {x: b.x + 1, y: b.y + 1, width: b.width - 2, height: b.height - 2}; });
    texts.forEach((t, i) => texts.slice(i + 1).forEach((u, j) => {
      if (hit(boxes[i], boxes[i + 1 + j])) problems.push(`'${t.textContent}' overlaps '${u.textContent}'`);
    }));
    for (const line of svg.querySelectorAll('line, polygon')) {
      const b = line.getBBox(), w = 1;
      const area = {x: b.x - w, y: b.y - w, width: b.width + 2 * w, height: b.height + 2 * w};
      texts.forEach((t, i) => { if (hit(area, boxes[i])) problems.push(`a ${line.tagName} ${fmt(b)} crosses '${t.textContent}'`); });
    }
  }
  return problems;
}"""

PHONE_JS = """(figure) => [...figure.querySelectorAll('svg')].map(svg => {
  const box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale}));
  return {left: box.left, right: box.right, viewport: document.documentElement.clientWidth, sizes};
})"""

# What a panel should be called and how described: its <title>, and the element its aria-describedby names (chapter 4's
# list of values) or else its <desc>.
EXPECTED_JS = """(svg) => {
  const child = (tag) => [...svg.children].find(el => el.localName === tag);
  const described = svg.getAttribute('aria-describedby');
  return [child('title').textContent, (described ? document.getElementById(described) : child('desc')).textContent];
}"""

SELECT_JS = """(figure) => {
  getSelection().selectAllChildren(figure);
  const selected = getSelection().toString().replace(/\\s+/g, ' ');
  getSelection().removeAllRanges();
  return [...figure.querySelectorAll('text')].map(t => t.textContent.replace(/\\s+/g, ' ').trim())
    .filter(text => !selected.includes(text));
}"""


def _figures(visit: Visit, expected: int) -> list:
    figures = visit.tab.locator("figure.diagram").all()
    assert len(figures) == expected, f"{visit.tab.url}: {len(figures)} diagram(s), the page's Markdown calls {expected}"
    return figures


def _name(figure) -> str:
    return next(c for c in (figure.get_attribute("class") or "").split() if c.startswith("diagram--"))[len("diagram--"):]


def _shot(figure, page: Page, name: str, variant: str) -> None:
    path = SCREENSHOTS / "diagrams" / f"{page.lang}-{name}-{variant}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(path), style=HIDE_HEADER)


def test_diagram_pages_are_found() -> None:
    names = {param.values[0].slug for param in DIAGRAM_PAGES}
    assert {"virtualization", "kvm", "openstack-lab"} <= names, f"pages with diagrams: {sorted(names)}"


@pytest.mark.parametrize(("page", "count"), DIAGRAM_PAGES)
def test_text_and_graphics_contrast_in_both_palettes(new_visit: Callable[..., Visit], page: Page, count: int) -> None:
    problems, lowest = [], {}
    for scheme, palette in SCHEMES.items():
        visit = new_visit(color_scheme=scheme)
        visit.open(page)
        shown = visit.tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == palette, f"{page.id}: asked for {scheme}, the page shows palette {shown!r}"
        for figure in _figures(visit, count):
            name = _name(figure)
            found = figure.evaluate(CONTRAST_JS)
            assert "error" not in found, f"{page.id} {name} [{scheme}]: {found['error']}"
            assert found["texts"] and found["borders"], f"{page.id} {name} [{scheme}]: nothing measured"
            problems += [f"[{scheme}] {name}: text {t['text']!r} at {t['ratio']:.2f}:1" for t in found["texts"]
                         if t["ratio"] < TEXT_CONTRAST]
            problems += [f"[{scheme}] {name}: border of {b['box']!r} at {b['ratio']:.2f}:1" for b in found["borders"]
                         if b["ratio"] < GRAPHIC_CONTRAST]
            problems += [f"[{scheme}] {name}: a {g['what']} at {g['ratio']:.2f}:1" for g in found["graphics"]
                         if g["ratio"] < GRAPHIC_CONTRAST]
            lowest[f"{name} {scheme}"] = (min(t["ratio"] for t in found["texts"]), min(b["ratio"] for b in found["borders"]))
            _shot(figure, page, name, scheme)
    print(f"{page.id}: lowest contrast (text, border): " + "; ".join(f"{k} {t:.1f}, {b:.1f}" for k, (t, b) in lowest.items()))
    assert not problems, f"{page.id} (text needs {TEXT_CONTRAST}:1, borders and arrows {GRAPHIC_CONTRAST}:1):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(("page", "count"), DIAGRAM_PAGES)
def test_legible_on_a_390px_phone(new_visit: Callable[..., Visit], page: Page, count: int) -> None:
    visit = new_visit(viewport=PHONE_390, is_mobile=True, has_touch=True)
    visit.open(page)
    problems, smallest = [], {}
    for figure in _figures(visit, count):
        name = _name(figure)
        for panel in figure.evaluate(PHONE_JS):
            if panel["left"] < 0 or panel["right"] > panel["viewport"]:
                problems.append(f"{name}: drawn from {panel['left']:.0f} to {panel['right']:.0f} px on a {panel['viewport']} px screen")
            problems += [f"{name}: {s['text']!r} is {s['px']:.1f} px" for s in panel["sizes"] if s["px"] < MIN_TEXT_PX]
            smallest[name] = min([smallest.get(name, 99.0), *(s["px"] for s in panel["sizes"])])
        _shot(figure, page, name, "phone")
    print(f"{page.id}: smallest text at {PHONE_390['width']} px: " + ", ".join(f"{k} {v:.1f} px" for k, v in smallest.items()))
    assert not problems, f"{page.id} (text at least {MIN_TEXT_PX} px):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(("page", "count"), DIAGRAM_PAGES)
def test_lines_fit_their_boxes_and_nothing_overlaps(visit: Visit, page: Page, count: int) -> None:
    assert visit.tab.viewport_size == DESKTOP
    visit.open(page)
    problems = [f"{_name(figure)}: {p}" for figure in _figures(visit, count) for p in figure.evaluate(LAYOUT_JS)]
    assert not problems, f"{page.id}:\n  " + "\n  ".join(problems)


def same_text(text: str) -> re.Pattern[str]:
    """``text`` with any white space: Chromium's accessible names and descriptions put spaces around inline blocks
    (the reader's values and inline code, kept whole on a line: extra.css) where the text has none."""
    return re.compile(r"^\s*" + r"\s*".join(re.escape(ch) for ch in "".join(text.split())) + r"\s*$")


@pytest.mark.parametrize(("page", "count"), DIAGRAM_PAGES)
def test_each_panel_is_an_image_with_a_name_and_description_and_its_text_selectable(visit: Visit, page: Page, count: int) -> None:
    visit.open(page)
    for figure in _figures(visit, count):
        name = _name(figure)
        expect(figure).to_have_accessible_name(same_text(figure.locator("figcaption").inner_text()))  # named by its caption
        panels = figure.locator("svg")
        images = figure.get_by_role("img")
        expect(images).to_have_count(panels.count())
        for i in range(panels.count()):
            svg = images.nth(i)
            title, desc = svg.evaluate(EXPECTED_JS)
            assert title.strip() and desc.strip(), f"{page.id} {name}: panel {i + 1} has an empty name or description"
            expect(svg).to_have_accessible_name(same_text(title))
            expect(svg).to_have_accessible_description(same_text(desc))
        unselected = figure.evaluate(SELECT_JS)
        assert not unselected, f"{page.id} {name}: text not selected with the figure: {unselected}"
