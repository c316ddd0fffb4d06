"""Tables printed at the end of a run from what tests record as user properties: the glossary marks per page
(tests/site_checks/test_glossary_marks.py) and the page weight (tests/browser/test_pages.py).

User properties travel inside the test reports, so the tables also come out under pytest-xdist, whose controller never
loads the conftest files below tests/ (hooks there saw no report of a worker's, and neither table was printed).
Loaded by tests/conftest.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from docs_tooling.project import PRIMARY, ROOT

OUTPUT = ROOT / "test-output"  # git-ignored
GLOSSARY_MARKS = "glossary_marks"  # the value: the whole table, already written to its file
PAGE_WEIGHT = "page_weight"  # the value: one page's row, {"page", "path", "requests", "bytes"}
WEIGHT_REPORT = OUTPUT / "page-weight.md"


def weight_table(rows: list[dict[str, Any]]) -> list[str]:
    rows = sorted(rows, key=lambda r: (r["page"].split(":")[0] != PRIMARY, r["page"]))
    lines = [
        "Page weight: first load, empty cache, until the network is idle (bytes received, headers and bodies)",
        "",
        "| page | path | requests | bytes | KiB |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {r['page']} | {r['path']} | {r['requests']} | {r['bytes']} | {r['bytes'] / 1024:.1f} |" for r in rows]
    heaviest = max(rows, key=lambda r: r["bytes"])
    lines += [
        "",
        f"Heaviest page: {heaviest['page']} ({heaviest['path']}): {heaviest['bytes']} bytes in {heaviest['requests']} requests.",
        f"All {len(rows)} pages: {sum(r['bytes'] for r in rows)} bytes in {sum(r['requests'] for r in rows)} requests.",
    ]
    return lines


class SummaryTables:
    def __init__(self) -> None:
        self.glossary: list[str] = []
        self.weights: list[dict[str, Any]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if name == GLOSSARY_MARKS:
                self.glossary.append(value)
            elif name == PAGE_WEIGHT:
                self.weights.append(value)

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        if hasattr(config, "workerinput"):
            return
        for table in self.glossary:
            terminalreporter.section("glossary marks")
            for line in table.splitlines():
                terminalreporter.write_line(line)
        if self.weights:
            lines = weight_table(self.weights)
            OUTPUT.mkdir(parents=True, exist_ok=True)
            WEIGHT_REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
            terminalreporter.section("page weight")
            for line in [*lines, f"Table written to {WEIGHT_REPORT}"]:
                terminalreporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(SummaryTables(), "summary-tables")
