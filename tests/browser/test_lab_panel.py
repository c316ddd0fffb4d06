"""The "your lab" panel: what a reader types reaches every place of every page, and what they copy was tested.

The equality of rules is tests/browser/test_lab_rules.py. Here, for three value sets (the defaults, the suite's
second set, a random valid set), every page of the default build with the values typed (or linked) in the
browser must read exactly like the page of a build with the same ``DOCS_*`` values (its article's text, the
diagram included), and every copy button must copy that build's command.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from docs_tooling.build import lab_panel, sitebuild
from docs_tooling.extract import scan
from docs_tooling.extract.snippet_meta import SHELL_LANGS, WINDOWS_LANGS
from docs_tooling.runner.lab_values import OTHER_VALUES, as_environ
from macros import variables
from tests.browser import served_site as site
from tests.browser.test_copy import BLOCKS, REVEAL_JS, SENTINEL
from tests.browser.test_lab_rules import random_valid

pytestmark = pytest.mark.browser

PAGES = site.discover_pages()
RANDOM_SET = {k: v for k, v in random_valid(random.Random(2026)).items() if v != variables.BASE[k].default}
VALUE_SETS = {"default": {}, "other": OTHER_VALUES, "random": RANDOM_SET}
# The article's text without the panel itself (its fields hold what the reader typed).
ARTICLE_TEXT_JS = """() => {
  const article = document.querySelector('.md-content article').cloneNode(true);
  article.querySelectorAll('[data-lab-panel]').forEach(panel => panel.remove());
  return article.textContent;
}"""
CODE_TEXTS_JS = "() => [...document.querySelectorAll('article pre code')].map(code => code.textContent)"
KEPT = {"en": "The page keeps the last valid values.", "zh": "页面保留最后一组有效的值。"}


class Reference:
    """A build with a value set's DOCS_* values, served, and its captured command fences."""

    def __init__(self, origin: str, capture: Path) -> None:
        self.origin, self.capture = origin, capture

    def commands(self, page: site.Page) -> list[str]:
        fences = json.loads((self.capture / page.lang / f"{page.slug}.json").read_text(encoding="utf-8"))
        return [f["code"] for f in fences if f["lang"] in SHELL_LANGS | WINDOWS_LANGS]


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Reference]]:
    from contextlib import ExitStack

    with ExitStack() as stack:
        refs = {}
        for name, values in VALUE_SETS.items():
            target, capture = tmp_path_factory.mktemp(f"ref-{name}"), tmp_path_factory.mktemp(f"capture-{name}")
            done = sitebuild.build(site.ROOT, target, as_environ(values), capture)
            assert done.returncode == 0, done.stdout + done.stderr
            refs[name] = Reference(stack.enter_context(site.serve(target)), capture)
        yield refs


def article_text(visit: site.Visit, origin: str, page: site.Page) -> str:
    visit.goto(origin + page.path)
    return visit.tab.evaluate(ARTICLE_TEXT_JS)


def copied_commands(visit: site.Visit, page: site.Page) -> list[str]:
    """What each command block's copy button puts on the clipboard, in page order."""
    source = site.ROOT / "docs" / page.lang / f"{page.slug}.md"
    fences = scan.scan_text(str(source.relative_to(site.ROOT)), source.read_text(encoding="utf-8"), scan.converter(),
                            every_language=True).fences
    blocks, tab, out = visit.tab.locator(BLOCKS), visit.tab, []
    for position, fence in enumerate(fences):
        if fence.lang not in SHELL_LANGS | WINDOWS_LANGS:
            continue
        block = blocks.nth(position)
        block.evaluate(REVEAL_JS)
        tab.evaluate("text => navigator.clipboard.writeText(text)", SENTINEL)
        block.hover()
        block.locator('button[data-md-type="copy"], button.md-clipboard').first.click()
        out.append(tab.evaluate("navigator.clipboard.readText()"))
    return out


PANEL_STATE_JS = """() => ({rules: typeof window.LAB_RULES, labValues: typeof window.labValues,
  document$: typeof window.document$, mount: !!document.querySelector('[data-lab-panel]'),
  panel: !!document.querySelector('[data-lab-panel] .lab-panel__box')})"""


def assert_panel_shown(visit: site.Visit) -> None:
    """The page has its panel. Checked, not waited for: Visit.goto returns after the load event, when the panel's
    script has run and rendered it (on DOMContentLoaded, through Material's document$), or never will."""
    state = visit.tab.evaluate(PANEL_STATE_JS)
    if not state["panel"] or state["labValues"] != "object":
        raise AssertionError(f"no values panel after the page's load event: {state}\n{visit.diagnosis()}")


def open_with_panel(visit: site.Visit, path: str) -> None:
    visit.open(path)
    assert_panel_shown(visit)


def set_values(visit: site.Visit, how: str, values: dict[str, str]) -> None:
    """Give the browser ``values``: typed into the panel, or by a share link; "reset" first stores others."""
    if how == "link":
        open_with_panel(visit, f"/en/openstack-lab/?{urlencode({lab_panel.LINK_PREFIX + k: v for k, v in values.items()})}")
        return
    open_with_panel(visit, "/en/openstack-lab/")
    tab = visit.tab
    tab.locator(".lab-panel summary").click()
    if how == "reset":
        tab.fill("#lab-field-host_ip", OTHER_VALUES["host_ip"])
        tab.locator("[data-lab-reset]").click()
    for name, value in values.items():
        tab.fill(f"#lab-field-{name}", value)


@pytest.mark.parametrize(("set_name", "how"), [("default", "reset"), ("other", "type"), ("random", "link")])
def test_every_page_reads_and_copies_as_a_build_with_the_same_values(
        new_visit: Callable[..., site.Visit], references: dict[str, Reference], set_name: str, how: str) -> None:
    ref = references[set_name]
    visit = new_visit(permissions=["clipboard-read", "clipboard-write"])
    reference = new_visit()
    set_values(visit, how, VALUE_SETS[set_name])
    wrong = []
    for page in PAGES:  # the values typed once follow to every page, in both languages (local storage)
        shown = article_text(visit, visit.origin, page)
        expected = article_text(reference, ref.origin, page)
        if shown != expected:
            diff = next(i for i, (a, b) in enumerate(zip(shown + "\0", expected + "\0", strict=False)) if a != b)
            wrong.append(f"{page.id}: the page reads {shown[diff - 60:diff + 60]!r}\n"
                         f"    the build with these values: {expected[diff - 60:diff + 60]!r}")
            continue
        copied, commands = copied_commands(visit, page), ref.commands(page)
        wrong += [f"{page.id} command {n}: copied {c!r}, the build has {e!r}"
                  for n, (c, e) in enumerate(zip(copied, commands, strict=False), start=1) if c != e]
        if len(copied) != len(commands):
            wrong.append(f"{page.id}: {len(copied)} copy buttons, {len(commands)} commands in the build")
    assert not wrong, f"{set_name} values ({as_environ(VALUE_SETS[set_name])}):\n" + "\n".join(wrong)
    assert not visit.errors, "\n".join(visit.errors)


# Each rule once, on the lab page in both languages: (field, value typed, rule).
BROKEN_ONCE = [
    ("host_ip", "192.168.1.300", "ipv4"),
    ("host_ip", "192.168.1.0", "lan_edge"),
    ("host_ip", "172.17.3.4", "host_in_subnet"),
    ("lan_prefix", "33", "lan_prefix"),
    ("subnet", "172.17.0.0", "cidr"),
    ("subnet", "172.17.0.0/33", "prefix_range"),
    ("subnet", "172.17.0.1/16", "host_bits"),
    ("subnet", "172.17.0.0/31", "subnet_size"),
    ("subnet", "192.168.1.0/25", "overlap"),
    ("container_ip", "10.9.9.9", "outside_subnet"),
    ("container_ip", "172.17.0.1", "reserved"),
    ("branch", "", "empty"),
    ("branch", "a..b", "branch"),
    ("image", "Ubuntu:24.04", "image"),
    ("container_name", "-lab", "name"),
    ("devstack_repo", "ftp://example/devstack", "url"),
    ("registry_mirror", "https://docker.m.daocloud.io/", "mirror"),
    ("controller", "os_controller", "hostname"),
]


def test_each_rule_has_a_case_here() -> None:
    assert {rule for _, _, rule in BROKEN_ONCE} | {"no_client", "unknown"} == set(variables.RULES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_broken_value_is_named_in_the_pages_language_and_no_command_shows_it(visit: site.Visit, lang: str) -> None:
    open_with_panel(visit, "/openstack-lab/" if lang == "zh" else "/en/openstack-lab/")
    tab = visit.tab
    tab.locator(".lab-panel summary").click()
    defaults = variables.load({})
    problems: list[str] = []
    for field, value, rule in [*BROKEN_ONCE, ("lan_prefix", "30", "no_client")]:
        if rule == "no_client":  # valid on its own: the page follows it
            tab.fill("#lab-field-host_ip", "192.168.1.198")
        before = tab.evaluate(CODE_TEXTS_JS)
        tab.fill(f"#lab-field-{field}", value)
        try:
            variables.derive({**{n: tab.input_value(f"#lab-field-{n}") for n in variables.BASE}})
        except variables.VariableError as exc:
            expected, broken = f"{exc.name}: {exc.message(lang)} {KEPT[lang]}", exc.rule
        else:
            raise AssertionError(f"{field}={value!r} breaks no rule")
        shown = tab.locator(f"#lab-field-{field}-error").text_content()
        if shown != expected or broken != rule:
            problems.append(f"{field}={value!r}: shows {shown!r}, expected {expected!r} (rule {broken}, meant {rule})")
        if tab.get_attribute(f"#lab-field-{field}", "aria-invalid") != "true":
            problems.append(f"{field}={value!r}: the field is not marked invalid")
        if tab.evaluate(CODE_TEXTS_JS) != before:
            problems.append(f"{field}={value!r}: a code block changed: it shows a broken value")
        tab.locator("[data-lab-reset]").click()
        if tab.locator(f"#lab-field-{field}-error").text_content():
            problems.append(f"{field}: the message stays after a reset")
    codes = tab.evaluate("() => [...document.querySelectorAll('[data-lab-var=\"host_ip\"]')].map(e => e.textContent)")
    assert codes and set(codes) == {defaults["host_ip"]}, codes
    assert not problems, "\n".join(problems)
    assert not visit.errors, "\n".join(visit.errors)


@pytest.mark.parametrize(("query", "ignored"), [
    ({"lab.host_ip": "10.20.0.300", "lab.subnet": "172.30.0.0/16"}, "host_ip, subnet — host_ip"),
    ({"lab.nonsense": "1"}, "nonsense (unknown)"),
])
def test_a_link_with_bad_values_loads_the_defaults_and_says_what_it_ignored(
        visit: site.Visit, query: dict[str, str], ignored: str) -> None:
    open_with_panel(visit, f"/en/openstack-lab/?{urlencode(query)}")
    notice = visit.tab.locator(".lab-panel__notice").text_content()
    assert notice.startswith("Ignored from the link (the defaults stay): ") and ignored in notice, notice
    assert visit.tab.evaluate("window.labValues.current().values") == variables.load({})
    assert "lab." not in visit.tab.url, "the link's values stay in the address bar"


def test_a_shared_link_fills_in_the_values_in_the_other_language(new_visit: Callable[..., site.Visit]) -> None:
    first = new_visit(permissions=["clipboard-read", "clipboard-write"])
    set_values(first, "type", OTHER_VALUES)
    first.tab.locator("[data-lab-share]").click()
    first.tab.locator(".lab-panel__share code").wait_for()
    link = first.tab.evaluate("navigator.clipboard.readText()")
    assert link == first.tab.locator(".lab-panel__share code").text_content()
    second = new_visit()
    second.goto(link.replace("/en/", "/"))
    assert_panel_shown(second)
    assert second.tab.evaluate("window.labValues.current().values") == variables.load(as_environ(OTHER_VALUES))
    assert "来自链接的值" in second.tab.locator(".lab-panel__notice").text_content()


def test_without_javascript_the_page_shows_the_builds_values(new_visit: Callable[..., site.Visit]) -> None:
    visit = new_visit(java_script_enabled=False)
    visit.open("/en/openstack-lab/")
    assert visit.tab.locator("[data-lab-panel]").is_hidden(), "an empty, useless panel is shown"
    shown = visit.tab.evaluate("() => [...document.querySelectorAll('[data-lab-var=\"subnet\"]')].map(e => e.textContent)")
    assert shown and set(shown) == {variables.load({})["subnet"]}


def test_the_panel_fits_a_phone(new_visit: Callable[..., site.Visit]) -> None:
    visit = new_visit(viewport=site.PHONE, is_mobile=True, has_touch=True)
    open_with_panel(visit, "/openstack-lab/")
    tab = visit.tab
    tab.locator(".lab-panel summary").click()
    tab.locator("#lab-field-subnet").fill(OTHER_VALUES["subnet"])
    assert tab.evaluate("document.documentElement.scrollWidth") <= site.PHONE["width"], "the page scrolls sideways"
    box = tab.locator("#lab-field-subnet").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= site.PHONE["width"]
    assert any(OTHER_VALUES["subnet"] in text for text in tab.locator("article pre code").all_text_contents())
    site.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.locator(".lab-panel").screenshot(path=str(site.SCREENSHOTS / "lab-panel-phone.png"))


def test_with_instant_navigation_the_next_page_follows_too(new_visit: Callable[..., site.Visit]) -> None:
    """Material's instant navigation (off in mkdocs.yml, switched on here in each page's configuration) swaps the
    page without loading it; the panel and the values must come with the new page."""
    visit = new_visit()
    site.instant_navigation(visit)
    visit.open(f"/en/openstack-lab/?{urlencode({lab_panel.LINK_PREFIX + k: v for k, v in OTHER_VALUES.items()})}")
    tab = visit.tab
    tab.evaluate("window.notReloaded = true")
    tab.locator(".md-sidebar--primary a.md-nav__link", has_text="Home").first.click()
    tab.wait_for_url(visit.origin + "/en/")
    tab.locator("#lab-values .lab-panel__box").wait_for()
    assert tab.evaluate("window.notReloaded === true"), "the page was loaded, not swapped: instant navigation is off"
    shown = tab.evaluate("() => [...document.querySelectorAll('[data-lab-var=\"host_ip\"]')].map(e => e.textContent)")
    assert shown and set(shown) == {OTHER_VALUES["host_ip"]}
    assert not visit.errors, "\n".join(visit.errors)


@pytest.mark.parametrize("path", ["/openstack-lab/", "/en/openstack-lab/"])
def test_a_page_has_its_panel_when_it_has_opened_even_on_a_starved_cpu(
        new_visit: Callable[..., site.Visit], path: str) -> None:
    """Visit.open returns once the page's scripts have run, not when the network first went quiet: with the page 10
    times slower (a busy 2-core machine under -n 2, or a slow phone), Playwright's "networkidle" came while the page
    was still being parsed, before Material's bundle and the panel's script had run."""
    visit = new_visit(cpu_slowdown=10)
    open_with_panel(visit, path)
    assert visit.tab.evaluate("document.readyState") == "complete"
    assert not visit.errors, "\n".join(visit.errors)
