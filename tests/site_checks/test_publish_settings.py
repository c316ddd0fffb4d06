"""Ready to publish: the public address (SITE_URL) and the repository (SITE_REPO), each set, unset and malformed.

One build per scenario: neither set (the project's default), both set (a publisher's values), and each malformed
value (the build stops at once). The rules themselves are checked without a build.
"""

from __future__ import annotations

import gzip
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from docs_tooling import project
from docs_tooling.build import addresses, page_info, site_address, sitebuild
from docs_tooling.project import LANGS, PRIMARY, ROOT

pytestmark = pytest.mark.site

SITE_URL = "https://notes.example.org/openstack-notes/"  # a publisher's values, for the test builds
REPO = "https://code.example.net/owner/openstack-notes"
UNSET = {"SITE_URL": "", "SITE_REPO": ""}  # empty is unset: the builds ignore what the caller exported
PUBLISHED = {"SITE_URL": SITE_URL, "SITE_REPO": REPO}
PAGES = project.pages(ROOT)
EDIT_LABEL = {"zh": "编辑此页", "en": "Edit this page"}
REPORT_LABEL = {"zh": "报告问题", "en": "Report a problem"}
XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MISSING = "no/such/chapter/deep/page/"


class Build:
    def __init__(self, site: Path, environ: dict[str, str]) -> None:
        self.site = site
        self.result = sitebuild.build(ROOT, site, environ)
        self.log = self.result.stdout + self.result.stderr

    def html(self, lang: str, page: str) -> str:
        return (self.site / url_path(lang, page) / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def unset(tmp_path_factory: pytest.TempPathFactory) -> Build:
    built = Build(tmp_path_factory.mktemp("unset"), UNSET)
    assert built.result.returncode == 0, built.log
    return built


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Build:
    built = Build(tmp_path_factory.mktemp("published"), PUBLISHED)
    assert built.result.returncode == 0, built.log
    return built


def url_path(lang: str, page: str) -> str:
    """The page's path below the site's root: ``""``, ``kvm/``, ``en/``, ``en/kvm/``."""
    return ("" if lang == PRIMARY else f"{lang}/") + ("" if page == "index" else f"{page}/")


def head_links(html: str, rel: str) -> list[dict[str, str]]:
    """The attributes of every ``<link rel=REL>`` of the page's head."""
    head = html.split("</head>", 1)[0]
    return [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(rf'<link rel="{rel}"[^>]*>', head)]


def expected_alternates(page: str, absolute: bool) -> dict[str, str]:
    def href(lang: str) -> str:
        return SITE_URL + url_path(lang, page) if absolute else url_path(lang, page)
    return {**{lang: href(lang) for lang in LANGS}, "x-default": href(PRIMARY)}


def nav_titles() -> dict[str, dict[str, str]]:
    """Each page's title per language, as mkdocs.yml's nav and the English nav_translations give it."""
    config = project.load_config_text((ROOT / project.CONFIG_FILE).read_text(encoding="utf-8"))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    translations = {entry["locale"]: entry.get("nav_translations") or {} for entry in i18n["languages"]}
    titles: dict[str, dict[str, str]] = {}
    for item in config["nav"]:
        for title, target in item.items():
            titles[target.removesuffix(".md")] = {lang: translations[lang].get(title, title) for lang in LANGS}
    return titles


# --- unset: the project's default -------------------------------------------------------------------------------


def test_unset_address_is_said_once_and_leaves_out_sitemap_and_canonical(unset: Build) -> None:
    notices = [line for line in unset.log.splitlines() if site_address.UNSET_NOTICE in line]
    assert len(notices) == 1, f"the notice should be said once, not {len(notices)} times:\n{unset.log}"
    assert not (unset.site / "sitemap.xml").exists() and not (unset.site / "sitemap.xml.gz").exists()
    canonical = [str(f.relative_to(unset.site)) for f in unset.site.rglob("*.html") if 'rel="canonical"' in f.read_text()]
    assert not canonical, f"canonical links without an address: {canonical}"
    none = [str(f.relative_to(unset.site)) for f in unset.site.rglob("*") if f.suffix in (".html", ".xml")
            and re.search(r'(href="|<loc>)None', f.read_text(encoding="utf-8"))]
    assert not none, f"'None' as an address in {none}"


def test_dev_build_says_it_once_for_the_site_and_its_offline_copy(tmp_path: Path) -> None:
    """``./dev build`` runs mkdocs twice (the offline copy, then the site): one line all the same."""
    env = {**os.environ, **UNSET, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(ROOT / "dev"), "build", "--site-dir", str(tmp_path / "site")], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert out.count(site_address.UNSET_NOTICE) == 1, out
    assert not (tmp_path / "site" / "sitemap.xml").exists()


def test_unset_address_keeps_relative_alternates(unset: Build) -> None:
    for page in PAGES:
        for lang in LANGS:
            here = "http://h/" + url_path(lang, page)
            links = head_links(unset.html(lang, page), "alternate")
            found = {link["hreflang"]: urlsplit(urljoin(here, link["href"])).path for link in links if "hreflang" in link}
            wanted = {k: "/" + v for k, v in expected_alternates(page, absolute=False).items()}
            assert found == wanted, f"docs/{lang}/{page}.md: alternates lead to {found}, expected {wanted}"


def test_no_repository_no_edit_or_report_link(unset: Build) -> None:
    linked = [f"{lang}:{page}" for page in PAGES for lang in LANGS
              if 'rel="edit"' in (html := unset.html(lang, page)) or "page-info__report" in html
              or re.search(r'href="[^"]*/(edit/|issues/new)', html)]
    assert not linked, f"pages link an editor or an issue form with no SITE_REPO set: {linked}"


def test_unset_address_404_pages_per_language(unset: Build) -> None:
    for lang in LANGS:
        page = unset.site / ("" if lang == PRIMARY else lang) / "404.html"
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html, f"{page.relative_to(unset.site)} is not in {lang}"
        menu = dict((m[1], m[0]) for m in re.findall(r'<a href="([^"]*)" hreflang="(\w+)" class="md-select__link"', html))
        assert menu == {other: "/" + url_path(other, "index") for other in LANGS}, f"{lang} 404's language menu: {menu}"
        assert re.search(r'<link rel="stylesheet" href="/assets/stylesheets/main\.', html), f"{lang} 404's styles"


# --- published: both set ----------------------------------------------------------------------------------------


def test_sitemap_lists_every_page_with_its_alternates(published: Build) -> None:
    text = (published.site / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress((published.site / "sitemap.xml.gz").read_bytes()).decode() == text
    urls: dict[str, dict[str, str]] = {}
    dates: dict[str, str] = {}
    for url in ET.fromstring(text).iter(f"{SITEMAP_NS}url"):
        loc = url.findtext(f"{SITEMAP_NS}loc")
        urls[loc] = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        dates[loc] = url.findtext(f"{SITEMAP_NS}lastmod")
    wanted = {SITE_URL + url_path(lang, page): expected_alternates(page, absolute=True) for page in PAGES for lang in LANGS}
    assert urls == wanted
    for page in PAGES:
        for lang in LANGS:
            shown = re.search(r'<time datetime="([\d-]+)">', published.html(lang, page))
            assert shown and dates[SITE_URL + url_path(lang, page)] == shown.group(1), f"{lang}:{page}: lastmod"


def test_every_page_has_its_canonical_and_absolute_alternates(published: Build) -> None:
    for page in PAGES:
        for lang in LANGS:
            html = published.html(lang, page)
            assert [link["href"] for link in head_links(html, "canonical")] == [SITE_URL + url_path(lang, page)], f"{lang}:{page}"
            alternates = {link["hreflang"]: link["href"] for link in head_links(html, "alternate") if "hreflang" in link}
            assert alternates == expected_alternates(page, absolute=True), f"{lang}:{page}"


def test_every_page_links_edit_and_report_in_its_language(published: Build) -> None:
    titles = nav_titles()
    for page in PAGES:
        for lang in LANGS:
            html = published.html(lang, page)
            source = project.page_file(page, lang)
            edit = f'<a href="{REPO}/edit/{addresses.EDIT_BRANCH}/{source}" rel="edit">{EDIT_LABEL[lang]}</a>'
            assert edit in html, f"{source}: no '{EDIT_LABEL[lang]}' link to {REPO}"
            report = re.search(rf'<a href="([^"]+)">{REPORT_LABEL[lang]}</a>', html)
            assert report, f"{source}: no '{REPORT_LABEL[lang]}' link"
            href = report.group(1).replace("&amp;", "&")
            assert href.startswith(f"{REPO}/issues/new?"), href
            query = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
            title_form, body_form = page_info.ISSUE[lang]
            fields = {"title": titles[page][lang], "address": SITE_URL + url_path(lang, page), "source": source}
            assert query == {"title": title_form.format(**fields), "body": body_form.format(**fields)}, source


def test_published_404_pages_link_below_the_address_path(published: Build) -> None:
    mount = urlsplit(SITE_URL).path
    for lang in LANGS:
        page = published.site / ("" if lang == PRIMARY else lang) / "404.html"
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html, f"{page.relative_to(published.site)} is not in {lang}"
        links = re.findall(r'(?:href|src)="([^"]+)"', html)
        outside = [link for link in links if not link.startswith((mount, "#", "https://squidfunk.github.io/"))]
        assert not outside, f"{lang} 404 links that break at a deep path: {outside}"
        menu = dict((m[1], m[0]) for m in re.findall(r'<a href="([^"]*)" hreflang="(\w+)" class="md-select__link"', html))
        assert menu == {other: mount + url_path(other, "index") for other in LANGS}, f"{lang} 404's language menu: {menu}"
        assert f'"base": "{mount}"' in html


# --- malformed values: the build stops with one line -------------------------------------------------------------


@pytest.mark.parametrize(("environ", "line"), [
    ({"SITE_URL": "example.org/x"}, "SITE_URL='example.org/x': must start with https:// or http://"),
    ({"SITE_REPO": "https://code.example.net/owner"}, "SITE_REPO='https://code.example.net/owner': must be the repository's "
                                                      "web address, https://HOST/OWNER/REPO (no .git, nothing after REPO)"),
    ({"SITE_EDIT_BASE": "https://h/o/r/edit/main/"}, "SITE_EDIT_BASE='https://h/o/r/edit/main/': replaced by SITE_REPO"),
], ids=["site_url", "repository", "retired"])
def test_a_malformed_value_stops_the_build_with_one_line(tmp_path: Path, environ: dict[str, str], line: str) -> None:
    done = sitebuild.build(ROOT, tmp_path / "site", {**UNSET, **environ})
    out = done.stdout + done.stderr
    errors = [entry for entry in out.splitlines() if entry.startswith("ERROR")]
    assert done.returncode != 0 and len(errors) == 1 and line in errors[0], out
    assert "Traceback" not in out, out


@pytest.mark.parametrize(("value", "rule"), [
    ("example.org/x", "must start with https:// or http://"),
    ("ftp://example.org/", "must start with https:// or http://"),
    ("https://", "must name a host"),
    ("https://example.org/x?lang=zh", "must not have a query"),
    ("https://example.org/x/#top", "must not have a query"),
    ("https://example.org /x/", "must not contain spaces"),
    ("https://user:pw@example.org/", "must not hold a user name"),
    ("https://example.org:80x/", "not a valid address"),
    ("https://example.org", None),
    ("http://127.0.0.1:8000/openstack-notes/", None),
])
def test_site_url_rules(value: str, rule: str | None) -> None:
    problem = addresses.site_url_problem(value)
    assert (problem is None) if rule is None else (problem is not None and problem.startswith(rule)), problem


@pytest.mark.parametrize(("value", "ok"), [
    ("https://code.example.net/owner/repo", True),
    ("https://code.example.net/owner/repo/", True),
    ("code.example.net/owner/repo", False),
    ("https://code.example.net/owner", False),
    ("https://code.example.net/owner/repo.git", False),
    ("https://code.example.net/owner/repo/tree/main", False),
    ("https://code.example.net/owner/repo?x=1", False),
])
def test_repository_rules(value: str, ok: bool) -> None:
    assert (addresses.repository_problem(value) is None) == ok, addresses.repository_problem(value)


# --- ./dev serve: its own address, but a malformed SITE_URL stops it too ------------------------------------------


def _serve(port: int, site_url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "SITE_URL": site_url, "SITE_REPO": "", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen([str(ROOT / "dev"), "serve", "--addr", f"127.0.0.1:{port}"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_keeps_its_own_address_with_site_url_set() -> None:
    """mkdocs serve sets site_url to the server's address; SITE_URL must not move the pages (or the 404 page's links)
    to the public address's sub-path."""
    port = _free_port()
    server = _serve(port, SITE_URL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    html = response.read().decode("utf-8")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.5)
        assert [link["href"] for link in head_links(html, "canonical")] == [f"http://127.0.0.1:{port}/"]
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/{MISSING}", timeout=5)
        assert missing.value.code == 404 and 'href="/assets/stylesheets/main.' in missing.value.read().decode("utf-8")
    finally:
        server.terminate()  # the PID started here; ./dev serve exec's mkdocs in it
        server.wait(timeout=30)


def test_serve_stops_on_a_malformed_site_url() -> None:
    server = _serve(_free_port(), "example.org/x")
    out, _ = server.communicate(timeout=120)
    errors = [line for line in out.splitlines() if line.startswith("ERROR")]
    assert server.returncode != 0 and errors == ["ERROR   -  SITE_URL='example.org/x': must start with https:// or http://"], out
