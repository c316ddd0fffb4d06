"""When the lab cannot give a page its machine: one message naming what failed, once per page, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from docs_tooling.project import ROOT
from tests.plugins import broken_machine, no_engine

pytestmark = pytest.mark.runner


def pytest_run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("workers", [[], ["-n", "2", "--dist", "loadfile"]], ids=["one process", "two workers"])
def test_no_engine_stops_the_run_with_one_line_before_any_test(workers: list[str]) -> None:
    done = pytest_run("-p", "tests.plugins.no_engine", *workers, "docs/zh/kvm.md", "tests/lab/test_engine.py")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert out.count(no_engine.MESSAGE) == 1 and "Traceback" not in out, out
    assert "(the tests that need no Docker: ./dev test -m site)" in out
    assert " passed" not in out and " failed" not in out, out  # nothing ran


def test_a_page_whose_machine_cannot_be_set_up_fails_once_and_skips_the_rest() -> None:
    """Once per page run (kvm's commands take no value: one run, on the defaults)."""
    done = pytest_run("-p", "tests.plugins.broken_machine", "docs/zh/kvm.md")
    out = done.stdout
    assert done.returncode == 1, out
    assert f"the reader's machine of kvm could not be set up: {broken_machine.MESSAGE}" in out
    reports = out.split("short test summary info")[0]  # the summary's own one-line list may repeat it, width allowing
    assert reports.count(broken_machine.MESSAGE) == 1 and "Traceback" not in out, out
    assert "snippets run: 1, passed: 0, failed: 1" in out
    assert "skipped: the page's machine could not be set up:" in out
