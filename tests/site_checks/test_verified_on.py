""""Verified on": every page with commands says, in its language, what verified.json says of exactly those commands.

On the site as committed: a page whose commands' fingerprint (recomputed here from the snippets the runner collects)
equals its entry's shows the entry's day, count, engines, systems and value sets; one whose fingerprint differs says
its commands changed and shows no date; a page without an entry says its commands have not been run; a page without
commands shows nothing; the record speaks of no other page. On a copy of the project: changing one command, or one
check, turns exactly that page to "changed"; changing prose does not; a build with other values says the same.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re
from pathlib import Path

import pytest

from docs_tooling import project
from docs_tooling.build import verified_on
from docs_tooling.extract.snippet_fingerprint import fingerprint
from docs_tooling.extract.snippets import Snippet
from docs_tooling.project import LANGS, PRIMARY, ROOT
from docs_tooling.runner import verified_record
from docs_tooling.runner.lab_values import DEFAULT, OTHER, OTHER_VALUES
from docs_tooling.runner.verified_record import RECORD_FILE, Entry, Machine

pytestmark = pytest.mark.site

PAGES = project.pages(ROOT)
LINE_RE = re.compile(r'<aside class="md-source-file verified-on" data-verified="(\w+)">(.*?)</aside>', re.S)
GUIDE_PAGE, GUIDE_ANCHOR = verified_on.GUIDE
DEBIAN_12, DEBIAN_13 = "Debian GNU/Linux 12 (bookworm)", "Debian GNU/Linux 13 (trixie)"


def line(html: str) -> tuple[str, str] | None:
    """(state, text) of the page's "verified on" line, or None; at most one."""
    found = LINE_RE.findall(html)
    assert len(found) <= 1, f"{len(found)} 'verified on' lines"
    if not found:
        return None
    state, inner = found[0]
    return state, html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<svg.*?</svg>|<[^>]+>", " ", inner, flags=re.S))).strip()


def fingerprints(snippets: list[Snippet]) -> dict[str, str]:
    """Each page's fingerprint, from the snippets the runner collects (its own build, not the site's)."""
    pages = sorted({s.page for s in snippets})
    return {page: fingerprint((s.shape, s.meta) for s in snippets if s.page == page) for page in pages}


def expected_state(entry: Entry | None, current: str | None) -> str | None:
    if current is None:
        return None
    if entry is None:
        return verified_on.NEVER
    return verified_on.PASSED if entry.fingerprint == current else verified_on.CHANGED


@pytest.mark.parametrize("page", [f"{lang}:{page}" for page in PAGES for lang in LANGS])
def test_each_page_says_what_the_record_says_of_its_commands(build_site, default_snippets, page: str) -> None:
    lang, name = page.split(":", 1)
    built = build_site()
    entry = verified_record.load(ROOT).get(name)
    want = expected_state(entry, fingerprints(default_snippets).get(name))
    shown = line(built.html(lang, name))
    where = f"docs/{lang}/{name}.md"
    if want is None:
        assert shown is None, f"{where} has no command but shows: {shown}"
        return
    assert shown is not None, f"{where} has commands but no 'verified on' line"
    state, text = shown
    assert state == want, f"{where}: shows {state!r}, but {RECORD_FILE} and its commands say {want!r}: {text}"
    words = verified_on.TEXT[lang]
    if state == verified_on.PASSED:
        assert entry is not None
        assert entry.date in text and str(entry.snippets) in text, text
        for fact in [*entry.engines, *(s for m in entry.machines for s in m.systems), *(words["values"].get(v, v) for v in entry.values)]:
            assert fact in text, f"{where}: {fact!r} is not in {text!r}"
    else:
        assert text.startswith(words[state]) and not re.search(r"\d{4}-\d{2}-\d{2}", text), text
    assert words["guide"] in text


def test_the_line_links_to_the_guides_section_on_it(build_site, default_snippets) -> None:
    built = build_site()
    page = default_snippets[0].page
    for lang in LANGS:
        link = re.search(r'verified-on.*?<a href="([^"]+)">', built.html(lang, page), re.S)
        assert link, f"docs/{lang}/{page}.md: its 'verified on' line has no link"
        target, _, anchor = link.group(1).partition("#")
        assert (target, anchor) == (f"../{GUIDE_PAGE}/", GUIDE_ANCHOR), link.group(1)
        assert f'id="{anchor}"' in built.html(lang, GUIDE_PAGE), f"docs/{lang}/{GUIDE_PAGE}.md has no section {{ #{anchor} }}"


@pytest.mark.every_page
def test_the_record_speaks_only_of_pages_with_commands(default_snippets) -> None:
    problems = verified_record.entry_problems(ROOT, verified_record.load(ROOT), {s.page for s in default_snippets})
    assert not problems, "\n".join(problems)


def test_an_entry_of_a_page_gone_or_without_commands_is_one_line_with_its_fix(default_snippets) -> None:
    entry = Entry("2026-01-02", "sha256:x", 1, (Machine(None, (DEBIAN_12,), (DEFAULT,)),))
    with_commands = {s.page for s in default_snippets}
    problems = verified_record.entry_problems(ROOT, {"gone": entry, "index": entry, default_snippets[0].page: entry},
                                              with_commands)
    assert problems == [
        f"{RECORD_FILE}: entry 'gone': there is no page docs/{PRIMARY}/gone.md any more: delete the entry (the next run of "
        "the suite that writes the record drops it too)",
        f"{RECORD_FILE}: entry 'index': docs/{PRIMARY}/index.md shows no command any more: delete the entry",
    ]


def edit(root: Path, page: str, old: str, new: str) -> None:
    """Replace ``old`` (once in each language) by ``new`` in both languages' page."""
    for lang in LANGS:
        path = root / project.page_file(page, lang)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{path}: {old!r} is not there exactly once"
        path.write_text(text.replace(old, new), encoding="utf-8")


def test_exactly_the_pages_whose_commands_changed_say_so(project_copy: Path, build_site, default_snippets) -> None:
    """kvm: a command changed; openstack-lab: a check changed; mirrors: only prose (lines move). Then a build with the
    other lab's values, and a record without openstack-lab's entry."""
    prints = fingerprints(default_snippets)
    assert {"kvm", "mirrors", "openstack-lab"} <= set(prints), "the scenario's pages have commands"
    engines = (Machine("20.10.24+dfsg1", (DEBIAN_12,), (DEFAULT, OTHER)), Machine("28.5.2+dfsg1", (DEBIAN_13,), (DEFAULT, OTHER)))
    record = {page: Entry("2026-01-02", prints[page], 3, engines) for page in prints}
    (project_copy / RECORD_FILE).write_text(verified_record.dumps(record), encoding="utf-8")
    edit(project_copy, "kvm", "grep -Ec '(vmx|svm)' /proc/cpuinfo", "grep -Ec '(vmx|svm|sie)' /proc/cpuinfo")
    edit(project_copy, "openstack-lab", """contains: '"Subnet": "{{ subnet }}"'""", """contains: ['"Subnet": "{{ subnet }}"', '"IPAM"']""")
    for lang in LANGS:  # a paragraph at the top of mirrors: every command moves down, none changes
        path = project_copy / project.page_file("mirrors", lang)
        head, sep, rest = path.read_text(encoding="utf-8").partition("\n\n")
        path.write_text(f"{head}{sep}One more paragraph.\n\nAnd another.\n\n{rest}", encoding="utf-8")

    expected = {page: verified_on.PASSED for page in prints} | {"kvm": verified_on.CHANGED, "openstack-lab": verified_on.CHANGED}
    assert states(build_site(project_copy)) == {(lang, page): state for page, state in expected.items() for lang in LANGS}

    del record["openstack-lab"]
    (project_copy / RECORD_FILE).write_text(verified_record.dumps(record), encoding="utf-8")
    other = build_site(project_copy, **OTHER_VALUES)  # the fingerprint takes no value: the same states
    expected["openstack-lab"] = verified_on.NEVER
    assert states(other) == {(lang, page): state for page, state in expected.items() for lang in LANGS}
    passed = line(other.html("en", "mirrors"))
    assert passed is not None and "2026-01-02" in passed[1] and "20.10.24+dfsg1" in passed[1], passed


def states(built) -> dict[tuple[str, str], str]:
    """(language, page) -> state of every page of ``built`` that shows a line."""
    assert built.result.returncode == 0, built.log
    found = {}
    for page in project.pages(ROOT):
        for lang in LANGS:
            shown = line(built.html(lang, page))
            if shown is not None:
                found[lang, page] = shown[0]
    return found


def test_the_sentence_in_each_language() -> None:
    engines = Entry("2026-12-02", "sha256:x", 30, (
        Machine("20.10.24+dfsg1", (DEBIAN_12,), (DEFAULT, OTHER)), Machine("28.5.2+dfsg1", (DEBIAN_13,), (DEFAULT, OTHER)),
        Machine("26.1.5+dfsg1", (DEBIAN_13,), (DEFAULT, OTHER))))
    time = '<time datetime="2026-12-02">2026-12-02</time>'
    assert html_lib.unescape(verified_on.sentence("zh", engines, "sha256:x", 0)) == (
        f"本页全部 30 条命令于 {time} 通过测试。机器：{DEBIAN_12}，Docker Engine 20.10.24+dfsg1；"
        f"{DEBIAN_13}，Docker Engine 26.1.5+dfsg1、28.5.2+dfsg1。取值：默认值、另一组实验室的值。")
    assert html_lib.unescape(verified_on.sentence("en", engines, "sha256:x", 2)) == (
        f"All 30 commands on this page passed the test suite on {time}. Machines: {DEBIAN_12} with Docker Engine "
        f"20.10.24+dfsg1; {DEBIAN_13} with Docker Engine 26.1.5+dfsg1 and 28.5.2+dfsg1. Values: the defaults and a "
        "second lab's. Its 2 Windows or macOS commands are not run; the Linux command each one names is.")
    lan = dataclasses.replace(engines, snippets=1, machines=(Machine("26.1.5+dfsg1", (DEBIAN_13, DEBIAN_12), (DEFAULT,)),))
    assert html_lib.unescape(verified_on.sentence("en", lan, "sha256:x", 1)) == (
        f"The one command on this page passed the test suite on {time}. Machines: {DEBIAN_13} and {DEBIAN_12} with "
        "Docker Engine 26.1.5+dfsg1. Values: the defaults. Its Windows or macOS command is not run; the Linux command it "
        "names is.")
    assert verified_on.sentence("en", engines, "sha256:y", 0) == verified_on.TEXT["en"][verified_on.CHANGED]
    assert verified_on.sentence("zh", None, "sha256:y", 0) == verified_on.TEXT["zh"][verified_on.NEVER]
    hostile = dataclasses.replace(engines, machines=(Machine(None, ("<b>Evil</b> & co",), ("<i>",)),))
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; co" in verified_on.sentence("en", hostile, "sha256:x", 0)


def test_a_broken_record_stops_the_build_with_one_line(project_copy: Path, build_site) -> None:
    (project_copy / RECORD_FILE).write_text('{"pages": {"kvm": {"date": "yesterday"}}}\n', encoding="utf-8")
    built = build_site(project_copy)
    assert built.result.returncode != 0
    assert built.log.count(f"{RECORD_FILE}: pages.kvm: date 'yesterday' is not a day (YYYY-MM-DD): restore it "
                           f"(git checkout {RECORD_FILE}) or delete it") == 1, built.log
    assert "Traceback" not in built.log, built.log
