"""The run summary's time per part names the part each test belongs to (a snippet's: page, engine, value set)."""

from __future__ import annotations

import pytest

from docs_tooling.runner.part_times import part_of

pytestmark = pytest.mark.runner


def report(nodeid: str, *marks: str) -> pytest.TestReport:
    return pytest.TestReport(nodeid, ("x", 0, "x"), dict.fromkeys(marks, 1), "passed", None, "call", duration=1.0)


@pytest.mark.parametrize(("nodeid", "marks", "part"), [
    ("docs/zh/kvm.md::L32", ("container",), "snippets: kvm"),
    ("docs/zh/openstack-lab.md::L161[28.5]", ("container",), "snippets: openstack-lab on Engine 28.5"),
    ("docs/zh/kvm.md::L32[other]", ("container",), "snippets: kvm, values other"),
    ("docs/zh/openstack-lab.md::L161[28.5-other]", ("container",), "snippets: openstack-lab on Engine 28.5, values other"),
    ("docs/zh/guide/intro.md::L7[20.10-env]", ("container",), "snippets: guide/intro on Engine 20.10, values env"),
    ("tests/topology/test_chapter4_network.py::test_container_address[default-28.5]", ("topology", "container"), "topology"),
    ("tests/sandbox/test_hostile.py::test_hostile_snippet[plain-hang]", ("sandbox",), "sandbox"),
    ("tests/lab/test_engine.py::test_x", ("container",), "container"),
    ("tests/test_site.py::test_x", ("site", "every_page"), "site"),
    ("tests/browser/test_ui.py::test_x", ("browser",), "browser"),
])
def test_part_of(nodeid: str, marks: tuple[str, ...], part: str) -> None:
    assert part_of(report(nodeid, *marks)) == part
