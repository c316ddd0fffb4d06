"""The values' marks: every value a page shows is a span the browser's panel can change, and no mark leaks."""

from __future__ import annotations

import json
import re

import pytest

from docs_tooling import project
from docs_tooling.build import lab_panel, value_marks
from docs_tooling.runner.lab_values import OTHER_VALUES, as_environ
from macros import variables

pytestmark = pytest.mark.site

SPAN_RE = re.compile(r'<(?:span|tspan|code)\b[^>]*\bdata-lab-var="(\w+)"[^>]*>([^<]*)<')
PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")


def test_a_value_split_by_the_highlighter_is_one_value_in_pieces() -> None:
    marked = value_marks.mark("subnet", "172.17.0.0/16")
    html = marked.replace("0.0/", '0.0</span><span class="o">/')
    assert value_marks.to_html(f'<span class="m">{html}</span>') == (
        '<span class="m"><span data-lab-var="subnet">172.17.0.0</span></span>'
        '<span class="o"><span data-lab-rest>/16</span></span>')


def test_marks_in_attributes_and_raw_text_are_dropped_not_wrapped() -> None:
    ip = value_marks.mark("host_ip", "10.0.0.5")
    html = f'<a href="http://{ip}/">{ip}</a><script>var a = "{ip}";</script><title>{ip}</title>'
    assert value_marks.to_html(html) == (
        '<a href="http://10.0.0.5/"><span data-lab-var="host_ip">10.0.0.5</span></a>'
        '<script>var a = "10.0.0.5";</script><title>10.0.0.5</title>')


def test_an_empty_value_still_gets_its_span() -> None:
    assert value_marks.to_html(value_marks.mark("container_ip", "")) == '<span data-lab-var="container_ip"></span>'


def test_only_lab_values_are_marked() -> None:
    assert value_marks.finalize(value_marks.LabValue("branch", "main")) == value_marks.mark("branch", "main")
    assert value_marks.finalize("main") == "main" and value_marks.finalize(3) == 3


@pytest.mark.parametrize("values", [{}, OTHER_VALUES], ids=["default", "other"])
def test_every_shown_value_is_marked_and_no_mark_leaks(build_site, values: dict[str, str]) -> None:
    built = build_site(**values)
    assert built.result.returncode == 0, built.log
    expected = variables.load(as_environ(values))
    leaks, wrong, spans = [], [], 0
    for file in sorted(built.site.rglob("*")):
        if file.suffix not in (".html", ".json", ".js", ".xml", ".css"):
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        if PRIVATE_USE_RE.search(text) and "assets/javascripts" not in file.as_posix():  # Material's bundle has its own
            leaks.append(file.relative_to(built.site).as_posix())
        for name, shown in SPAN_RE.findall(text):
            spans += 1
            if shown != expected[name]:
                wrong.append(f"{file.relative_to(built.site)}: {name} shows {shown!r}, the build's value is {expected[name]!r}")
    assert not leaks, f"value marks left in {leaks} (docs_tooling/build/value_marks.py should have removed them)"
    assert not wrong, "\n".join(wrong)
    assert spans > 100, f"only {spans} marked values in the whole site"


def test_a_page_that_shows_values_has_the_panel_once(build_site, root) -> None:
    built = build_site()
    for slug in project.pages(root):
        for lang in project.LANGS:
            page = built.html(lang, slug)
            shows = 'data-lab-var="' in page.split('id="lab-values"')[-1]
            assert page.count('data-lab-panel') == (1 if shows else 0), f"{lang}:{slug}"
    assert 'data-lab-panel' not in built.html("en", "glossary")
    assert built.html("en", "index").count('href="#lab-values"') == 1, "the home page's values table links to the panel"


def test_the_browser_gets_the_rules_of_variables_py(build_site) -> None:
    built = build_site(**OTHER_VALUES)
    script = (built.site / lab_panel.RULES_ASSET).read_text(encoding="utf-8")
    data = json.loads(script.split("window.LAB_RULES = ", 1)[1].rstrip().rstrip(";"))
    assert data == lab_panel.rules_data(as_environ(OTHER_VALUES))
    assert data["values"]["host_ip"] == OTHER_VALUES["host_ip"] and data["defaults"]["subnet"] == OTHER_VALUES["subnet"]
