"""Chapter 4's network diagram: in both languages, drawn from the build's values, accessible, wide enough for any value."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from docs_tooling.lint import typography
from docs_tooling.project import LANGS
from docs_tooling.runner.lab_values import OTHER_VALUES, as_environ
from macros import lab_diagram, variables
from tests.site_checks.svg_geometry import CJK_RE, SVG_NS, layout_problems, local, svgs_of

pytestmark = pytest.mark.site

PAGE = "openstack-lab"
FIGURE_RE = re.compile(r'<figure class="diagram diagram--lab-network">.*?</figure>', re.DOTALL)
VALUE_SETS = {"default": {}, "other": OTHER_VALUES}
ADDRESS_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
# The longest values a reader can give: what the boxes must hold.
LONGEST = {"host_ip": "255.255.255.254", "lan": "255.255.255.252/30", "client_ip": "255.255.255.253",
           "subnet": "172.130.100.252/30", "gateway": "172.130.100.253", "container_ip": "172.130.100.254",
           "container_name": "openstack-lab-with-a-long-name"}


def figures(html: str) -> list[str]:
    return FIGURE_RE.findall(html)


def parsed(html: str) -> ET.Element:
    found = figures(html)
    assert len(found) == 1, f"expected one lab diagram, found {len(found)}"
    return ET.fromstring(found[0])


def svg_of(figure: ET.Element) -> ET.Element:
    (svg,) = svgs_of(figure)
    return svg


def text_without_values(element: ET.Element) -> str:
    """The element's text with every value element left out (their tails kept)."""
    parts = [] if element.get("data-lab-var") else [element.text or ""]
    for child in element:
        parts += [text_without_values(child), child.tail or ""]
    return "".join(parts)


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_diagram_is_in_chapter_4_of_both_languages_before_the_docker_host_steps(build_site, value_set: str) -> None:
    built = build_site(**VALUE_SETS[value_set])
    assert built.result.returncode == 0, built.log
    for lang in LANGS:
        page = built.html(lang, PAGE)
        start, steps = page.find('<h2 id="reach-from-lan"'), page.find('<h3 id="docker-host"')
        figure = page.find('<figure class="diagram diagram--lab-network">')
        assert -1 < start < figure < steps, f"{lang}: the diagram is not in chapter 4 before 'docker-host' ({start}, {figure}, {steps})"
        assert not re.search(r"<h[23] ", page[figure:steps]), f"{lang}: a heading between the diagram and the Docker host steps"
        assert len(figures(page)) == 1, f"{lang}: {len(figures(page))} diagrams"


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_every_value_shown_is_the_builds_own_in_its_element(build_site, value_set: str) -> None:
    values = variables.load(as_environ(VALUE_SETS[value_set]))
    built = build_site(**VALUE_SETS[value_set])
    for lang in LANGS:
        page = built.html(lang, PAGE)
        assert lab_diagram.render(values, lang) in page, f"{lang}: Markdown changed the macro's HTML"
        figure = parsed(page)
        for part in (svg_of(figure), figure.find("figcaption")):
            assert part is not None, f"{lang}: no description"
            marked = [el for el in part.iter() if el.get("data-lab-var")]
            shown = {el.get("data-lab-var") for el in marked}
            assert shown == set(lab_diagram.NAMES), f"{lang} {local(part.tag)}: shows {sorted(shown)}"
            for el in marked:
                name = el.get("data-lab-var")
                assert len(el) == 0 and el.text == values[name], f"{lang}: {name} shows {el.text!r}, not {values[name]!r}"
            rest = text_without_values(part)
            assert not ADDRESS_RE.search(rest), f"{lang} {local(part.tag)}: an address outside a value element: {rest!r}"
            assert values["container_name"] not in rest, f"{lang}: the container name outside its element: {rest!r}"


def test_labels_are_in_the_pages_language(build_site) -> None:
    built = build_site()
    texts = {lang: text_without_values(parsed(built.html(lang, PAGE))) for lang in LANGS}
    for word in ("局域网", "另一台机器", "Docker 主机", "容器子网", "网关"):
        assert word in texts["zh"], f"zh diagram lacks {word!r}"
    for word in ("LAN", "Other machine", "Docker host", "Container subnet", "gateway"):
        assert word in texts["en"], f"en diagram lacks {word!r}"
        assert word not in texts["zh"], f"zh diagram shows the English {word!r}"
    assert not CJK_RE.search(texts["en"]), f"en diagram shows Chinese: {CJK_RE.findall(texts['en'])}"
    for text in svg_of(parsed(built.html("zh", PAGE))).iter(f"{SVG_NS}text"):
        words = text_without_values(text).strip()
        if words and text.get("class") != "diagram__code":
            assert CJK_RE.search(words), f"zh diagram label {words!r} is not in Chinese"
    shown = "\n".join(line for line in "".join(parsed(built.html("zh", PAGE)).itertext()).splitlines() if line.strip())
    findings = typography.check_text(shown, "lab_diagram.zh")
    assert not findings, "\n".join(map(str, findings))


@pytest.mark.parametrize("lang", LANGS)
def test_svg_is_well_formed_with_an_accessible_name_and_description(build_site, lang: str) -> None:
    page = build_site().html(lang, PAGE)
    figure = parsed(page)
    svg = svg_of(figure)
    assert svg.get("role") == "img" and svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}", svg.attrib
    children = {local(el.tag): el for el in svg}
    assert (children["title"].text or "").strip() and (children["desc"].text or "").strip(), "empty <title> or <desc>"
    assert svg.get("aria-labelledby") == children["title"].get("id")
    described = [el for el in figure.iter() if el.get("id") == svg.get("aria-describedby")]
    assert len(described) == 1 and local(described[0].tag) == "figcaption", "aria-describedby names no description"
    assert page.count(f'id="{svg.get("aria-describedby")}"') == 1, "the description's id is not unique on the page"
    assert not re.search(r"href|url\(|@import|<image", FIGURE_RE.findall(page)[0]), "the diagram loads something"


@pytest.mark.parametrize("lang", LANGS)
def test_boxes_hold_the_longest_values(lang: str) -> None:
    svg = svg_of(ET.fromstring(lab_diagram.render(LONGEST, lang)))
    boxes = [g for g in svg.iter() if "diagram__box" in (g.get("class") or "").split()]
    assert len(boxes) == len(lab_diagram.BOXES)
    problems = layout_problems(svg)
    assert not problems, f"{lang}:\n  " + "\n  ".join(problems)


def test_html_survives_markdown_and_unknown_input_is_refused() -> None:
    out = lab_diagram.render(LONGEST, "en")
    lines = out.split("\n")
    assert not [n for n, line in enumerate(lines, 1) if not line.strip() or line.startswith(" ")], "blank or indented lines"
    with pytest.raises(ValueError, match="no labels for language 'fr'"):
        lab_diagram.render(LONGEST, "fr")
    with pytest.raises(ValueError, match="values missing: gateway"):
        lab_diagram.render({k: v for k, v in LONGEST.items() if k != "gateway"}, "zh")
