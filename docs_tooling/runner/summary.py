"""The run summary's "snippets" section: what stood in for what, the engines, and the snippets' outcomes in all and per
value set, counted from test reports (so it also works with pytest-xdist)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from docs_tooling.runner import snippet_ids
from docs_tooling.runner.lab_values import describe, value_sets


class SnippetSummary:
    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.per_set: Counter[tuple[str, str]] = Counter()  # (value set, "passed" or "failed")
        self.engine_versions: set[str] = set()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        snippet = snippet_ids.parse(report.nodeid)
        if snippet is None:
            return
        self.engine_versions.update(value for name, value in report.user_properties if name == "engine_version")
        if report.skipped and report.when in ("setup", "call"):
            self.outcomes[f"skipped: {skip_kind(report)}"] += 1
            return
        if report.when == "call":
            outcome = "passed" if report.passed else "failed"
        elif report.failed:
            outcome = "failed"
        else:
            return
        self.outcomes[outcome] += 1
        self.per_set[snippet.value_set, outcome] += 1

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.outcomes:
            return
        from docs_tooling.lab import shared_lab

        terminalreporter.section("snippets")
        for line in shared_lab.describe():
            terminalreporter.write_line(f"stand-in: {line}")
        for line in sorted(self.engine_versions):
            terminalreporter.write_line(f"engine: {line}")
        ran = self.outcomes["passed"] + self.outcomes["failed"]
        terminalreporter.write_line(f"snippets run: {ran}, passed: {self.outcomes['passed']}, failed: {self.outcomes['failed']}")
        known = value_sets()
        for name in [*known, *sorted({s for s, _ in self.per_set} - set(known))]:
            passed, failed = self.per_set[name, "passed"], self.per_set[name, "failed"]
            if passed or failed:
                values = describe(known[name]) if name in known else "not this process's values"
                terminalreporter.write_line(f"values {name} ({values}): run {passed + failed}, passed {passed}, failed {failed}")
        for reason, count in sorted(self.outcomes.items()):
            if reason.startswith("skipped"):
                terminalreporter.write_line(f"{reason}: {count}")


def skip_kind(report: pytest.TestReport) -> str:
    """Why a snippet was skipped, in a few words the summary counts."""
    reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    if "depends on the page's machine" in reason:
        return "the page's machine could not be set up"
    if "depends on snippet" in reason:
        return "depends on a failed snippet"
    if reason.startswith("Engine "):
        return "a step for other engines"
    return reason.split(":")[0] + ", not run on Linux"
