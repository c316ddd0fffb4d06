"""Glossary marks: one per term and section, never in headings, links, code or values, only on whole words, the
longest term winning, each linking to its entry; and glossary.yml's mistakes named by line.

The rules are docs_tooling/build/glossary_marks.py's; the first tests render small pages through the extension,
the check of every page reads the built site's HTML (tests/site_checks/glossary_html.py) and writes the number of
marks per page to test-output/glossary-marks.md (and prints it at the end of the run: tests/site_checks/conftest.py).
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections import Counter
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import markdown
import pytest

from docs_tooling import project
from docs_tooling.build import glossary_marks, value_marks
from docs_tooling.build.term_finder import TermFinder
from macros import glossary
from tests.site_checks import glossary_html
from tests.summary_tables import GLOSSARY_MARKS, OUTPUT

pytestmark = pytest.mark.site

TERMS = glossary.load()
DEFINITIONS = {lang: {t.id: t.definitions[lang] for t in TERMS} for lang in project.LANGS}
GLOSSARY = glossary.GLOSSARY_PAGE.removesuffix(".md")
REPORT = OUTPUT / "glossary-marks.md"
MARK_RE = re.compile(r'<a class="glossary-term" href="([^"]*)" title="([^"]*)">([^<]*)</a>')
BLOCK_TAG_RE = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|div|table|thead|tbody|tr|td|th|dl|dt|dd|details|summary|label|pre|input)\b[^>]*>")
EXTENSIONS = ["toc", "attr_list", "admonition", "tables", "md_in_html", "pymdownx.superfences", "pymdownx.tabbed",
              "pymdownx.details", "docs_tooling.build.glossary_marks"]


def render(text: str, lang: str = "zh", href: str = "glossary.md") -> str:
    """``text`` rendered as a page of ``lang`` whose glossary line macros added."""
    page = f"{textwrap.dedent(text)}\n\n{glossary_marks.page_line(lang, href, TERMS)}\n"
    return markdown.markdown(page, extensions=EXTENSIONS, extension_configs={"pymdownx.tabbed": {"alternate_style": True}})


def marked(html: str) -> str:
    """The page's text, each mark shown as ``[text|term id]``, blank space shrunk to one space."""
    text = MARK_RE.sub(lambda m: f"[{m[3]}|{m[1].split('#')[1]}]", html)
    text = BLOCK_TAG_RE.sub(" ", text)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", text)).split())


# --- the marker, on small pages ---------------------------------------------------------------------------------


def test_a_term_is_marked_at_its_first_occurrence_in_each_section() -> None:
    html = render("""
        虚拟机和虚拟机。

        ## 一

        虚拟机。宿主机上的虚拟机。

        ### 小节

        虚拟机

        ## 二

        - 虚拟机
    """)
    assert marked(html) == "[虚拟机|vm]和虚拟机。 一 [虚拟机|vm]。[宿主机|host]上的虚拟机。 小节 虚拟机 二 [虚拟机|vm]"


def test_a_hidden_part_marks_what_its_section_did_not_mark_above_it() -> None:
    html = render("""
        宿主机

        === "一"

            宿主机和虚拟机

        === "二"

            虚拟机

        ??? note "更多"

            虚拟机

        虚拟机
    """)
    assert marked(html) == "[宿主机|host] 一 二 宿主机和[虚拟机|vm] [虚拟机|vm] 更多 [虚拟机|vm] [虚拟机|vm]"


def test_never_in_headings_or_what_reads_as_one() -> None:
    html = render("""
        # 虚拟机

        ## 宿主机 { #h }

        !!! note "容器"

            镜像

        | 网桥 |
        | --- |
        | 网关 |

        ??? note "客户机"

            分支
    """)
    assert marked(html) == "虚拟机 宿主机 容器 [镜像|image] 网桥 [网关|gateway] 客户机 [分支|branch]"


def test_never_in_links_code_or_the_readers_values() -> None:
    value = value_marks.mark("container_name", "KVM")
    html = render(f"[虚拟机](x.md)、`虚拟机`、<a href=\"y.html\">*QEMU* 的宿主机</a>、<kbd>客户机</kbd>、{value} 和 KVM，"
                  "<span>虚拟机</span>\n\n```text\n宿主机\n```\n")
    assert value_marks.strip_marks(marked(html)) == "虚拟机、虚拟机、QEMU 的宿主机、客户机、KVM 和 [KVM|kvm]，[虚拟机|vm] 宿主机"


def test_a_raw_link_left_open_hides_only_its_own_paragraph() -> None:
    assert marked(render('<a href="x.html">宿主机\n\n宿主机')) == "宿主机 [宿主机|host]"


@pytest.mark.parametrize(("text", "expected"), [
    ("子网掩码和子网", "子网掩码和[子网|subnet]"),  # jieba's dictionary has 子网掩码
    ("路由表、路由", "路由表、[路由|route]"),
    ("Hypervisor（虚拟机监视器）", "[Hypervisor|hypervisor]（虚拟机监视器）"),  # another name of the same term, marked once
    ("虚拟机监视器，虚拟机", "[虚拟机监视器|hypervisor]，[虚拟机|vm]"),
    ("KVMs、qemu-kvm、docker.io、Docker", "KVMs、qemu-kvm、docker.io、[Docker|docker]"),
])
def test_chinese_terms_only_as_whole_words(text: str, expected: str) -> None:
    assert marked(render(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("localhost, host-only, host_ip, example.host, hostX, Hosts", "localhost, host-only, host_ip, example.host, hostX, [Hosts|host]"),
    ("the host's kernel", "the [host|host]'s kernel"),
    ("Two branches.", "Two [branches|branch]."),
    ("A virtual machine monitor runs virtual machines.", "A [virtual machine monitor|hypervisor] runs [virtual machines|vm]."),
])
def test_english_terms_only_as_whole_words_plurals_included(text: str, expected: str) -> None:
    assert marked(render(text, "en")) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("zh", "嵌套虚拟化、1 型虚拟化和路由器", "[嵌套虚拟化|nesting]、[1 型虚拟化|type-1]和[路由器|router]"),
    ("en", "nested virtualisation on a type 1 hypervisor", "[nested virtualisation|nesting] on a [type 1 hypervisor|type-1]"),
    ("zh", "镜像站的镜像", "[镜像站|mirror]的[镜像|image]"),
])
def test_the_longest_term_wins(lang: str, text: str, expected: str) -> None:
    assert marked(render(text, lang)) == expected


def test_a_mark_links_to_its_entry_and_carries_its_definition() -> None:
    found = MARK_RE.findall(render("A hypervisor.", "en", href="../glossary.md"))
    assert [(href, unescape(title), text) for href, title, text in found] == [
        ("../glossary.md#hypervisor", DEFINITIONS["en"]["hypervisor"], "hypervisor")]


def test_a_page_without_the_glossary_line_gets_no_marks() -> None:
    assert "glossary-term" not in markdown.markdown("虚拟机", extensions=EXTENSIONS)


def test_the_glossary_line_never_reaches_the_page() -> None:
    html = render("虚拟机")
    assert "glossary-marks" not in html and "zh_def" not in html and html.count("<p>") == 1


# --- glossary.yml's mistakes ------------------------------------------------------------------------------------

ENTRY = "- id: vm\n  zh: 虚拟机\n  en: virtual machine\n  zh_def: 定义。\n  en_def: Definition.\n"


@pytest.mark.parametrize(("text", "message"), [
    (ENTRY + "- id: vm2\n  zh: 虚拟\n  en: vm\n  zh_def: x\n", "macros/glossary.yml:6: term 'vm2': missing en_def"),
    (ENTRY.replace("en_def", "en_deff"), "macros/glossary.yml:5: unknown key 'en_deff' (did you mean 'en_def'?)"),
    (ENTRY + ENTRY.replace("虚拟机", "虚拟"), "macros/glossary.yml:6: id 'vm' is used twice"),
    (ENTRY + ENTRY.replace("id: vm", "id: vm2"), "macros/glossary.yml:6: term 'vm2': the zh name '虚拟机' is already a name of term 'vm'"),
    (ENTRY.replace("id: vm", "id: Virtual Machine"), "macros/glossary.yml:1: id 'Virtual Machine': use lowercase letters"),
    (ENTRY + "  zh_also: 虚拟计算机\n", "macros/glossary.yml:6: term 'vm': zh_also must be a list"),
    (ENTRY.replace("zh_def: 定义。", "zh_def:"), "macros/glossary.yml:4: term 'vm': zh_def must be a non-empty text"),
    (ENTRY + "  - x\n", "macros/glossary.yml:6: not valid YAML"),
])
def test_a_mistake_in_the_glossary_names_its_line(text: str, message: str) -> None:
    with pytest.raises(glossary.GlossaryError) as caught:
        glossary.parse(text)
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_mistake_in_the_glossary_stops_the_build_with_one_line(project_copy: Path, build_site) -> None:
    file = project_copy / "macros" / "glossary.yml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("  en_def: A virtual machine running", "  en_deff: A virtual machine running", 1), encoding="utf-8")
    built = build_site(project_copy)
    assert built.result.returncode != 0
    errors = [line for line in built.log.splitlines() if "glossary.yml" in line]
    expected = r"macros/glossary\.yml:\d+: unknown key 'en_deff' \(did you mean 'en_def'\?\)"
    assert len(errors) == 1 and re.search(expected, errors[0]), built.log
    assert "Traceback" not in built.log, built.log


# --- every built page -------------------------------------------------------------------------------------------


# Written out here again rather than taken from docs_tooling/build/term_finder.py, so that the check catches a finder
# that stops applying them (the tests above check the finder itself on chosen cases).
LATIN_EDGE = re.compile(r"[A-Za-z0-9]")
LATIN_JOINED = re.compile(r"[A-Za-z0-9_-]|[./][A-Za-z0-9]")


def inside_longer_word(text: str, start: int, end: int, lang: str) -> str:
    """The longer word ``text[start:end]`` is part of, or "": Latin letters beside it, or a longer Chinese word."""
    before, after = text[max(0, start - 2):start], text[end:end + 2]
    if LATIN_EDGE.match(text[start]) and re.search(r"(?:[A-Za-z0-9_-]|[A-Za-z0-9][./])\Z", before):
        return f"word '{before}{text[start:end]}'"
    if LATIN_EDGE.match(text[end - 1]) and LATIN_JOINED.match(after):
        return f"word '{text[start:end]}{after}'"
    if lang == "zh":
        words = chinese_dictionary()
        for first in range(max(0, start - 8), start + 1):
            for last in range(end, min(len(text), end + 8) + 1):
                if (first, last) != (start, end) and text[first:last] in words:
                    return f"word '{text[first:last]}'"
    return ""


def inside_longer_term(text: str, start: int, end: int, lang: str) -> str:
    """The longer glossary name (any term's, any of its names) whose occurrence covers ``text[start:end]``, or ""."""
    for term in TERMS:
        for name in term.forms(lang):
            for form in {name, name[0].upper() + name[1:]}:
                if len(form) <= end - start:
                    continue
                at = text.find(form, max(0, end - len(form)))
                while 0 <= at <= start:
                    if at + len(form) >= end:
                        return f"term '{form}'"
                    at = text.find(form, at + 1)
    return ""


@functools.cache
def chinese_dictionary() -> frozenset[str]:
    import jieba

    jieba.dt.check_initialized()
    return frozenset(word for word, freq in jieba.dt.FREQ.items() if freq)


def page_path(lang: str, slug: str) -> str:
    """The page's address below the site's root, as mkdocs builds it: ``en/kvm/``."""
    prefix = "" if lang == project.PRIMARY else f"{lang}/"
    return prefix + ("" if slug == "index" else f"{slug}/")


def check_page(lang: str, slug: str, html: str, finder: TermFinder, anchors: set[str]) -> tuple[list[str], Counter[str], int]:
    """The rules broken on one built page, its marks per term, and its article's length in characters."""
    where = project.page_file(slug, lang)
    problems: list[str] = []
    marked: Counter[str] = Counter()
    scopes: dict[tuple[int, ...], set[str]] = {}
    section = -1
    runs = glossary_html.article_runs(html)
    for run in runs:
        if run.section != section:
            section, scopes = run.section, {}
        if run.marks and not run.eligible:
            problems += [f"{where}: '{run.text[m.start:m.end]}' is marked inside <{run.forbidden or run.skipped}>" for m in run.marks]
            continue
        if not run.eligible:
            continue
        chain = run.hidden
        for depth in range(len(chain) + 1):  # a hidden part starts with the marks of the part around it
            scopes.setdefault(chain[:depth], set(scopes.get(chain[:depth - 1], set())) if depth else set())
        seen = scopes[chain]
        found = {(o.start, o.end): o.id for o in finder.find(run.text)}
        at = {(m.start, m.end): m for m in run.marks}
        for mark in run.marks:
            text, context = run.text[mark.start:mark.end], run.text[max(0, mark.start - 8):mark.end + 8].strip()
            longer = inside_longer_word(run.text, mark.start, mark.end, lang) or inside_longer_term(run.text, mark.start, mark.end, lang)
            if longer:
                problems.append(f"{where}: '{text}' is marked inside the longer {longer}: …{context}…")
            elif (mark.start, mark.end) not in found:
                problems.append(f"{where}: '{text}' is marked but is not a term there: …{context}…")
        for (start, end), term_id in sorted(found.items()):
            mark = at.get((start, end))
            text = run.text[start:end]
            if term_id not in seen and mark is None:
                problems.append(f"{where}: the first '{text}' of section {section} is not marked")
            elif term_id in seen and mark is not None:
                problems.append(f"{where}: '{text}' is marked again in section {section}")
            seen.add(term_id)
            if mark is None:
                continue
            marked[term_id] += 1
            target = urlsplit(urljoin(f"http://site/{page_path(lang, slug)}", mark.href))
            if target.path != f"/{page_path(lang, GLOSSARY)}" or target.fragment != term_id or term_id not in anchors:
                problems.append(f"{where}: '{text}' links to {mark.href}, not to its entry {page_path(lang, GLOSSARY)}#{term_id}")
            if mark.title != DEFINITIONS[lang][term_id]:
                problems.append(f"{where}: '{text}' has the title {mark.title!r}, not its definition")
    return problems, marked, sum(len(run.text) for run in runs)


def report(rows: list[tuple[str, str, int, Counter[str]]]) -> list[str]:
    lines = ["Glossary marks per page (article characters, marks, marks per 1,000 characters, the most marked term)", "",
             "| page | characters | marks | per 1,000 | most marked |", "| --- | ---: | ---: | ---: | --- |"]
    for lang, slug, chars, marked in rows:
        total = sum(marked.values())
        top = ", ".join(f"{term_id} ×{n}" for term_id, n in marked.most_common(1)) or "—"
        lines.append(f"| {page_path(lang, slug) or '/'} | {chars} | {total} | {1000 * total / max(chars, 1):.1f} | {top} |")
    return lines


@pytest.mark.every_page
def test_every_page_follows_the_glossary_rules(build_site, root: Path, record_property) -> None:
    built = build_site()
    problems: list[str] = []
    rows = []
    for lang in project.LANGS:
        finder = TermFinder(lang, ((t.id, t.forms(lang)) for t in TERMS))
        glossary_page = built.html(lang, GLOSSARY)
        anchors = set(re.findall(r'\bid="([^"]+)"', glossary_page))
        missing = [t.id for t in TERMS if t.id not in anchors]
        problems += [f"{project.page_file('glossary', lang)}: no anchor for {', '.join(missing)}"] if missing else []
        for slug in project.pages(root):
            found, marked, chars = check_page(lang, slug, built.html(lang, slug), finder, anchors)
            if slug != GLOSSARY:
                problems += found
            elif "glossary-term" in built.html(lang, slug):
                problems.append(f"{project.page_file(slug, lang)}: the glossary page marks terms; its rows are the definitions")
            rows.append((lang, slug, chars, marked))
    lines = report(rows)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    record_property(GLOSSARY_MARKS, "\n".join([*lines, "", f"Written to {REPORT.relative_to(project.ROOT)}."]))
    assert not problems, f"{len(problems)} glossary mark(s) break the rules:\n  " + "\n  ".join(problems[:40])
    assert sum(sum(r[3].values()) for r in rows) > 0, "no page has a glossary mark"
