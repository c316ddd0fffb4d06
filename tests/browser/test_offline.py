"""The offline copy (``./dev build --offline``), unpacked from its archive and opened from disk (file://).

Navigation, the language switch both ways, search in both languages, a copy button, content tabs, the "your
lab" panel and the glossary's tooltips must work there, and no page may ask for anything outside the copy's folder (Chromium sends any other
request to a closed port: see served_site.CHROMIUM_ARGS; Playwright records it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from docs_tooling import project
from docs_tooling.build import offline, offline_archive, verified_on
from docs_tooling.extract import scan
from docs_tooling.extract.snippet_meta import SHELL_LANGS
from docs_tooling.extract.snippets import read_snippet_file
from docs_tooling.runner.lab_values import OTHER_VALUES, as_environ
from macros import variables
from tests.browser import served_site as site
from tests.browser.test_copy import BLOCKS, REVEAL_JS, SENTINEL, snippet_files
from tests.browser.test_glossary import DEFINITIONS, GLOSSARY, MARK, TIP, term_of
from tests.browser.test_language import HEADING_IDS_JS, choose_language, keeps_the_place
from tests.browser.test_search import search

pytestmark = pytest.mark.browser

LAB = "openstack-lab"
COPY_PAGE = "kvm"
# The last: an English form the pages never use (search_worker.js in the worker's shim, the forms in the inlined index).
SEARCHES = [("zh", "虚拟化", "virtualization"), ("en", "hypervisor", "virtualization"), ("en", "bridges", "openstack-lab")]
READER_WORDS = [("zh", "网关"), ("en", "gateway")]  # the appendix pages come after the chapters (tests/browser/test_search.py)
LAB_TABS = ["Windows", "Linux", "macOS"]


@dataclass(frozen=True)
class OfflineCopy:
    built: Path  # the folder ./dev build --offline wrote
    archive: Path  # the .zip beside it
    root: Path  # the archive, unpacked: the folder readers open


def file_path(lang: str, slug: str) -> str:
    """The path of a page below the copy's folder, with mkdocs' file URLs: ``/en/kvm.html``."""
    return ("/" if lang == project.PRIMARY else f"/{lang}/") + f"{slug}.html"


def nav_slugs() -> list[str]:
    """The pages in mkdocs.yml's navigation order."""
    def walk(items: list[Any]) -> Iterator[str]:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from walk(value) if isinstance(value, list) else [value.removesuffix(".md")]

    return list(walk(project.load_config_text((site.ROOT / project.CONFIG_FILE).read_text(encoding="utf-8"))["nav"]))


def dev_build(*args: str) -> None:
    """``./dev build ARGS`` with the default values (none of the caller's DOCS_* or SITE_OFFLINE*)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(variables.ENV_PREFIX) and k not in ("SITE_OFFLINE", offline.ARCHIVE_ENV)}
    command = [sys.executable, "-m", "docs_tooling.cli", "build", *args]
    done = subprocess.run(command, cwd=site.ROOT, env={**env, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    assert done.returncode == 0, f"`./dev build {' '.join(args)}` failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> OfflineCopy:
    """``./dev build --offline``, its archive unpacked elsewhere."""
    built = tmp_path_factory.mktemp("offline") / offline.ARCHIVE_NAME
    dev_build("--offline", "--site-dir", str(built))
    archive = built.with_name(f"{built.name}.zip")
    unpacked = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(unpacked)
    return OfflineCopy(built, archive, unpacked / offline.ARCHIVE_NAME)


@pytest.fixture()
def new_visit(chromium: Browser, offline_copy: OfflineCopy) -> Iterator[Callable[..., site.Visit]]:
    """``new_visit(**context_options)``: a new context with one tab, its "origin" the unpacked copy's folder."""
    with site.visit_maker(chromium, offline_copy.root.as_uri()) as make:
        yield make


def here(visit: site.Visit) -> str:
    """The open page's path below the copy's folder."""
    return urlsplit(visit.tab.url).path.removeprefix(urlsplit(visit.origin).path)


def stayed_inside(visit: site.Visit) -> None:
    assert not visit.foreign_requests(), "requests outside the offline copy:\n" + "\n".join(visit.foreign_requests())
    assert not visit.errors, "\n".join(visit.errors)


def test_the_archive_unpacks_to_the_built_copy(offline_copy: OfflineCopy) -> None:
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    built, unpacked = files(offline_copy.built), files(offline_copy.root)
    assert built.keys() == unpacked.keys(), f"only built: {sorted(built.keys() - unpacked.keys())[:5]}; only unpacked: " \
                                            f"{sorted(unpacked.keys() - built.keys())[:5]}"
    assert [name for name in built if built[name] != unpacked[name]] == []


def test_the_archive_is_deterministic(tmp_path: Path) -> None:
    """The same files give the same archive, whatever their dates."""
    folder = tmp_path / "copy"
    (folder / "en").mkdir(parents=True)
    (folder / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    (folder / "en" / "index.html").write_text("<p>Home</p>", encoding="utf-8")
    offline_archive.write_archive(folder, tmp_path / "first.zip", "top")
    os.utime(folder / "index.html", (0, 0))
    offline_archive.write_archive(folder, tmp_path / "second.zip", "top")
    assert (tmp_path / "first.zip").read_bytes() == (tmp_path / "second.zip").read_bytes()
    assert zipfile.ZipFile(tmp_path / "first.zip").namelist() == ["top/en/index.html", "top/index.html"]


def test_the_published_site_links_to_the_same_archive_and_the_copy_does_not(
        offline_copy: OfflineCopy, tmp_path_factory: pytest.TempPathFactory) -> None:
    """``./dev build`` publishes the archive ``./dev build --offline`` makes, byte for byte, and both home pages link
    to it; the copy's own home pages link to no archive (it is not inside itself)."""
    published = tmp_path_factory.mktemp("published")
    dev_build("--site-dir", str(published))
    download = published / offline.ARCHIVE_URI
    assert download.is_file(), f"./dev build wrote no {offline.ARCHIVE_URI}"
    assert download.read_bytes() == offline_copy.archive.read_bytes(), "the published archive differs from ./dev build --offline's"
    for lang in project.LANGS:
        home = published / file_path(lang, "index").lstrip("/")  # index.html in both kinds of URLs
        links = re.findall(rf'href="([^"]*{re.escape(offline.ARCHIVE_URI)})"', home.read_text(encoding="utf-8"))
        assert links and all((home.parent / link).resolve() == download.resolve() for link in links), f"{home}: links {links}"
        copy_home = (offline_copy.root / file_path(lang, "index").lstrip("/")).read_text(encoding="utf-8")
        assert f"{offline.ARCHIVE_NAME}.zip\"" not in copy_home, f"the offline copy's {lang} home page links to an archive"


@pytest.mark.parametrize("lang", project.LANGS)
def test_navigation_leads_through_every_page_and_home_asking_for_nothing_outside(
        new_visit: Callable[..., site.Visit], lang: str) -> None:
    """The footer's "next" link from the home page to the last page, then the sidebar's link home."""
    visit = new_visit()
    slugs = nav_slugs()
    visit.open(file_path(lang, slugs[0]))
    for slug in slugs[1:]:
        with visit.tab.expect_navigation(wait_until="load"):
            visit.tab.locator("a.md-footer__link--next").click()
        assert here(visit) == file_path(lang, slug), f"the footer's next link led to {visit.tab.url}, not {file_path(lang, slug)}"
        assert visit.tab.locator(".md-content article h1").count() == 1, f"{visit.tab.url} shows no page"
    with visit.tab.expect_navigation(wait_until="load"):
        visit.tab.locator('.md-sidebar--primary a.md-nav__link[href="index.html"]').first.click()
    visit.settle()
    assert here(visit) == file_path(lang, "index"), f"the sidebar's link to the home page led to {visit.tab.url}"
    assert visit.tab.evaluate("window.Worker === window.IFrameWorker"), "the search worker's shim (iframe-worker) is not in use"
    stayed_inside(visit)


def test_language_switch_lands_on_the_same_page_both_ways(new_visit: Callable[..., site.Visit]) -> None:
    visit = new_visit()
    (first, second), slug = project.LANGS[:2], LAB
    visit.open(file_path(first, slug))
    section = visit.tab.evaluate(HEADING_IDS_JS)[-1]
    visit.tab.evaluate("id => { location.hash = id; }", section)
    for lang in (second, first):
        choose_language(visit, lang)
        where = (here(visit), urlsplit(visit.tab.url).fragment)
        assert where == (file_path(lang, slug), section), f"the language selector led to {visit.tab.url}"
    stayed_inside(visit)


def test_language_switch_keeps_the_place_without_a_hash(new_visit: Callable[..., site.Visit]) -> None:
    """Scrolled into a section, no #section in the address: the same place in the other language, and back."""
    visit = new_visit()
    (first, second), slug = project.LANGS[:2], LAB
    pages = [site.Page(lang, slug, file_path(lang, slug)) for lang in (first, second)]
    keeps_the_place(visit, *pages, path_of=here)
    stayed_inside(visit)


@pytest.mark.parametrize(("lang", "query", "slug"), SEARCHES, ids=[f"{lang}:{query}" for lang, query, _ in SEARCHES])
def test_search_finds_the_page_in_the_pages_language(new_visit: Callable[..., site.Visit], lang: str, query: str, slug: str) -> None:
    visit = new_visit()
    visit.open(file_path(lang, "index"))
    found = [path.removeprefix(urlsplit(visit.origin).path) for path in search(visit, query)]
    other = [path for path in found if (path.startswith("/en/") != (lang == "en"))]
    assert not other, f"{query!r} from a {lang} page listed pages of another language: {other[:5]}"
    assert found[:1] == [file_path(lang, slug)], f"{query!r} from a {lang} page listed {found[:5]}; expected {file_path(lang, slug)} first"
    stayed_inside(visit)


@pytest.mark.parametrize(("lang", "query"), READER_WORDS, ids=[f"{lang}:{query}" for lang, query in READER_WORDS])
def test_a_readers_words_list_the_appendix_pages_after_the_chapters(new_visit: Callable[..., site.Visit], lang: str, query: str) -> None:
    visit = new_visit()
    visit.open(file_path(lang, "index"))
    found = [path.removeprefix(urlsplit(visit.origin).path) for path in search(visit, query)]
    appendix = [i for i, path in enumerate(found) if path in {file_path(lang, page) for page in project.APPENDIX}]
    assert appendix and len(appendix) < len(found), f"{query!r} must find an appendix page and another page: {found[:5]}"
    assert min(appendix) == len(found) - len(appendix), f"{query!r} from a {lang} page listed {found}: an appendix page before a chapter"
    stayed_inside(visit)


def test_copy_buttons_copy_the_commands(new_visit: Callable[..., site.Visit]) -> None:
    lang = project.PRIMARY
    source = site.ROOT / project.page_file(COPY_PAGE, lang)
    text = source.read_text(encoding="utf-8")
    fences = scan.scan_text(str(source.relative_to(site.ROOT)), text, scan.converter(), every_language=True).fences
    shell = [position for position, fence in enumerate(fences) if fence.lang in SHELL_LANGS]
    expected = [read_snippet_file(path)[1] for _, path in sorted(snippet_files(COPY_PAGE).items())]
    assert shell and len(expected) == len(shell), f"{source}: {len(shell)} shell fences, {len(expected)} in snippets/; run `./dev snippets`"
    visit = new_visit(permissions=["clipboard-read", "clipboard-write"])
    visit.open(file_path(lang, COPY_PAGE))
    blocks, copied = visit.tab.locator(BLOCKS), []
    for position in shell:
        block = blocks.nth(position)
        block.evaluate(REVEAL_JS)
        visit.tab.evaluate("text => navigator.clipboard.writeText(text)", SENTINEL)
        block.hover()
        block.locator('button[data-md-type="copy"], button.md-clipboard').first.click()
        copied.append(visit.tab.evaluate("navigator.clipboard.readText()"))
    assert copied == expected
    stayed_inside(visit)


def test_content_tabs_switch_and_the_choice_follows_to_the_other_language(new_visit: Callable[..., site.Visit]) -> None:
    """Each tab shows its panel only; with content.tabs.link the last one chosen is chosen on the next page too."""
    visit = new_visit()
    first, second = project.LANGS[:2]
    visit.open(file_path(first, LAB))

    def lab_tabs() -> tuple[Any, list[str]]:
        for tab_set in visit.tab.locator(".md-content .tabbed-set").all():
            names = [name.strip() for name in tab_set.locator(":scope > .tabbed-labels > label").all_inner_texts()]
            if set(LAB_TABS) <= set(names):
                return tab_set, names
        raise AssertionError(f"{here(visit)}: no tab set with {LAB_TABS}")

    def shows(tab_set: Any, names: list[str], chosen: str, where: str) -> None:
        blocks = tab_set.locator(":scope > .tabbed-content > .tabbed-block")
        for position, name in enumerate(names):
            state = expect(blocks.nth(position), f"{where}: tab {chosen!r} chosen, panel {name!r}")
            state.to_be_visible() if name == chosen else state.to_be_hidden()

    tab_set, names = lab_tabs()
    for chosen in reversed(LAB_TABS):  # the last first: the first is the one shown at the start
        tab_set.locator(":scope > .tabbed-labels > label", has_text=chosen).click()
        shows(tab_set, names, chosen, file_path(first, LAB))
    chosen = LAB_TABS[-1]
    tab_set.locator(":scope > .tabbed-labels > label", has_text=chosen).click()
    choose_language(visit, second)
    tab_set, names = lab_tabs()
    shows(tab_set, names, chosen, file_path(second, LAB))
    stayed_inside(visit)


def test_the_values_panel_changes_the_commands_and_keeps_them_in_the_other_language(new_visit: Callable[..., site.Visit]) -> None:
    visit = new_visit()
    first, second = project.LANGS[:2]
    visit.open(file_path(first, LAB))
    tab = visit.tab
    tab.locator(".lab-panel summary").click()
    for name, value in OTHER_VALUES.items():
        tab.fill(f"#lab-field-{name}", value)
    expected = variables.load(as_environ(OTHER_VALUES))
    codes = tab.locator("article pre code").all_text_contents()
    assert any(expected["subnet"] in code for code in codes), f"no command of {file_path(first, LAB)} shows the typed subnet"
    choose_language(visit, second)
    assert tab.evaluate("window.labValues.current().values") == expected, "the values did not follow to the other language"
    shown = tab.evaluate("() => [...document.querySelectorAll('[data-lab-var=\"host_ip\"]')].map(e => e.textContent)")
    assert shown and set(shown) == {OTHER_VALUES["host_ip"]}, f"{file_path(second, LAB)} shows host_ip {sorted(set(shown))}"
    stayed_inside(visit)


@pytest.mark.parametrize("lang", project.LANGS)
def test_glossary_tooltips_show_the_definition_and_link_to_the_entry(new_visit: Callable[..., site.Visit], lang: str) -> None:
    visit = new_visit()
    visit.open(file_path(lang, "virtualization"))
    mark = visit.tab.locator(MARK).first
    term = term_of(mark)
    mark.hover()
    tip = visit.tab.locator(TIP)
    expect(tip.locator(".glossary-tip__text")).to_have_text(DEFINITIONS[lang][term])
    tip.locator(".glossary-tip__link").click()
    visit.tab.wait_for_url(f"**{file_path(lang, GLOSSARY)}#{term}")
    expect(visit.tab.locator(f'dt:has(> span[id="{term}"])')).to_be_in_viewport()
    stayed_inside(visit)


@pytest.mark.parametrize("lang", project.LANGS)
def test_the_verified_on_line_leads_to_the_guides_section(new_visit: Callable[..., site.Visit], lang: str) -> None:
    """A page with commands says whether they passed (docs_tooling/build/verified_on.py); its link opens the guide's
    section on it, inside the copy."""
    guide, anchor = verified_on.GUIDE
    visit = new_visit()
    visit.open(file_path(lang, COPY_PAGE))
    line = visit.tab.locator("aside.verified-on")
    expect(line).to_have_count(1)
    assert line.get_attribute("data-verified") in (verified_on.PASSED, verified_on.CHANGED, verified_on.NEVER)
    with visit.tab.expect_navigation(wait_until="load"):
        line.locator("a").click()
    assert here(visit) == file_path(lang, guide) and urlsplit(visit.tab.url).fragment == anchor, visit.tab.url
    expect(visit.tab.locator(f"h2#{anchor}")).to_be_visible()
    stayed_inside(visit)
