"""Shared fixtures of the browser tests: the built site on 127.0.0.1, Debian's Chromium, axe-core.

The site is built once per run (``mkdocs build --strict`` into a temporary folder) and served by a
thread. Each test gets new browser contexts, so every page load starts with an empty cache.
Screenshots and the page-weight table go to ``test-output/`` (git-ignored); the table is also
printed at the end of the run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from docs_tooling.runner.pytest_plugin import is_xdist_worker
from tests.browser import served_site as site

REPORT = site.OUTPUT / "page-weight.md"


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


# --- page weight -------------------------------------------------------------------------------
# Kept in this process (other runs may share test-output/); xdist workers hand theirs to the controller.

WEIGHTS: list[dict[str, Any]] = []


def record_weight(page: site.Page, visit: site.Visit) -> None:
    """Keep one first load's numbers for the table printed at the end of the run."""
    requests, received = visit.weight()
    WEIGHTS.append({"page": page.id, "path": page.path, "requests": requests, "bytes": received})


@pytest.fixture()
def weigh() -> Callable[[site.Page, site.Visit], None]:
    return record_weight


def pytest_sessionfinish(session: pytest.Session) -> None:
    if is_xdist_worker(session.config):
        session.config.workeroutput["page_weight"] = json.dumps(WEIGHTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:  # xdist, on the controller
    WEIGHTS.extend(json.loads(getattr(node, "workeroutput", {}).get("page_weight", "[]")))


def weight_table(rows: list[dict[str, Any]]) -> list[str]:
    rows = sorted(rows, key=lambda r: (r["page"].split(":")[0] != site.PRIMARY, r["page"]))
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


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if is_xdist_worker(config) or not WEIGHTS:
        return
    lines = weight_table(WEIGHTS)
    site.OUTPUT.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    terminalreporter.section("page weight")
    for line in lines:
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"Table written to {REPORT}; screenshots in {site.SCREENSHOTS}/")
