"""pytest plugin (registered by the runner): writes ``verified.json`` (:mod:`docs_tooling.runner.verified_record`) from
the run's test reports, so that it works the same with pytest-xdist (the controller writes; workers only report).

Each snippet's report carries what the record needs (:data:`SNIPPET_PROPERTY`: its page, position, the page's snippet
count and fingerprint, why it was not run if it was not); the first report of a page's run carries its machine
(:data:`MACHINE_PROPERTY`: engine version, systems). At the end of the run, a page's entry is replaced only when every
snippet item the run selected for it ran and passed (or was, by the page's own metadata, not for Linux or not for
that engine) and each of its engine and value-set combinations ran all of its snippets. The entry then says exactly
what ran: a run of one engine or one value set claims that engine or set alone. Any other page keeps its entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest

from docs_tooling.extract.snippet_fingerprint import fingerprint
from docs_tooling.runner import snippet_ids
from docs_tooling.runner.verified_record import RECORD_FILE, Entry, Machine, RecordError, update

SNIPPET_PROPERTY = "verified_snippet"
MACHINE_PROPERTY = "verified_machine"
NOT_ON_LINUX, OTHER_ENGINE = "not on Linux", "other engine"  # skips the page's metadata asks for


def machine_property(engine: str | None, systems: list[str]) -> tuple[str, dict[str, Any]]:
    """The user property the first snippet of a page's run carries: what the page ran on."""
    return MACHINE_PROPERTY, {"engine": engine, "systems": list(systems)}


@dataclass
class ItemOutcome:
    page: str
    combination: snippet_ids.SnippetId  # the item's id, read: engine and value set
    facts: dict[str, Any] = field(default_factory=dict)  # SNIPPET_PROPERTY's
    failed: bool = False
    passed: bool = False
    skipped: str | None = None  # the skip's reason
    stop: float = 0.0  # when its last report ended


class VerifiedWriter:
    def __init__(self) -> None:
        self.selected: dict[str, None] = {}  # snippet item ids the run selected, in the run's order
        self.outcomes: dict[str, ItemOutcome] = {}
        self.machines: dict[tuple[str, str | None, str], dict[str, Any]] = {}  # (page, engine, values) -> machine
        self._fingerprints: dict[tuple[str, str], tuple[str, int]] = {}  # (page, value set) -> (fingerprint, count)
        self.lines: list[tuple[str, bool]] = []  # the summary's lines, red or not

    # -- on the worker (or the only process): each snippet's report says what the record needs ---------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
        report = yield
        snippet = getattr(item, "snippet", None)
        if snippet is not None and (call.when == "call" or not report.passed):
            report.user_properties.append((SNIPPET_PROPERTY, self._facts(item, snippet)))
        return report

    def _facts(self, item: Any, snippet: Any) -> dict[str, Any]:
        key = (snippet.page, item.value_set)
        if key not in self._fingerprints:
            from docs_tooling.runner.pytest_plugin import all_snippets  # the runner's own build of this value set

            page = [s for s in all_snippets(item.config, item.value_set) if s.page == snippet.page]
            self._fingerprints[key] = fingerprint((s.shape, s.meta) for s in page), len(page)
        page_fingerprint, count = self._fingerprints[key]
        meta = snippet.meta
        allowed = (NOT_ON_LINUX if meta.skip_reason() else
                   OTHER_ENGINE if item.engine and meta.engine_skip_reason(item.engine) else None)
        return {"page": snippet.page, "position": snippet.position, "count": count, "fingerprint": page_fingerprint,
                "runs": meta.runs_on_linux, "allowed_skip": allowed}

    # -- on the controller: gather, then write ---------------------------------------------------------------------

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if not is_worker(session.config):
            self._select(item.nodeid for item in session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        self._select(ids)

    def _select(self, ids: Iterable[str]) -> None:
        self.selected.update(dict.fromkeys(nodeid for nodeid in ids if snippet_ids.parse(nodeid) is not None))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        combination = snippet_ids.parse(report.nodeid)
        if combination is None:
            return
        outcome = self.outcomes.setdefault(report.nodeid, ItemOutcome(combination.page, combination))
        outcome.stop = max(outcome.stop, getattr(report, "stop", 0.0))
        for name, value in report.user_properties:
            if name == SNIPPET_PROPERTY:
                outcome.facts = value
            elif name == MACHINE_PROPERTY:
                self.machines[combination.page, combination.engine, combination.value_set] = value
        if report.failed:
            outcome.failed = True
        elif report.skipped and report.when in ("setup", "call"):
            outcome.skipped = skip_reason(report)
        elif report.when == "call" and report.passed:
            outcome.passed = True

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if is_worker(session.config) or session.config.option.collectonly or not self.selected:
            return
        by_page: defaultdict[str, list[str]] = defaultdict(list)
        for nodeid in self.selected:
            by_page[snippet_ids.parse(nodeid).page].append(nodeid)  # type: ignore[union-attr]
        entries: dict[str, Entry] = {}
        for page, ids in sorted(by_page.items()):
            entry, why_not = self._entry(page, ids)
            if entry is not None:
                entries[page] = entry
                self.lines.append((f"{page}: every snippet passed: entry written ({self._describe(entry)})", False))
            else:
                self.lines.append((f"{page}: entry kept as it was: {why_not}", False))
        try:
            dropped = update(session.config.rootpath, entries)
        except RecordError as exc:
            self.lines = [(f"not written: {exc}", True)]
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
            return
        self.lines += [(f"{page}: entry dropped: there is no such page any more", False) for page in dropped]

    def _entry(self, page: str, ids: list[str]) -> tuple[Entry | None, str]:
        """The page's new entry, or why it gets none."""
        runs: defaultdict[tuple[str | None, str], list[ItemOutcome]] = defaultdict(list)
        for nodeid in ids:
            outcome = self.outcomes.get(nodeid)
            combination = snippet_ids.parse(nodeid)
            assert combination is not None
            where = combination.describe().removeprefix(page)
            if outcome is None or not outcome.facts or not (outcome.failed or outcome.passed or outcome.skipped):
                return None, f"the run ended before {nodeid} ran"
            position = outcome.facts["position"]
            if outcome.failed:
                return None, f"snippet {position} failed{where}"
            if outcome.skipped and not outcome.facts["allowed_skip"]:
                return None, f"snippet {position} was not run{where} ({outcome.skipped})"
            runs[combination.engine, combination.value_set].append(outcome)
        machines: defaultdict[tuple[str | None, tuple[str, ...]], set[str]] = defaultdict(set)
        prints = {o.facts["fingerprint"] for outcomes in runs.values() for o in outcomes}
        if len(prints) != 1:
            return None, ("its snippets' fingerprints differ between value sets: a value is printed other than by "
                          "{{ name }} (docs_tooling/extract/snippet_fingerprint.py)")
        for (engine, values), outcomes in runs.items():
            where = snippet_ids.SnippetId(page, 0, engine, values).describe().removeprefix(page)
            count = outcomes[0].facts["count"]
            missing = sorted(set(range(1, count + 1)) - {o.facts["position"] for o in outcomes})
            if missing:
                return None, (f"the run selected {count - len(missing)} of its {count} snippets{where} "
                              f"(not {', '.join(map(str, missing[:5]))}{' ...' if len(missing) > 5 else ''})")
            machine = self.machines.get((page, engine, values))
            if machine is None:
                return None, f"no snippet ran{where}"
            machines[machine["engine"], tuple(machine["systems"])].add(values)
        outcomes = [o for items in runs.values() for o in items]
        day = dt.datetime.fromtimestamp(max(o.stop for o in outcomes), dt.UTC).date().isoformat()
        ran = sum(1 for o in runs[next(iter(runs))] if o.facts["runs"])
        return Entry(day, prints.pop(), ran, tuple(Machine(engine, systems, tuple(sorted(values)))
                                                   for (engine, systems), values in machines.items())), ""

    @staticmethod
    def _describe(entry: Entry) -> str:
        engines = f"Engine {', '.join(entry.engines)}; " if entry.engines else ""
        systems = sorted({system for machine in entry.machines for system in machine.systems})
        count = f"{entry.snippets} snippet{'s' if entry.snippets != 1 else ''}"
        return f"{entry.date}, {count}; {engines}{', '.join(systems)}; values {', '.join(entry.values)}"

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.lines:
            return
        terminalreporter.section(f"verified on ({RECORD_FILE})")
        for line, red in self.lines:
            terminalreporter.write_line(line, red=red, bold=red)


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def skip_reason(report: pytest.TestReport) -> str:
    """The reason a snippet was skipped, as its report gives it (``Skipped: `` removed)."""
    reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
    return reason.removeprefix("Skipped: ")
