"""Search, typed into the header's search box: one index per language, the right page first.

Expected pages were worked out from the pages' content: each query's page is the one that is about it
(its title or a heading names it, and it explains it), not merely one that mentions it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.served_site import Page, Visit, discover_pages, url_path

PAGES = discover_pages()
BY_PATH = {p.path: p for p in PAGES}

# (language of the page searched from, query, slug of the page that must come first)
SEARCHES = [
    ("zh", "虚拟化", "virtualization"),  # the chapter's title; defines it and its two types
    ("zh", "宿主机", "virtualization"),  # defined in 宿主机与客户机 {#host-and-guest}
    ("zh", "路由", "openstack-lab"),  # the route to the containers' network, per system
    ("zh", "镜像", "mirrors"),  # the page named for mirrors (镜像与加速), ahead of pulling the lab's image
    ("en", "hypervisor", "virtualization"),  # section "Hypervisor" and the two types
    ("en", "route", "openstack-lab"),
    ("en", "devstack", "openstack-lab"),  # cloning and running DevStack
]
# Words searched as written: every page of the language containing the word is listed, one of them first.
# English component names inside Chinese prose; English words that a stemmer would have cut short.
WORDS = [("zh", "nova"), ("zh", "compute"), ("zh", "devstack"), ("en", "release"), ("en", "service"), ("en", "machine")]

pytestmark = pytest.mark.browser


def search(visit: Visit, query: str) -> list[str]:
    """Type ``query`` into the search box; the result pages' paths, best first (waits for the results)."""
    tab = visit.tab
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Material searches on keyup; typing Chinese through an input method ends with a key too.
    box.press("End")
    result = tab.locator(".md-search-result")
    # Done when results are listed, or when the "no matching documents" text (in the page's language) shows.
    try:
        tab.wait_for_function(
            """() => {
                 const none = JSON.parse(document.getElementById('__config').textContent).translations['search.result.none'];
                 const result = document.querySelector('.md-search-result');
                 return result.querySelector('.md-search-result__item') !== null ||
                        result.querySelector('.md-search-result__meta').textContent.trim() === none;
               }""",
            timeout=15_000,
        )
    except Exception as exc:  # the message below says more than a timeout
        raise AssertionError(f"search for {query!r} showed no result list: {result.inner_text()!r}; console: {visit.errors}") from exc
    # The first link of each item is the page; the links after it are that page's sections.
    hrefs = tab.locator(".md-search-result__item").evaluate_all(
        "items => items.map(li => li.querySelector(':scope > a.md-search-result__link').href)"
    )
    return [urlsplit(urljoin(tab.url, href)).path for href in hrefs]


def describe(paths: list[str]) -> str:
    return ", ".join(BY_PATH[p].id if p in BY_PATH else p for p in paths[:5]) or "nothing"


@pytest.mark.parametrize(("lang", "query", "slug"), SEARCHES, ids=[f"{lang}:{query}" for lang, query, _ in SEARCHES])
def test_search_finds_the_right_page_first(visit: Visit, lang: str, query: str, slug: str) -> None:
    visit.open(url_path(lang, "index"))
    found = search(visit, query)
    expected = url_path(lang, slug)
    foreign = [p for p in found if p not in BY_PATH or BY_PATH[p].lang != lang]
    assert not foreign, f"{query!r} from a {lang} page listed pages of another language: {describe(foreign)}"
    assert found[:1] == [expected], f"{query!r} from a {lang} page listed {describe(found)}; expected {lang}:{slug} first"
    assert not visit.errors, "\n".join(visit.errors)


def page_text(site_dir: Path, page: Page) -> str:
    """The visible words of a built page's article, lower-cased."""
    source = (site_dir / page.path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", source, re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", article.group(0) if article else source)
    return html.unescape(text).lower()


@pytest.mark.parametrize(("lang", "word"), WORDS, ids=[f"{lang}:{word}" for lang, word in WORDS])
def test_search_finds_words_as_written(visit: Visit, site_dir: Path, lang: str, word: str) -> None:
    having = {p.path for p in PAGES if p.lang == lang and re.search(rf"(?<![a-z]){word}", page_text(site_dir, p))}
    assert having, f"no {lang} page contains {word!r}, so its search cannot be checked"
    visit.open(url_path(lang, "index"))
    found = search(visit, word)
    assert found, f"{word!r} from a {lang} page found nothing; pages containing it: {describe(sorted(having))}"
    foreign = [p for p in found if p not in BY_PATH or BY_PATH[p].lang != lang]
    assert not foreign, f"{word!r} from a {lang} page listed pages of another language: {describe(foreign)}"
    assert found[0] in having, f"{word!r}: the first result, {describe(found[:1])}, lacks it; pages with it: {describe(sorted(having))}"
    missing = having - set(found)
    assert not missing, f"{word!r} found {describe(found)} but not {describe(sorted(missing))}, which contain it"
    assert not visit.errors, "\n".join(visit.errors)
