"""pytest plugin (``-p docs_tooling.runner.page_select --page kvm``): keep only the tests of one page.

A test belongs to page ``kvm`` when it is one of the page's snippet items, when one of its parameters is
the page (``kvm``, ``docs/zh/kvm.md``, ``snippets/kvm``, ``en:kvm``, or an object whose ``slug`` is ``kvm``;
never ``kvm-advanced``), or when it checks every page at once (marker ``every_page``: the strict build,
``snippets/`` freshness, literal values, ...), so that a green ``./dev test-page`` means what a green CI
means for the page. Tests are chosen by their parameters' values, not by the text of their ids.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from docs_tooling.project import DOCS_DIR, SNIPPET_DIR

PAGE_FORMS = (
    re.compile(rf"(?:^|/){DOCS_DIR}/[^/]+/(?P<page>.+)\.md$"),  # docs/zh/kvm.md
    re.compile(rf"^{SNIPPET_DIR}/(?P<page>.+)$"),  # snippets/kvm
    re.compile(r"^[a-z]{2}(?:-[A-Za-z]+)?:(?P<page>.+)$"),  # en:kvm
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--page", action="store", default=None, help="only the tests of this page (both languages), e.g. kvm")


def page_named(value: Any) -> str | None:
    """The page a parameter value stands for, if it names one."""
    slug = getattr(value, "slug", None)
    if isinstance(slug, str):
        return slug
    if isinstance(value, Path):
        value = value.as_posix()
    if not isinstance(value, str):
        return None
    for form in PAGE_FORMS:
        match = form.search(value)
        if match:
            return match.group("page")
    return value


def pages_of(item: pytest.Item) -> set[str]:
    """The pages a test is about: a snippet item's page, or the pages its parameters name."""
    snippet = getattr(item, "snippet", None)
    if snippet is not None:
        return {snippet.page}
    callspec = getattr(item, "callspec", None)
    params = callspec.params.values() if callspec is not None else ()
    return {page for page in map(page_named, params) if page is not None}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    page = config.getoption("--page")
    if not page:
        return
    keep = [item for item in items if page in pages_of(item) or item.get_closest_marker("every_page")]
    dropped = [item for item in items if item not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
