"""Search, typed into the header's search box: one index per language, the right page first, the appendix pages after
the chapters for a reader's words, and English word forms and spellings (docs_tooling/build/search_split.py).

Expected pages were worked out from the pages' content: each query's page is the one that is about it (its title or
a heading names it, and it explains it), not merely one that mentions it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from docs_tooling.project import APPENDIX, LANGS
from tests.browser.served_site import Page, Visit, discover_pages, url_path

PAGES = discover_pages()
BY_PATH = {p.path: p for p in PAGES}
APPENDIX_PATHS = {url_path(lang, slug) for lang in LANGS for slug in APPENDIX}

# Per language of the page searched from: (query, slug of the page that must come first). The queries issue 15 named
# are marked "issue"; the contributor guide must come first only for what it is about.
SEARCHES: dict[str, list[tuple[str, str]]] = {
    "zh": [
        ("虚拟化", "virtualization"),  # the chapter's title; defines it and its two types
        ("宿主机", "virtualization"),  # defined in 宿主机与客户机 {#host-and-guest}
        ("客户机", "virtualization"),  # the other half of that section
        ("嵌套虚拟化", "virtualization"),  # section 嵌套虚拟化 {#nested}
        ("hypervisor", "virtualization"),  # section Hypervisor and the two types
        ("KVM", "kvm"),  # issue: the chapter's title
        ("libvirt", "kvm"),  # section KVM、QEMU 和 libvirt, before chapter 5's section 在容器里运行 libvirt (its boost)
        ("qemu", "kvm"),  # the same section: what QEMU does for KVM
        ("硬件支持", "kvm"),  # section 检查硬件支持
        ("云计算", "cloud-computing"),  # the chapter's title
        ("资源池", "cloud-computing"),  # section 三个资源池
        ("IaaS", "cloud-computing"),  # section OpenStack：IaaS 层的云操作系统
        ("物理机", "cloud-computing"),  # section 物理机架构
        ("容器", "openstack-lab"),  # issue: the lab is a container; 拉取镜像并启动容器
        ("网关", "openstack-lab"),  # issue: section 容器的地址和网关; Material's split of a Chinese query made it 网 (see
        # search_worker.js) once chapter 5 had 网 as a word of its own: 网络 in its Neutron section came first
        ("devstack", "openstack-lab"),  # issue: section 获取 DevStack 代码, before chapter 5's 和 DevStack 有什么不同
        ("路由", "openstack-lab"),  # the route to the containers' network, per system
        ("网桥", "openstack-lab"),  # the docker0 bridge the containers hang on
        ("拉取", "openstack-lab"),  # section 拉取镜像并启动容器
        ("keystone", "openstack-debian"),  # section 身份服务 Keystone: chapter 5's own subjects stay its own
        ("身份服务", "openstack-debian"),  # the same section, by its Chinese name (two words: 身份, 服务)
        ("消息队列", "openstack-debian"),  # section 数据库和消息队列
        ("克隆", "openstack-lab"),  # section 克隆当前版本
        ("Rocky", "openstack-lab"),  # section 获取 Rocky 时代的代码
        ("镜像", "mirrors"),  # the page named for mirrors (镜像与加速), ahead of pulling the lab's image
        ("离线", "index"),  # the home page's 离线阅读 {#offline}
        ("术语", "glossary"),  # the glossary's title, 术语表
        ("翻译", "contributing"),  # the contributor guide's section 翻译: what it is about
        ("片段", "contributing"),  # its section 命令片段的元数据
        ("pytest", "contributing"),  # how its tests run; no chapter uses the word
    ],
    "en": [
        ("virtualization", "virtualization"),  # issue: the chapter's title (Virtualisation) in US spelling, and its URL
        ("virtualisation", "virtualization"),  # the chapter's title as written
        ("virtualiz", "virtualization"),  # the same, typed halfway
        ("nested virtualization", "virtualization"),  # section Nested virtualisation, in US spelling
        ("hypervisor", "virtualization"),  # section "Hypervisor" and the two types
        ("hypervisors", "virtualization"),  # the plural: Type 1 hypervisors, Type 2 hypervisors
        ("guests", "virtualization"),  # section Host and guest
        ("KVM", "kvm"),  # issue: the chapter's title
        ("libvirt", "kvm"),  # section KVM, QEMU and libvirt
        ("installing", "kvm"),  # section Installing the packages
        ("architectures", "cloud-computing"),  # section 3.1 IT system architecture, in the plural
        ("essays", "cloud-computing"),  # section The essay (excerpt), in the plural
        ("centers", "cloud-computing"),  # its data centres, in US spelling and the plural
        ("route", "openstack-lab"),  # the route to the containers' network, per system
        ("routes", "openstack-lab"),  # issue: the plural, which the pages never use
        ("routing", "openstack-lab"),  # the -ing form, which does not begin with "route"
        ("bridge", "openstack-lab"),  # issue: the docker0 bridge the containers hang on
        ("bridges", "openstack-lab"),  # issue
        ("bridging", "openstack-lab"),  # issue
        ("gateway", "openstack-lab"),  # issue: section The container's address and gateway
        ("gateways", "openstack-lab"),  # the same, in the plural
        ("devstack", "openstack-lab"),  # issue: cloning and running DevStack
        ("cloned", "openstack-lab"),  # section Cloning the current version
        ("pulled", "openstack-lab"),  # section Pulling the image and starting the container
        ("identity", "openstack-debian"),  # section Identity: Keystone
        ("message queue", "openstack-debian"),  # section Database and message queue
        ("placement", "openstack-debian"),  # section Resource accounting: Placement
        ("mirroring", "mirrors"),  # the Mirrors page
        ("glossary", "glossary"),  # the glossary's title
        ("translations", "contributing"),  # the contributor guide's section Translating: what it is about
        ("snippet", "contributing"),  # its section Snippet metadata
        ("pytest", "contributing"),  # how its tests run; no chapter uses the word
    ],
}
# A reader's words that the appendix pages (glossary, contributor guide) also use: every chapter found comes first.
READER_WORDS = [("zh", "容器"), ("zh", "网关"), ("zh", "KVM"), ("zh", "devstack"), ("zh", "路由"), ("zh", "网桥"),
                ("en", "gateway"), ("en", "bridge"), ("en", "KVM"), ("en", "devstack"), ("en", "route")]
# English forms the pages do not use, each found where another form of the word stands, and marked there.
FORMS = [("routes", "route"), ("bridging", "bridge"), ("virtualization", "virtualisation")]
# Words searched as written: every page of the language containing the word is listed, one of them first.
# English component names inside Chinese prose; English words that a stemmer would have cut short.
WORDS = [("zh", "nova"), ("zh", "compute"), ("zh", "devstack"), ("en", "release"), ("en", "service"), ("en", "machine")]

pytestmark = pytest.mark.browser

DONE_JS = """key => {
    const texts = JSON.parse(document.getElementById('__config').textContent).translations;
    const result = document.querySelector('.md-search-result');
    const meta = result.querySelector('.md-search-result__meta').textContent.trim();
    return key ? meta === texts[key] : result.querySelector('.md-search-result__item') !== null || meta === texts['search.result.none'];
}"""


def search(visit: Visit, query: str) -> list[str]:
    """Type ``query`` into the search box (emptied first); the result pages' paths, best first (waits for the results)."""
    tab = visit.tab
    box = tab.locator("input.md-search__input")
    box.click()
    if box.input_value():  # an earlier query's results: gone once the empty query's placeholder shows
        box.fill("")
        box.press("End")
        tab.wait_for_function(DONE_JS, arg="search.result.placeholder", timeout=15_000)
    box.fill(query)
    # Material searches on keyup; typing Chinese through an input method ends with a key too.
    box.press("End")
    result = tab.locator(".md-search-result")
    # Done when results are listed, or when the "no matching documents" text (in the page's language) shows.
    try:
        tab.wait_for_function(DONE_JS, arg=None, timeout=15_000)
    except Exception as exc:  # the message below says more than a timeout
        raise AssertionError(f"search for {query!r} showed no result list: {result.inner_text()!r}; console: {visit.errors}") from exc
    # The first link of each item is the page; the links after it are that page's sections.
    hrefs = tab.locator(".md-search-result__item").evaluate_all(
        "items => items.map(li => li.querySelector(':scope > a.md-search-result__link').href)"
    )
    return [urlsplit(urljoin(tab.url, href)).path for href in hrefs]


def describe(paths: list[str]) -> str:
    return ", ".join(BY_PATH[p].id if p in BY_PATH else p for p in paths[:5]) or "nothing"


@pytest.mark.parametrize("lang", SEARCHES)
def test_search_finds_the_right_page_first(visit: Visit, lang: str) -> None:
    """Every query of the language in one visit; the failures listed together."""
    visit.open(url_path(lang, "index"))
    wrong = []
    for query, slug in SEARCHES[lang]:
        found = search(visit, query)
        foreign = [p for p in found if p not in BY_PATH or BY_PATH[p].lang != lang]
        assert not foreign, f"{query!r} from a {lang} page listed pages of another language: {describe(foreign)}"
        if found[:1] != [url_path(lang, slug)]:
            wrong.append(f"{query!r}: expected {lang}:{slug} first, listed {describe(found)}")
    assert not wrong, f"{len(wrong)} of {len(SEARCHES[lang])} {lang} searches:\n" + "\n".join(wrong)
    assert not visit.errors, "\n".join(visit.errors)


@pytest.mark.parametrize(("lang", "query"), READER_WORDS, ids=[f"{lang}:{query}" for lang, query in READER_WORDS])
def test_a_readers_words_list_the_appendix_pages_after_the_chapters(visit: Visit, lang: str, query: str) -> None:
    visit.open(url_path(lang, "index"))
    found = search(visit, query)
    appendix = [i for i, path in enumerate(found) if path in APPENDIX_PATHS]
    others = [i for i, path in enumerate(found) if path not in APPENDIX_PATHS]
    assert appendix and others, f"{query!r} must find an appendix page and another page for their order to matter: {describe(found)}"
    assert max(others) < min(appendix), f"{query!r} from a {lang} page listed {describe(found)}: an appendix page before a chapter"


@pytest.mark.parametrize(("query", "form"), FORMS, ids=[query for query, _ in FORMS])
def test_an_english_word_form_is_found_and_marked_where_the_page_uses_another(visit: Visit, query: str, form: str) -> None:
    """The pages never write ``query``: the first result marks ``form`` in its text, does not call the query missing,
    and its link to where ``form`` is marks it on the page too (search.highlight)."""
    visit.open(url_path("en", "index"))
    found = search(visit, query)
    assert found, f"{query!r} found nothing"
    first = visit.tab.locator(".md-search-result__item").first
    marked = {text.lower() for text in first.locator("mark").all_inner_texts()}
    assert form in marked, f"{query!r}: the first result ({describe(found)}) marks {sorted(marked)}, not {form!r}"
    missing = first.locator(".md-search-result__terms").all_text_contents()  # also in a folded "more on this page"
    assert not missing, f"{query!r}: the first result says {missing}"
    link = first.locator("a.md-search-result__link", has=visit.tab.locator("mark")).first  # the page or a section
    href = link.get_attribute("href") or ""
    assert form in parse_qs(urlsplit(href).query).get("h", [""])[0].split(), f"{query!r}: the result links {href}"
    link.click()
    visit.tab.wait_for_load_state("load")
    visit.settle()
    on_page = {text.lower() for text in visit.tab.locator("article mark[data-md-highlight]").all_inner_texts()}
    assert form in on_page, f"{query!r}: the page {visit.tab.url} marks {sorted(on_page)}, not {form!r}"
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
