"""The browser tests' own harness: a page load that lost requests to the machine is made again, and only then.

Chromium fails the requests in flight with net::ERR_NETWORK_CHANGED when the machine's network changes, which the
container tests beside these do (served_site.LOST_TO_THE_MACHINE). Playwright cannot fail a request with that
error, so these tests fail Material's script with another network error and name it as the machine's.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Route

from tests.browser import served_site as site

pytestmark = pytest.mark.browser

BUNDLE = "**/assets/javascripts/bundle.*.min.js"
MACHINE_REASON = "internetdisconnected"  # Playwright's name for net::ERR_INTERNET_DISCONNECTED
FRAMED_JS = "() => document.querySelectorAll('.md-typeset__scrollwrap').length"  # tables Material's script framed
PAGE = "/"  # the home page: it has tables


def failing(visit: site.Visit, times: int, reason: str) -> list[int]:
    """Material's script fails its first ``times`` loads with ``reason``; the returned list counts its loads."""
    loads: list[int] = []

    def handle(route: Route) -> None:
        loads.append(1)
        if len(loads) <= times:
            route.abort(reason)
        else:
            route.continue_()

    visit.context.route(BUNDLE, handle)
    return loads


@pytest.fixture()
def machine_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site, "LOST_TO_THE_MACHINE", ("net::ERR_INTERNET_DISCONNECTED",))


def test_a_load_that_lost_a_request_to_the_machine_is_made_again(new_visit: Callable[..., site.Visit],
                                                                 machine_reason: None) -> None:
    plain = new_visit()
    plain.open(PAGE)
    visit = new_visit()
    loads = failing(visit, 1, MACHINE_REASON)
    visit.open(PAGE)
    assert len(loads) == 2, f"Material's script was loaded {len(loads)} times"
    assert visit.tab.evaluate(FRAMED_JS) > 0, "Material's script did not run on the page kept"
    assert not visit.failed and not visit.errors, (visit.failed, visit.errors)
    # What is kept is a first load: weighed as one, its cache emptied before.
    assert sorted(r.url for r in visit.finished) == sorted(r.url for r in plain.finished)


def test_the_site_s_own_failure_is_not_loaded_again(new_visit: Callable[..., site.Visit], machine_reason: None) -> None:
    visit = new_visit()
    loads = failing(visit, 1, "failed")  # net::ERR_FAILED: not the machine's
    visit.open(PAGE)
    assert len(loads) == 1
    assert any("bundle" in failure and "ERR_FAILED" in failure for failure in visit.failed), visit.failed


def test_loads_again_at_most_load_attempts_times(new_visit: Callable[..., site.Visit], machine_reason: None) -> None:
    visit = new_visit()
    loads = failing(visit, site.LOAD_ATTEMPTS, MACHINE_REASON)
    visit.open(PAGE)
    assert len(loads) == site.LOAD_ATTEMPTS
    assert [f for f in visit.failed if "bundle" in f], "the last load's failure must stay on record"
