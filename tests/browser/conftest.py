"""Shared fixtures of the browser tests: the built site on 127.0.0.1, Debian's Chromium, axe-core.

The site is built once per run (``mkdocs build --strict`` into a temporary folder) and served by a
thread. Each test gets new browser contexts, so every page load starts with an empty cache.
Screenshots and the page-weight table go to ``test-output/`` (git-ignored); the table is also
printed at the end of the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.browser import served_site as site
from tests.summary_tables import PAGE_WEIGHT


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    site.build_site(target)
    return target


@pytest.fixture(scope="session")
def origin(site_dir: Path) -> Iterator[str]:
    with site.serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    # launch() starts Chromium with a new, empty profile (a fresh --user-data-dir) every time.
    executable = site.ensure_chromium()
    browser = playwright.chromium.launch(executable_path=str(executable), headless=True, args=site.CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return site.ensure_axe(site.ROOT / ".cache" / "axe").read_text(encoding="utf-8")


@pytest.fixture()
def new_visit(chromium: Browser, origin: str) -> Iterator[Callable[..., site.Visit]]:
    """``new_visit(**context_options)``: a new context (empty cache, no storage) with one tab."""
    with site.visit_maker(chromium, origin) as make:
        yield make


@pytest.fixture()
def visit(new_visit: Callable[..., site.Visit]) -> site.Visit:
    return new_visit()


# --- page weight: printed at the end of the run by tests/summary_tables.py -------------------------------------

@pytest.fixture()
def weigh(record_property: Callable[[str, object], None]) -> Callable[[site.Page, site.Visit], None]:
    """``weigh(page, visit)``: keep the first load's numbers of ``page`` for the page-weight table."""
    def record(page: site.Page, visit: site.Visit) -> None:
        requests, received = visit.weight()
        record_property(PAGE_WEIGHT, {"page": page.id, "path": page.path, "requests": requests, "bytes": received})

    return record
