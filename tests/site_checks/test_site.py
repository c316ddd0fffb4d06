"""The built site: strict, complete in both languages, self-contained, and driven by the variables."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from docs_tooling import project
from docs_tooling.build import fence_record
from docs_tooling.extract import snippets
from docs_tooling.lint.literal_values import find_literals
from docs_tooling.project import LANGS
from docs_tooling.runner.lab_values import OTHER_VALUES, as_environ
from macros import variables

pytestmark = pytest.mark.site
every_page = pytest.mark.every_page  # checks every page at once: ./dev test-page runs them for any page

RAW_RE = re.compile(r"{%-?\s*raw\s*-?%}(.*?){%-?\s*endraw\s*-?%}", re.DOTALL)
JINJA_RE = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
ASSET_RE = re.compile(r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=\"([^\"]+)\"|<link\b[^>]*\bhref=\"([^\"]+)\"[^>]*>")
CSS_URL_RE = re.compile(r"url\(\s*['\"]?([^'\")]+)")
REMOTE_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@every_page
def test_strict_build_has_no_warnings(build_site) -> None:
    built = build_site()
    assert built.result.returncode == 0, built.log
    warnings = [line for line in built.log.splitlines() if "WARNING" in line]
    assert not warnings, "\n".join(warnings)


@every_page
def test_every_page_has_its_translation(root: Path) -> None:
    assert snippets.translation_gaps(root) == []
    zh = {p.relative_to(root / "docs/zh") for p in (root / "docs/zh").rglob("*.md")}
    en = {p.relative_to(root / "docs/en") for p in (root / "docs/en").rglob("*.md")}
    assert zh == en and zh, f"only zh: {sorted(map(str, zh - en))}; only en: {sorted(map(str, en - zh))}"


@every_page
def test_both_languages_are_built_for_every_page(build_site, root: Path) -> None:
    built = build_site()
    for page in project.pages(root):
        zh, en = built.html("zh", page), built.html("en", page)
        assert '<html lang="zh"' in zh and '<html lang="en"' in en, page


@every_page
def test_no_template_syntax_survives_except_raw_commands(build_site, root: Path) -> None:
    """``{{``/``{%`` in the HTML only where a page wrapped a command's own braces in {% raw %}."""
    allowed: set[str] = set()
    for page in (root / "docs").rglob("*.md"):
        for block in RAW_RE.findall(page.read_text(encoding="utf-8")):
            allowed |= set(JINJA_RE.findall(block))
    assert allowed, "no page shows a command with its own braces ({% raw %}); chapter 4's docker inspect should"
    built = build_site()
    leftovers = []
    for file in html_files(built.site):
        text = html.unescape(re.sub(r"<[^>]+>", "", file.read_text(encoding="utf-8")))
        leftovers += [f"{file.relative_to(built.site)}: {m}" for m in JINJA_RE.findall(text) if m not in allowed]
        leftovers += [f"{file.relative_to(built.site)}: macro error text" for m in re.findall(r"Macro Rendering Error", text)]
    assert not leftovers, "\n".join(leftovers)


@every_page
def test_commands_with_their_own_braces_render_as_written(build_site, root: Path) -> None:
    built = build_site()
    shown = "".join(html.unescape(re.sub(r"<[^>]+>", "", f.read_text(encoding="utf-8"))) for f in html_files(built.site))
    for page in (root / "docs").rglob("*.md"):
        for block in RAW_RE.findall(page.read_text(encoding="utf-8")):
            for expression in JINJA_RE.findall(block):
                assert expression in shown, f"{page.relative_to(root)}: {expression} does not render as written"


@every_page
def test_every_asset_is_local(build_site) -> None:
    built = build_site()
    remote = []
    for file in html_files(built.site):
        text = file.read_text(encoding="utf-8")
        for match in ASSET_RE.finditer(text):
            url = match.group(1) or match.group(2)
            tag = match.group(0)
            if match.group(2) and re.search(r"rel=\"(?:alternate|canonical)\"", tag):
                continue  # links to pages, not loaded
            if REMOTE_RE.match(url):
                remote.append(f"{file.relative_to(built.site)}: {url}")
        remote += [f"{file.relative_to(built.site)}: {u}" for u in CSS_URL_RE.findall(text) if REMOTE_RE.match(u)]
    for css in built.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        remote += [f"{css.relative_to(built.site)}: {u}" for u in CSS_URL_RE.findall(text) if REMOTE_RE.match(u)]
        remote += [f"{css.relative_to(built.site)}: @import {u}" for u in re.findall(r"@import\s+['\"]?(https?:[^'\"; ]+)", text)]
    assert not remote, "assets loaded from elsewhere:\n" + "\n".join(remote)


@every_page
def test_no_web_fonts_or_code_host_api(build_site) -> None:
    built = build_site()
    for file in html_files(built.site):
        text = file.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, file
        assert 'data-md-component="source"' not in text, f"{file}: a repository widget calls a code host's API"


@every_page
def test_variable_overrides_change_every_page(build_site) -> None:
    default, other = build_site(), build_site(**OTHER_VALUES)
    assert other.result.returncode == 0, other.log
    values = variables.load(as_environ(OTHER_VALUES))
    lab = other.html("en", "openstack-lab") + other.html("zh", "openstack-lab")
    for name in ("host_ip", "subnet", "container_ip", "gateway", "branch"):
        assert values[name] in lab, f"{name}={values[name]} missing from the openstack-lab page built with other values"
    for name in ("host_ip", "container_ip"):
        old = variables.load({})[name]
        assert old in default.html("zh", "openstack-lab")
        shown_outside_history = re.sub(r'<div class="admonition (?:notes|history)".*?</div>', "", lab, flags=re.DOTALL)
        assert old not in re.sub(r"<details class=\"(?:notes|history)\".*?</details>", "", shown_outside_history, flags=re.DOTALL), name


@pytest.mark.parametrize(
    ("name", "value", "rule"),
    [
        ("subnet", "172.17.0.0/33", "prefix length"),
        ("subnet", "172.17.0.1/16", "host bits set"),
        ("host_ip", "192.168.1.300", "not an IPv4 address"),
        ("host_ip", "172.17.3.4", "inside subnet"),
        ("container_ip", "10.9.9.9", "outside subnet"),
        ("branch", "", "must not be empty"),
    ],
)
def test_bad_values_stop_the_build_with_one_clear_line(build_site, name: str, value: str, rule: str) -> None:
    built = build_site(**{name: value})
    assert built.result.returncode != 0
    lines = [line for line in built.log.splitlines() if f"DOCS_{name.upper()}" in line]
    assert lines, built.log
    assert value in lines[0] and rule in lines[0], lines[0]
    assert "Traceback" not in built.log, built.log


def test_undefined_variable_names_page_and_line(project_copy: Path, build_site) -> None:
    page = project_copy / "docs/en/kvm.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "The host is {{ hostip }}.")
    page.write_text("\n".join(lines), encoding="utf-8")
    built = build_site(project_copy)
    assert built.result.returncode != 0
    assert "docs/en/kvm.md:4: undefined variable 'hostip'" in built.log, built.log
    assert "Traceback" not in built.log


@every_page
def test_no_reader_value_is_typed_literally(root: Path) -> None:
    found = [str(hit) for page in sorted((root / "docs").rglob("*.md")) for hit in find_literals(page, page.relative_to(root).as_posix())]
    assert not found, "\n".join(found)


def test_literal_value_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("Route via 192.168.1.199 now.\n\n!!! history \"Then\"\n    It was 172.17.42.1 and 192.168.1.199.\n", encoding="utf-8")
    hits = find_literals(page, "p.md")
    assert [(h.line, h.name) for h in hits] == [(1, "host_ip")]


@every_page
def test_anchors_are_the_same_in_both_languages(build_site, root: Path) -> None:
    built = build_site()
    for page in project.pages(root):
        ids = {lang: re.findall(r'<h[2-6] id="([^"]+)"', built.html(lang, page)) for lang in LANGS}
        assert ids["zh"] == ids["en"], f"{page}: zh {ids['zh']} vs en {ids['en']}"
        generated = [i for i in ids["zh"] if re.fullmatch(r"_\d+", i)]
        assert not generated, f"docs/zh/{page}.md: headings without explicit ids: {generated}"


@every_page
def test_snippets_folder_is_up_to_date(root: Path, default_snippets: list[snippets.Snippet]) -> None:
    """snippets/ holds every shell fence as rendered with the default values; both languages agree."""
    found = default_snippets
    assert found, "no shell snippet found on any page"
    stale = snippets.stale_files(root, found)
    assert not stale, "snippets/ is out of date with docs/:\n  " + "\n  ".join(stale) + f"\nrefresh it with: {snippets.REFRESH_COMMAND}"


ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
PAGE_INFO_RE = re.compile(r'<aside class="md-source-file.*?</aside>', re.DOTALL)


@every_page
def test_snippet_metadata_leaves_the_rendered_page_unchanged(project_copy: Path, build_site) -> None:
    """The same site with every `<!-- snippet -->` comment deleted renders the same articles."""
    with_meta = build_site()
    stripped = 0
    for page in (project_copy / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        new = fence_record.HIDDEN_COMMENT_LINES_RE.sub("", text)
        stripped += text != new
        page.write_text(new, encoding="utf-8")
    assert stripped, "no page carries snippet metadata"
    without_meta = build_site(project_copy)
    assert without_meta.result.returncode == 0, without_meta.log
    for file in html_files(with_meta.site):
        rel = file.relative_to(with_meta.site)
        html_with = file.read_text(encoding="utf-8")
        html_without = (without_meta.site / rel).read_text(encoding="utf-8")
        assert "<!-- snippet" not in html_with, f"{rel}: snippet metadata reached the HTML"
        articles = [ARTICLE_RE.findall(PAGE_INFO_RE.sub("", text)) for text in (html_with, html_without)]
        assert articles[0] or "md-content__inner" not in html_with, f"{rel}: article not found; update ARTICLE_RE"
        assert articles[0] == articles[1], f"{rel}: snippet metadata changed the rendered page"
