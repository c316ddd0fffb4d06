"""When the lab cannot give a page its machine: one message naming what failed, once per page, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.plugins.broken_machine import MESSAGE

pytestmark = pytest.mark.site
ROOT = Path(__file__).resolve().parents[1]


def test_a_page_whose_machine_cannot_be_set_up_fails_once_and_skips_the_rest() -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.plugins.broken_machine", "-p", "no:cacheprovider",
                           "-q", "docs/zh/kvm.md"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    out = done.stdout
    assert done.returncode == 1, out
    assert f"the reader's machine of kvm could not be set up: {MESSAGE}" in out
    reports = out.split("short test summary info")[0]  # the summary's own one-line list may repeat it, width allowing
    assert reports.count(MESSAGE) == 1 and "Traceback" not in out, out
    assert "snippets run: 1, passed: 0, failed: 1" in out
    assert "skipped: the page's machine could not be set up:" in out
