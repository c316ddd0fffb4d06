"""The figures of chapters 1 and 2 (macros/diagrams.py): where the prose introduces them, in both languages from one
definition, in the page's language, with an accessible name and description, real text that fits its boxes, and
names that the page's own text uses."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from docs_tooling.build import sitebuild
from docs_tooling.lint import typography
from docs_tooling.project import LANGS
from macros import diagrams
from macros.svg_diagram import plain
from tests import tiny_site
from tests.site_checks.svg_geometry import CJK_RE, SVG_NS, layout_problems, local, svgs_of

pytestmark = pytest.mark.site

# Where each figure sits: its page, the heading it follows and the next heading after it.
PLACES = {
    "hypervisor-types": ("virtualization", "two-types", "type-1"),
    "kvm-type": ("virtualization", "kvm-type", "nested"),
    "kvm-layers": ("kvm", "kvm-qemu-libvirt", "check-support"),
}
# The words of the paragraph right before a figure that point to it.
POINTER = {"zh": "下图", "en": "the figure"}
# What a diagram may be drawn with: text is text, and nothing is loaded.
ELEMENTS = {"svg", "title", "desc", "g", "rect", "text", "tspan", "line", "polygon"}
LABEL_RE = re.compile(r"\{L:(\w+)\}")
NAME_RE = re.compile(r"/?[A-Za-z][\w/.+-]*[\w+]|[A-Za-z]")
# Each figure with its page, so that `./dev test-page PAGE` selects its checks (docs_tooling/runner/page_select.py).
BY_PAGE = [pytest.param(name, slug, id=name) for name, (slug, _, _) in PLACES.items()]
NOTES_RE = re.compile(r'<div class="admonition notes">.*?</div>', re.DOTALL)  # no <div> nests in an admonition here
FIGURE_RE = {name: re.compile(rf'<figure class="diagram diagram--{name}">.*?</figure>', re.DOTALL) for name in PLACES}


def templates(diagram: diagrams.Diagram) -> list[str]:
    """Every template of ``diagram``: caption, each panel's title and description, every line."""
    found = [diagram.caption]
    for panel in diagram.panels:
        found += [panel.title, panel.desc, *(line.template for line in panel.labels)]
        found += [line.template for box in panel.boxes for line in box.lines]
    return found


def figure_of(page: str, name: str) -> ET.Element:
    found = FIGURE_RE[name].findall(page)
    assert len(found) == 1, f"expected one figure {name!r}, found {len(found)}"
    return ET.fromstring(found[0])


def prose(page: str) -> str:
    """The page's article as text, without its figures and without the original notes quoted as history (their
    spellings, such as "VMWare", are not the site's)."""
    article = page[page.index("<article"):page.index("</article>")]
    for pattern in (*FIGURE_RE.values(), NOTES_RE):
        article = pattern.sub(" ", article)
    return html.unescape(re.sub(r"<[^>]+>", " ", article))


def test_every_diagram_has_its_place() -> None:
    assert set(PLACES) == set(diagrams.DIAGRAMS), "a diagram without a place in PLACES, or a place without a diagram"


@pytest.mark.parametrize(("name", "slug"), BY_PAGE)
def test_figure_sits_where_the_prose_introduces_it_in_both_languages(build_site, name: str, slug: str) -> None:
    _, after, before = PLACES[name]
    built = build_site()
    for lang in LANGS:
        page = built.html(lang, slug)
        start, end = re.search(rf'<h[1-6] id="{after}"', page), re.search(rf'<h[1-6] id="{before}"', page)
        assert start and end, f"{lang}/{slug}: heading {after!r} or {before!r} is missing"
        at = page.find(f'<figure class="diagram diagram--{name}">')
        assert start.start() < at < end.start(), f"{lang}/{slug}: figure {name!r} is not between #{after} and #{before}"
        assert not re.search(r"<h[1-6] ", page[start.end():at]), f"{lang}/{slug}: a heading between #{after} and {name!r}"
        paragraphs = re.findall(r"<p>(.*?)</p>", page[start.end():at], re.DOTALL)
        assert paragraphs and POINTER[lang] in paragraphs[-1].lower(), f"{lang}/{slug}: no sentence before {name!r} points to it"
        assert len(FIGURE_RE[name].findall(page)) == 1
        assert re.search(rf'<html lang="{lang}"', page), f"{lang}/{slug}: the page is not marked as {lang}"


@pytest.mark.parametrize(("name", "slug"), BY_PAGE)
def test_figure_is_the_macros_own_html_untouched_by_markdown(build_site, name: str, slug: str) -> None:
    """Markdown passes it through as is: no glossary mark, no typography, no paragraph inside the SVG."""
    built = build_site()
    for lang in LANGS:
        assert diagrams.render(name, lang) in built.html(lang, slug), f"{lang}/{slug}: Markdown changed figure {name!r}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "slug"), BY_PAGE)
def test_each_panel_has_a_name_and_a_description_in_the_pages_language(build_site, name: str, slug: str, lang: str) -> None:
    page = build_site().html(lang, slug)
    figure = figure_of(page, name)
    caption = figure.find("figcaption")
    assert caption is not None and "".join(caption.itertext()).strip(), f"{name}: no caption"
    panels = svgs_of(figure)
    assert len(panels) == len(diagrams.DIAGRAMS[name].panels)
    for svg, panel in zip(panels, diagrams.DIAGRAMS[name].panels, strict=True):
        children = {local(el.tag): el for el in svg}
        assert svg.get("role") == "img", f"{name} {panel.name}: no role=\"img\" (a screen reader would read the labels one by one)"
        assert svg.get("aria-labelledby") == children["title"].get("id"), f"{name}: aria-labelledby names no <title>"
        assert svg.get("aria-describedby") == children["desc"].get("id"), f"{name}: aria-describedby names no <desc>"
        texts = {"title": children["title"].text or "", "desc": children["desc"].text or ""}
        assert texts["title"] == plain(panel.title, diagrams.LABELS[lang]), f"{name}: the <title> is not its label"
        assert texts["desc"] == plain(panel.desc, diagrams.LABELS[lang]), f"{name}: the <desc> is not its label"
        for part, text in [*texts.items(), ("caption", "".join(caption.itertext()))]:
            assert text.strip(), f"{name} {panel.name}: empty {part}"
            assert bool(CJK_RE.search(text)) == (lang == "zh"), f"{name} {panel.name}: the {part} is not in {lang}: {text!r}"
        for id_ in (svg.get("aria-labelledby"), svg.get("aria-describedby")):
            assert page.count(f'id="{id_}"') == 1, f"{name}: id {id_!r} is not unique on the page"


@pytest.mark.parametrize(("name", "slug"), BY_PAGE)
def test_drawing_is_real_text_and_loads_nothing(name: str, slug: str) -> None:
    for lang in LANGS:
        out = diagrams.render(name, lang)
        figure = ET.fromstring(out)
        for svg in svgs_of(figure):
            used = {local(el.tag) for el in svg.iter()}
            assert used <= ELEMENTS, f"{name}: drawn with {sorted(used - ELEMENTS)}: text must be <text>, nothing loaded"
            assert all(el.tag.startswith(SVG_NS) for el in svg.iter()), f"{name}: an element outside SVG's namespace"
        assert not re.search(r"href|url\(|@import|<image|<path", out), f"{name}: the figure loads or bakes something"
        lines = out.split("\n")
        assert not [n for n, line in enumerate(lines, 1) if not line.strip() or line.startswith(" ")], \
            f"{name}: blank or indented lines (Markdown would not pass the HTML through as one block)"


def test_labels_exist_in_both_languages_and_each_is_used() -> None:
    keys = {lang: set(labels) for lang, labels in diagrams.LABELS.items()}
    assert set(keys) == set(LANGS), f"labels for {sorted(keys)}, languages {LANGS}"
    every = set().union(*keys.values())
    missing = {lang: sorted(every - keys[lang]) for lang in LANGS if every - keys[lang]}
    assert not missing, f"labels missing in macros/diagrams.py LABELS: {missing}"
    used = {key for d in diagrams.DIAGRAMS.values() for template in templates(d) for key in LABEL_RE.findall(template)}
    assert used == every, f"unused labels {sorted(every - used)}, undefined {sorted(used - every)}"


def test_labels_are_in_their_language_and_the_shared_words_in_none() -> None:
    for key, text in diagrams.LABELS["zh"].items():
        assert CJK_RE.search(text), f"zh label {key!r} is not in Chinese: {text!r}"
    for key, text in diagrams.LABELS["en"].items():
        assert not CJK_RE.search(text), f"en label {key!r} has Chinese: {text!r}"
    for diagram in diagrams.DIAGRAMS.values():
        for template in templates(diagram):
            shared = LABEL_RE.sub("", template)
            assert not CJK_RE.search(shared), f"{diagram.name}: {template!r} writes Chinese outside a label"
    findings = typography.check_text("\n".join(diagrams.LABELS["zh"].values()), "macros/diagrams.zh")
    assert not findings, "\n".join(map(str, findings))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "slug"), BY_PAGE)
def test_every_line_fits_its_box(name: str, slug: str, lang: str) -> None:
    for svg in svgs_of(ET.fromstring(diagrams.render(name, lang))):
        problems = layout_problems(svg)
        assert not problems, f"{name} ({lang}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "slug"), BY_PAGE)
def test_description_names_every_box(name: str, slug: str, lang: str) -> None:
    """Each word of a box's first line is in its panel's description: what is drawn is said."""
    labels = diagrams.LABELS[lang]
    for panel in diagrams.DIAGRAMS[name].panels:
        desc = plain(panel.desc, labels).lower()
        for box in panel.boxes:
            if box.lines:
                first = plain(box.lines[0].template, labels)
                words = [w for w in re.split(r"[\s()（）,，、:：+]+", first.lower()) if w]
                missing = [w for w in words if w not in desc]
                assert not missing, f"{name} {panel.name} ({lang}): the description does not say {missing} of {first!r}"


@pytest.mark.parametrize(("name", "slug"), BY_PAGE)
def test_names_drawn_are_the_pages_own(build_site, name: str, slug: str) -> None:
    """Every name the drawing shows (Xen, QEMU, `/dev/kvm`, Red Hat, ...) is written the same in the page's text."""
    diagram, built = diagrams.DIAGRAMS[name], build_site()
    shown = " ".join(LABEL_RE.sub(lambda m: diagrams.LABELS["zh"][m.group(1)], t) for t in templates(diagram)[1:])
    shown = re.sub(r"\{L:\w+\}", " ", shown).replace("`", " ")
    names = sorted({n for n in NAME_RE.findall(CJK_RE.sub(" ", shown)) if not n.isdigit()})
    assert len(names) > 5, f"{name}: too few names found to check: {names}"
    for lang in LANGS:
        text = prose(built.html(lang, slug))
        missing = [n for n in names if not re.search(rf"(?<![\w-]){re.escape(n)}s?(?![\w-])", text)]
        assert not missing, f"{name}: the {lang} page never writes {missing}"


@pytest.mark.parametrize(("name", "slug"), BY_PAGE)
def test_search_indexes_the_caption_not_the_drawing(build_site, name: str, slug: str) -> None:
    """A search result's preview reads as prose: the SVG's labels, name and description are left out."""
    built = build_site()
    for lang in LANGS:
        index = json.loads((built.site / ("" if lang == LANGS[0] else lang) / "search" / "search_index.json").read_text())
        text = html.unescape(" ".join(d["text"] for d in index["docs"] if d["location"].split("#")[0].endswith(f"{slug}/")))
        text = text.replace("\u200b", "")  # jieba's word breaks in the Chinese index
        labels = diagrams.LABELS[lang]
        assert plain(diagrams.DIAGRAMS[name].caption, labels) in text, f"{lang}: the caption of {name!r} is not searchable"
        for panel in diagrams.DIAGRAMS[name].panels:
            assert plain(panel.desc, labels) not in text, f"{lang}: the search index holds the drawing {name!r}"


def test_unknown_diagram_or_language_is_refused_with_one_line(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"diagram\('nope'\): no such diagram; known: hypervisor-types, kvm-type"):
        diagrams.render("nope", "zh")
    with pytest.raises(ValueError, match=r"no labels for language 'fr'"):
        diagrams.render("kvm-layers", "fr")
    root = tiny_site.write(tmp_path / "tiny", page="# 页面\n\n文字。\n\n{{ diagram(\"nope\") }}\n")
    built = sitebuild.build(root, tmp_path / "site")
    assert built.returncode != 0
    expected = "docs/zh/page.md:5: template error: diagram('nope'): no such diagram; known: " + ", ".join(diagrams.DIAGRAMS)
    assert built.stderr.count(expected) == 1, built.stderr[-3000:]
    assert "Traceback" not in built.stderr
