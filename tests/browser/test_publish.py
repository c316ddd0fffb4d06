"""The published site: built for an address below a sub-path, served there by Debian's nginx, read in Chromium.

The build has a public address ending in ``/openstack-notes/`` and a repository (SITE_URL, SITE_REPO); nginx serves
it at ``/openstack-notes/`` with each language's 404 page for missing paths (tests/browser/nginx_server.py). Every
page, the language menu and search work there without a request outside the sub-path; each language's 404 page
works at a deep missing path; the sitemap, canonical and hreflang links agree with the pages served; the edit and
report links are there with a repository and absent without one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext

from docs_tooling.build import page_info, sitebuild
from docs_tooling.project import LANGS, PRIMARY, ROOT
from tests.browser import nginx_server
from tests.browser import served_site as site
from tests.browser.served_site import Page, Visit, discover_pages, url_path
from tests.browser.test_language import HEADING_IDS_JS, choose_language
from tests.browser.test_search import search

pytestmark = pytest.mark.browser

MOUNT = "/openstack-notes/"
PUBLIC = "https://notes.example.org/openstack-notes/"  # a publisher's values; nothing is ever fetched from them
REPO = "https://code.example.net/owner/openstack-notes"
PAGES = discover_pages()
BY_KEY = {(p.lang, p.slug): p for p in PAGES}
MISSING = "no/such/chapter/deep/page/"  # a missing path several folders deep
NOT_FOUND_TITLE = {"zh": "页面不存在", "en": "Page not found"}
SEARCHES = [("zh", "宿主机", "virtualization"), ("en", "devstack", "openstack-lab")]  # as tests/browser/test_search.py
XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def published_dir() -> Iterator[Path]:
    """The build with both settings, in a folder of its own that nginx's user may read (pytest's may not be)."""
    folder = Path(tempfile.mkdtemp(prefix="openstack-notes-publish-"))
    folder.chmod(0o755)
    try:
        built = sitebuild.build(ROOT, folder / "site", {"SITE_URL": PUBLIC, "SITE_REPO": REPO})
        assert built.returncode == 0, built.stdout + built.stderr
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def mounted(published_dir: Path) -> Iterator[str]:
    """The site's address as nginx serves it: ``http://127.0.0.1:PORT/openstack-notes`` (no trailing slash)."""
    with nginx_server.serve(published_dir / "site", published_dir / "nginx", MOUNT) as origin:
        yield origin + MOUNT.rstrip("/")


@pytest.fixture()
def visit_at(chromium: Browser) -> Iterator[Callable[[str], Visit]]:
    """``visit_at(origin)``: a new context (empty cache) with one tab; requests outside ``origin`` are foreign."""
    contexts: list[BrowserContext] = []

    def make(origin: str) -> Visit:
        context = chromium.new_context(viewport=site.DESKTOP)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Visit.start(origin, context)

    yield make
    for context in contexts:
        context.close()


def problems(visit: Visit, allowed: tuple[str, ...] = ()) -> list[str]:
    """Console errors, failed requests and requests outside the visit's origin (the sub-path)."""
    errors = [e for e in visit.errors if not any(a in e for a in allowed)]
    return errors + [f"request failed: {f}" for f in visit.failed] + [f"outside {visit.origin}/: {u}" for u in visit.foreign_requests()]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_page_loads_below_the_sub_path(visit_at: Callable[[str], Visit], mounted: str, page: Page) -> None:
    visit = visit_at(mounted)
    visit.open(page)
    assert visit.tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", "no styles"
    found = problems(visit)
    assert not found, f"{page.id} at {mounted}{page.path}:\n  " + "\n  ".join(found) + "\n" + visit.diagnosis()


@pytest.mark.parametrize("slug", ["index", "openstack-lab"])
def test_language_switch_below_the_sub_path(visit_at: Callable[[str], Visit], mounted: str, slug: str) -> None:
    visit = visit_at(mounted)
    start, other = BY_KEY[(PRIMARY, slug)], next(lang for lang in LANGS if lang != PRIMARY)
    visit.open(start)
    ids = visit.tab.evaluate(HEADING_IDS_JS)
    section = ids[-1] if ids else ""
    if section:
        visit.tab.evaluate("id => { location.hash = id; }", section)
    for lang, page in ((other, BY_KEY[(other, slug)]), (PRIMARY, start)):
        choose_language(visit, lang)
        url = urlsplit(visit.tab.url)
        assert (url.path, url.fragment) == (MOUNT.rstrip("/") + page.path, section), f"{slug}: the menu led to {visit.tab.url}"
    assert not problems(visit), problems(visit)


@pytest.mark.parametrize(("lang", "query", "slug"), SEARCHES, ids=[f"{lang}:{query}" for lang, query, _ in SEARCHES])
def test_search_below_the_sub_path(visit_at: Callable[[str], Visit], mounted: str, lang: str, query: str, slug: str) -> None:
    visit = visit_at(mounted)
    visit.open(url_path(lang, "index"))
    found = search(visit, query)
    assert found[:1] == [MOUNT.rstrip("/") + url_path(lang, slug)], f"{query!r} from {lang} listed {found[:5]}"
    assert not problems(visit), problems(visit)


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_of_each_language_at_a_deep_missing_path(visit_at: Callable[[str], Visit], mounted: str, lang: str) -> None:
    """The language's 404 page, styled, its language menu leading to the other language's home, its search working."""
    visit = visit_at(mounted)
    missing = url_path(lang, "index") + MISSING
    response = visit.tab.goto(mounted + missing, wait_until="load")
    visit.settle()
    assert response is not None and response.status == 404, f"{missing}: HTTP {response.status if response else None}"
    tab = visit.tab
    assert tab.evaluate("document.documentElement.lang") == lang
    assert tab.locator("article h1").inner_text() == NOT_FOUND_TITLE[lang]
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", "no styles"
    # Chromium reports the page's own status as a console error: the only one allowed.
    found = problems(visit, allowed=(f"404 (Not Found) ({mounted}{missing})", "status of 404 (Not Found)"))
    assert not found, f"{lang} 404 at {missing}:\n  " + "\n  ".join(found)
    word = next(query for code, query, _ in SEARCHES if code == lang)
    results = search(visit, word)
    assert results and all(p.startswith(MOUNT.rstrip("/") + url_path(lang, "index")) for p in results), results
    tab.keyboard.press("Escape")  # closes the search, which covers the header
    for other in LANGS:
        if other != lang:
            choose_language(visit, other)
            assert urlsplit(tab.url).path == MOUNT.rstrip("/") + url_path(other, "index"), tab.url
            assert tab.evaluate("document.documentElement.lang") == other


def test_sitemap_canonical_and_hreflang_agree_with_the_served_pages(visit_at: Callable[[str], Visit], mounted: str) -> None:
    """Every page the served sitemap lists is served at that address (below the sub-path), and its HTML names the
    same canonical address and the same alternates (zh, en, x-default); every page is listed."""
    request = visit_at(mounted).context.request
    sitemap = request.get(mounted + "/sitemap.xml")
    assert sitemap.ok and "xml" in sitemap.headers.get("content-type", ""), sitemap.headers
    listed: dict[str, dict[str, str]] = {}
    for url in ET.fromstring(sitemap.text()).iter(f"{SITEMAP_NS}url"):
        listed[url.findtext(f"{SITEMAP_NS}loc")] = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
    assert set(listed) == {PUBLIC + p.path.lstrip("/") for p in PAGES}
    for loc, alternates in listed.items():
        assert set(alternates) == {*LANGS, "x-default"}, loc
        assert alternates["x-default"] == alternates[PRIMARY], loc
        served = request.get(mounted + "/" + loc.removeprefix(PUBLIC))
        assert served.ok, f"{loc}: HTTP {served.status}"
        head = served.text().split("</head>", 1)[0]
        assert f'<link rel="canonical" href="{loc}">' in head, loc
        for hreflang, href in alternates.items():
            assert f'<link rel="alternate" href="{href}" hreflang="{hreflang}">' in head, f"{loc}: {hreflang}"


def link_hrefs(visit: Visit) -> dict[str, str]:
    return visit.tab.evaluate("""() => Object.fromEntries(['edit', 'report'].map(k =>
        [k, document.querySelector(`.page-info__${k} a`)?.href ?? null]))""")


@pytest.mark.parametrize("lang", LANGS)
def test_edit_and_report_links_with_a_repository(visit_at: Callable[[str], Visit], mounted: str, lang: str) -> None:
    visit = visit_at(mounted)
    page = BY_KEY[(lang, "kvm")]
    visit.open(page)
    links = link_hrefs(visit)
    source = f"docs/{lang}/kvm.md"
    assert links["edit"] == f"{REPO}/edit/main/{source}", links
    assert links["report"] and links["report"].startswith(f"{REPO}/issues/new?"), links
    query = {k: v[0] for k, v in parse_qs(urlsplit(links["report"]).query).items()}
    title = visit.tab.evaluate("document.title").split(" - ")[0]
    title_form, body_form = page_info.ISSUE[lang]
    fields = {"title": title, "address": PUBLIC + page.path.lstrip("/"), "source": source}
    assert query == {"title": title_form.format(**fields), "body": body_form.format(**fields)}
    assert visit.tab.locator(".page-info__report a").inner_text() == {"zh": "报告问题", "en": "Report a problem"}[lang]


@pytest.fixture()
def unpublished(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A site built with neither setting: the session's own build, unless the caller exported one of them."""
    if not any(os.environ.get(name) for name in ("SITE_URL", "SITE_REPO")):
        yield request.getfixturevalue("origin")
        return
    built = sitebuild.build(ROOT, tmp_path / "site", {"SITE_URL": "", "SITE_REPO": ""})
    assert built.returncode == 0, built.stdout + built.stderr
    with site.serve(tmp_path / "site") as origin:
        yield origin


@pytest.mark.parametrize("lang", LANGS)
def test_no_edit_or_report_link_without_a_repository(visit_at: Callable[[str], Visit], unpublished: str, lang: str) -> None:
    visit = visit_at(unpublished)
    visit.open(BY_KEY[(lang, "kvm")])
    assert link_hrefs(visit) == {"edit": None, "report": None}
    assert visit.tab.locator(".page-info__updated").count() == 1  # the page info itself is there
