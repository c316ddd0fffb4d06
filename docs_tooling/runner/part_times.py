"""The run summary's "time per part": where a run's time goes (site checks, browser, each page's snippets per engine
and value set, topology, sandbox, lab), from the test reports' durations (setup, call and teardown), so it works with xdist too."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from docs_tooling.runner import snippet_ids

PARTS = ("topology", "sandbox", "browser", "setup", "runner", "site", "container")  # a test's part: its first marker in this order


def part_of(report: pytest.TestReport) -> str:
    """``snippets: kvm``, ``snippets: openstack-lab on Engine 28.5, values other``, or the test's marker (``site``, ...)."""
    snippet = snippet_ids.parse(report.nodeid)
    if snippet is not None:
        return f"snippets: {snippet.describe()}"
    marks = set(report.keywords)
    return next((part for part in PARTS if part in marks), "other")


class PartTimes:
    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.tests: defaultdict[str, set[str]] = defaultdict(set)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        part = part_of(report)
        self.seconds[part] += report.duration
        self.tests[part].add(report.nodeid)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.seconds:
            return
        terminalreporter.section("time per part")
        for part, seconds in sorted(self.seconds.items(), key=lambda item: -item[1]):
            terminalreporter.write_line(f"{seconds:7.1f} s  {part} ({len(self.tests[part])} tests)")
        terminalreporter.write_line(f"{sum(self.seconds.values()):7.1f} s  in all (test time; the wall time is below)")
