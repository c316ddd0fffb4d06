"""The sandbox tests' summary: for each hostile snippet and machine, what contained it."""

from __future__ import annotations

from typing import Any

import pytest

_held: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed:
        _held.extend(value for name, value in report.user_properties if name == "held")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _held:
        terminalreporter.section("sandbox")
        for line in _held:
            terminalreporter.write_line(f"contained: {line}")
