"""The site checks' summary: the glossary marks per page (test_glossary_marks.py), printed at the end of the run."""

from __future__ import annotations

from typing import Any

import pytest

GLOSSARY_TABLE = "glossary_marks"
_tables: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:  # also on the xdist controller: reports carry properties
    if report.when == "call":
        _tables.extend(value for name, value in report.user_properties if name == GLOSSARY_TABLE)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for table in _tables:
        terminalreporter.section("glossary marks")
        for line in table.splitlines():
            terminalreporter.write_line(line)
