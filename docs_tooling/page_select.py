"""pytest plugin (``-p docs_tooling.page_select --page kvm``): keep only the tests of one page.

A test belongs to page ``kvm`` when it is one of the page's snippet items
(``docs/zh/kvm.md::L12``) or when its parameters name the page as a whole word: ``[docs/zh/kvm.md]``,
``[en:kvm]``, ``[snippets/kvm]``, ``[kvm]`` (but not ``[kvm-advanced]`` or ``[openstack-lab]`` for
``lab``), or when it checks every page at once (marker ``every_page``: the strict build, ``snippets/``
freshness, literal values, ...), so that a green ``./dev test-page`` means what a green CI means for the page.
"""

from __future__ import annotations

import re

import pytest

LANGS = ("zh", "en")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--page", action="store", default=None, help="only the tests of this page (both languages), e.g. kvm")


def belongs(nodeid: str, page: str) -> bool:
    if any(nodeid.startswith(f"docs/{lang}/{page}.md::") for lang in LANGS):
        return True
    params = nodeid[nodeid.find("[") :] if "[" in nodeid else ""
    return re.search(rf"(?:^|[\[:/]){re.escape(page)}(?:\.md)?(?=$|[\]:/])", params) is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    page = config.getoption("--page")
    if not page:
        return
    keep = [item for item in items if belongs(item.nodeid, page) or item.get_closest_marker("every_page")]
    dropped = [item for item in items if item not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
