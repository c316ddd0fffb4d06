"""mkdocs hook: each page with commands says, in its language, when they last all passed the test suite and on what.

The facts come from ``verified.json`` (:mod:`docs_tooling.runner.verified_record`, written by the suite). The page's
own commands, as this build renders them, give its fingerprint (:func:`docs_tooling.extract.snippet_fingerprint.
fingerprint`, the function the suite used): when it equals the record's, the page shows the record's day, engines,
systems and value sets; when it differs, the page says its commands changed since and shows no date; a page the record
does not name says its commands have not been run yet; a page without commands shows nothing. The fingerprint does
not depend on the build's values, so a build with other ``DOCS_*`` values says the same.

``overrides/partials/verified-on.html`` shows the line (below the content, with the last-updated date), with a link to
the contributor guide's section on it (:data:`GUIDE`) when the site has that page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from docs_tooling.build.snippet_capture import page_fences
from docs_tooling.errors import DocsError
from docs_tooling.extract.fences import Fence
from docs_tooling.extract.snippet_fingerprint import fingerprint
from docs_tooling.extract.snippet_meta import WINDOWS_LANGS, SnippetMeta, parse_meta
from docs_tooling.runner.lab_values import DEFAULT, ENV, OTHER
from docs_tooling.runner.verified_record import Entry, RecordError, load, record_path

GUIDE = ("contributing", "verified")  # the page and the section that explain the line
PASSED, CHANGED, NEVER = "passed", "changed", "never"  # the states, for the partial (icon) and the tests

TEXT = {
    "zh": {
        PASSED: "本页全部 {count} 条命令于 {date} 通过测试。机器：{machines}。取值：{values}。",
        PASSED + "_one": "本页的 1 条命令于 {date} 通过测试。机器：{machines}。取值：{values}。",
        CHANGED: "本页的命令在上次通过测试之后有改动，改动后尚未测试。",
        NEVER: "本页的命令尚未经过测试。",
        "not_run": "本页 {count} 条 Windows 或 macOS 命令不运行，运行的是各自对应的 Linux 命令。",
        "not_run_one": "本页 1 条 Windows 或 macOS 命令不运行，运行的是它对应的 Linux 命令。",
        "engines": "{systems}，Docker Engine {engines}",
        "and": "、", "list": "、", "groups": "；",
        "values": {DEFAULT: "默认值", OTHER: "另一组实验室的值", ENV: "测试者自己的值"},
        "value_set": "值集 {name}",
        "guide": "页面如何测试",
    },
    "en": {
        PASSED: "All {count} commands on this page passed the test suite on {date}. Machines: {machines}. Values: {values}.",
        PASSED + "_one": "The one command on this page passed the test suite on {date}. Machines: {machines}. Values: {values}.",
        CHANGED: "The commands on this page changed after they last passed the test suite and have not been tested since.",
        NEVER: "The commands on this page have not been run by the test suite yet.",
        "not_run": "Its {count} Windows or macOS commands are not run; the Linux command each one names is.",
        "not_run_one": "Its Windows or macOS command is not run; the Linux command it names is.",
        "engines": "{systems} with Docker Engine {engines}",
        "and": " and ", "list": ", ", "groups": "; ",
        "values": {DEFAULT: "the defaults", OTHER: "a second lab's", ENV: "the tester's own"},
        "value_set": "the value set {name}",
        "guide": "How pages are tested",
    },
}
_record: dict[str, Entry] = {}


def on_pre_build(config: Any) -> None:
    """Read the record once per build (``./dev serve`` reads it again at each rebuild)."""
    global _record
    try:
        _record = load(Path(config["config_file_path"]).parent)
    except RecordError as exc:
        raise PluginError(str(exc)) from None


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    path = record_path(Path(config["config_file_path"]).parent)
    if path.exists():
        server.watch(str(path))  # a run that writes the record updates the open page
    return server


def meta_of(fence: Fence) -> SnippetMeta:
    """The fence's metadata; a Windows fence without any (the extractor reports it) is a Windows command all the same."""
    try:
        return parse_meta(fence.meta, fence.path, fence.meta_line or fence.line, fence.lang)
    except DocsError:
        if fence.lang in WINDOWS_LANGS and not fence.meta:
            return SnippetMeta(runs="windows")
        raise


def state(entry: Entry | None, current: str) -> str:
    """The page's state, from its record entry and the fingerprint of its commands as built."""
    if entry is None:
        return NEVER
    return PASSED if entry.fingerprint == current else CHANGED


def sentence(lang: str, entry: Entry | None, current: str, not_run: int) -> Markup:
    """The line's text in ``lang`` (HTML: the date is a ``<time>``)."""
    words = TEXT.get(lang, TEXT["en"])
    now = state(entry, current)
    if now != PASSED:
        return Markup(escape(words[now]))
    assert entry is not None
    date = Markup('<time datetime="{0}">{0}</time>').format(entry.date)
    values = _join(words, [_value_set(words, v) for v in entry.values])
    template = Markup(words[PASSED + ("_one" if entry.snippets == 1 else "")])
    text = template.format(count=entry.snippets, date=date, values=values, machines=_machines(words, entry))
    if not_run:
        text += Markup(" " if lang == "en" else "") + escape(words["not_run_one" if not_run == 1 else "not_run"].format(count=not_run))
    return text


def _value_set(words: dict[str, Any], name: str) -> str:
    return words["values"].get(name) or words["value_set"].format(name=name)


def _join(words: dict[str, Any], items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return words["list"].join(items[:-1]) + words["and"] + items[-1]


def _machines(words: dict[str, Any], entry: Entry) -> str:
    """``Debian GNU/Linux 12 (bookworm) with Docker Engine 20.10.24; ...``: the engines grouped by their machines'
    systems (a page's machines in the order the runner named them: the Docker host, then the LAN's client)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for machine in sorted(entry.machines, key=lambda m: m.sort_key()):
        engines = groups.setdefault(tuple(dict.fromkeys(machine.systems)), [])
        if machine.engine and machine.engine not in engines:
            engines.append(machine.engine)
    parts = []
    for systems, engines in groups.items():
        names = _join(words, list(systems))
        parts.append(words["engines"].format(engines=_join(words, engines), systems=names) if engines else names)
    return words["groups"].join(parts)


def guide_link(page: Any, nav: Any) -> str | None:
    """The address of the guide's section, relative to ``page`` (in the page's language), if the site has the guide."""
    name, anchor = GUIDE
    for other in nav.pages:
        if Path(other.file.src_uri).with_suffix("").name == name and Path(other.file.src_uri).parent.parts[:1] == \
                Path(page.file.src_uri).parent.parts[:1]:
            return f"{get_relative_url(other.url, page.url)}#{anchor}"
    return None


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    try:
        found = [(fence.shape, meta_of(fence)) for fence in page_fences(page, config)]
    except DocsError as exc:
        raise PluginError(str(exc)) from None
    runs = sum(1 for _, meta in found if meta.runs_on_linux)
    if not runs:
        page.meta["verified_on"] = None
        return context
    lang = config.theme["language"]
    slug = Path(page.file.src_uri).with_suffix("").as_posix().split("/", 1)[-1]  # below docs/<lang>/
    entry = _record.get(slug)
    current = fingerprint(found)
    page.meta["verified_on"] = {
        "state": state(entry, current),
        "text": sentence(lang, entry, current, len(found) - runs),
        "guide": guide_link(page, nav),
        "guide_text": TEXT.get(lang, TEXT["en"])["guide"],
    }
    return context
