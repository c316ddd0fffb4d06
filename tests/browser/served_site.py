"""What the browser tests need besides the tests: Chromium, axe-core, the built site and a server for it.

Nothing here downloads a browser: Chromium is Debian's package (``apt-get install chromium``), driven
by Playwright for Python; axe-core comes from the npm registry into a cache folder. The site is
built with ``mkdocs build --strict`` into a folder of the caller's and served on 127.0.0.1 by a
thread, on a free port.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Request, Route
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page as Tab

from docs_tooling import project
from docs_tooling.build import sitebuild
from docs_tooling.lab.host import apt_get, one_install_at_a_time
from docs_tooling.project import LANGS, PRIMARY, ROOT
from tests.summary_tables import OUTPUT  # test-output/, git-ignored

SCREENSHOTS = OUTPUT / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}  # the narrowest phone in common use (iPhone SE, mini)
# The phones the reading tests (test_reading.py) lay every page out on: 390 px, the width of most phones sold today
# (iPhone 12 to 15; the reader), and PHONE.
PHONES = {"390": {"width": 390, "height": 844}, "375": PHONE}
CHROMIUM = Path("/usr/bin/chromium")
# BROWSER_CPU_SLOWDOWN=N runs every tab's page N times slower (Chromium's CPU throttling, as DevTools' "CPU: N×
# slowdown"): a starved test machine or a slow phone, on demand. Per visit: new_visit(cpu_slowdown=N).
CPU_SLOWDOWN_ENV = "BROWSER_CPU_SLOWDOWN"
# Chromium fails the requests in flight when the machine's network changes (net::ERR_NETWORK_CHANGED): the container
# tests, running beside the browser tests, make and remove Docker networks and veth pairs. A page load that lost a
# request that way is loaded again, with an empty cache, at most LOAD_ATTEMPTS times in all (CI lost 1 to 3 page
# loads a run before; the site's own failures come back on every load, so they still fail the test).
LOST_TO_THE_MACHINE = ("net::ERR_NETWORK_CHANGED",)
LOAD_ATTEMPTS = 3
# Debian packages the tests need: the browser, and a font with Chinese glyphs (without one the
# Chinese pages render as boxes in screenshots and their line widths are not a reader's).
APT_PACKAGES = ("chromium", "fonts-wqy-microhei")
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
AXE_VERSION = "4"
# --proxy-server sends every request that does not go to the loopback address (which Chromium
# never proxies) to a closed local port: a page that asks for anything outside the site is
# recorded by the tests and cannot reach the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--proxy-server=http://127.0.0.1:9",
]


POLICY_RC_D = Path("/usr/sbin/policy-rc.d")


@contextmanager
def no_service_starts() -> Iterator[None]:
    """While installing, no package starts its service (Debian's nginx would start the system's nginx on port 80):
    a ``policy-rc.d`` that refuses every start (exit 101, which ``invoke-rc.d`` and ``deb-systemd-invoke`` obey),
    removed afterwards; an existing one is left as it is."""
    if POLICY_RC_D.exists():
        yield
        return
    POLICY_RC_D.write_text("#!/bin/sh\n# written by the docs' test set-up while it installs packages; removed after\nexit 101\n")
    POLICY_RC_D.chmod(0o755)
    try:
        yield
    finally:
        POLICY_RC_D.unlink(missing_ok=True)


def apt_install(packages: tuple[str, ...], needed: tuple[Path, ...]) -> None:
    """Install Debian ``packages`` unless every path of ``needed`` exists (as root; else say what to run)."""
    if all(path.exists() for path in needed):
        return
    if os.geteuid() != 0:
        missing = " or ".join(str(path) for path in needed if not path.exists())
        raise RuntimeError(f"{missing} is missing: run `sudo apt-get install {' '.join(packages)}`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = apt_get("install", "-y", "--no-install-recommends", *packages)
    with one_install_at_a_time(), no_service_starts():
        if all(path.exists() for path in needed):
            return  # another worker installed them while this one waited
        if subprocess.run(install, env=env, capture_output=True, text=True).returncode != 0:
            # A fresh machine may not have the package lists yet, or only old ones.
            subprocess.run(apt_get("update"), env=env, capture_output=True, check=False)
            done = subprocess.run(install, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"`{' '.join(install)}` failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    missing = [str(path) for path in needed if not path.exists()]
    if missing:
        raise RuntimeError(f"apt-get installed {packages} but {', '.join(missing)} is still missing")


def ensure_chromium() -> Path:
    """Install Debian's Chromium (and a CJK font) when missing; returns the browser's path."""
    apt_install(APT_PACKAGES, (CHROMIUM, CJK_FONT))
    return CHROMIUM


def ensure_axe(cache_dir: Path) -> Path:
    """axe-core's ``axe.min.js``, installed with npm into ``cache_dir`` when missing."""
    script = cache_dir / "node_modules" / "axe-core" / "axe.min.js"
    if script.exists():
        return script
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is missing: install Node.js and npm (apt-get install npm) to fetch axe-core")
    cache_dir.mkdir(parents=True, exist_ok=True)
    cmd = [npm, "install", "--prefix", str(cache_dir), "--no-audit", "--no-fund", "--no-save", f"axe-core@{AXE_VERSION}"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0 or not script.exists():
        raise RuntimeError(f"`{' '.join(cmd)}` failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return script


def build_site(site_dir: Path, root: Path = ROOT) -> str:
    """``mkdocs build --strict`` with the default values into ``site_dir``; returns mkdocs' output, raises with it on failure."""
    done = sitebuild.build(root, site_dir)
    if done.returncode != 0:
        raise RuntimeError(f"`mkdocs build --strict` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 on a free port in a thread; yields the origin (``http://127.0.0.1:PORT``)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- pages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page of one language: ``lang`` its locale, ``slug`` its path in docs/<lang>/ without ``.md``."""

    lang: str
    slug: str
    path: str  # URL path below the origin, e.g. "/en/kvm/"

    @property
    def id(self) -> str:
        return f"{self.lang}:{self.slug}"


def url_path(lang: str, slug: str) -> str:
    """The URL path of docs/<lang>/<slug>.md with mkdocs' directory URLs (the default language at /)."""
    prefix = "/" if lang == PRIMARY else f"/{lang}/"
    parts = slug.split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    return prefix + "".join(f"{part}/" for part in parts)


@contextmanager
def visit_maker(browser: Browser, origin: str) -> Iterator[Callable[..., Visit]]:
    """``make(**context_options)``: a new browser context (empty cache, no storage) with one tab, at ``origin``;
    every context made is closed afterwards."""
    contexts: list[BrowserContext] = []

    def make(cpu_slowdown: float | None = None, **options: Any) -> Visit:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        visit = Visit.start(origin, context)
        slowdown = cpu_slowdown if cpu_slowdown is not None else cpu_slowdown_from_env()
        if slowdown > 1:
            context.new_cdp_session(visit.tab).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        return visit

    try:
        yield make
    finally:
        for context in contexts:
            # A route handler still running (instant_navigation's, for a page Material fetched last) would otherwise
            # fail on the closed context and raise in the next test's first Playwright call.
            context.unroute_all(behavior="ignoreErrors")
            context.close()


def cpu_slowdown_from_env() -> float:
    """BROWSER_CPU_SLOWDOWN's factor (1: none); a value that is not a number of at least 1 stops the run with one line."""
    text = os.environ.get(CPU_SLOWDOWN_ENV, "").strip() or "1"
    try:
        factor = float(text)
    except ValueError:
        factor = 0
    if factor < 1:
        raise RuntimeError(f"{CPU_SLOWDOWN_ENV}={text!r}: expected a slowdown factor of at least 1, e.g. 20")
    return factor


def instant_navigation(visit: Visit) -> None:
    """Material's instant navigation for ``visit``'s pages (off in mkdocs.yml, switched on in each page's
    configuration as it is served), and a sitemap listing every page at the origin (instant navigation follows the
    links the sitemap lists; a build without SITE_URL writes none: docs_tooling/build/site_address.py)."""
    def instant(route: Route) -> None:
        response = route.fetch()
        body = response.text().replace('"features": [', '"features": ["navigation.instant", ', 1)
        route.fulfill(response=response, body=body)

    def sitemap(route: Route) -> None:
        locs = "".join(f"<url><loc>{visit.origin}{page.path}</loc></url>" for page in discover_pages())
        route.fulfill(content_type="application/xml",
                      body=f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>')

    visit.context.route(lambda url: urlsplit(url).path.endswith("/"), instant)
    visit.context.route("**/sitemap.xml", sitemap)


def discover_pages(root: Path = ROOT) -> list[Page]:
    """Every page in every language it exists in, the default language first."""
    return [Page(lang, slug, url_path(lang, slug)) for lang in LANGS for slug in project.pages(root)
            if (root / project.page_file(slug, lang)).exists()]


# --- a visit -----------------------------------------------------------------------------------


def lost_to_the_machine(failure: str) -> bool:
    """A request failed for a reason of the machine, not of the site (see LOST_TO_THE_MACHINE)."""
    return any(reason in failure for reason in LOST_TO_THE_MACHINE)


@dataclass
class Visit:
    """One browser context and its tab, recording every request and every console error."""

    origin: str
    context: BrowserContext
    tab: Tab
    requests: list[Request] = field(default_factory=list)
    finished: list[Request] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    in_flight: set[Request] = field(default_factory=set)

    @classmethod
    def start(cls, origin: str, context: BrowserContext) -> Visit:
        visit = cls(origin, context, context.new_page())
        context.on("request", visit._started)
        context.on("requestfinished", visit._finished)
        context.on("requestfailed", visit._failed)
        visit.tab.on("console", lambda m: visit.errors.append(f"console: {m.text} ({m.location.get('url', '')})")
                     if m.type == "error" else None)
        visit.tab.on("pageerror", lambda exc: visit.errors.append(f"uncaught: {exc}"))
        visit.tab.on("crash", lambda _: visit.errors.append("the page crashed"))
        return visit

    def _started(self, request: Request) -> None:
        self.requests.append(request)
        self.in_flight.add(request)

    def _finished(self, request: Request) -> None:
        self.finished.append(request)
        self.in_flight.discard(request)

    def _failed(self, request: Request) -> None:
        self.failed.append(f"{request.url} ({request.failure})")
        self.in_flight.discard(request)

    def open(self, target: Page | str) -> None:
        """Load a page (or a path below the origin): see :meth:`goto`."""
        self.goto(self.origin + (target.path if isinstance(target, Page) else target))

    def goto(self, url: str) -> None:
        """Load ``url`` until its load event, then until no request has been in flight for half a second.

        The load event comes after every script of the page has run, with what they do on DOMContentLoaded (Material's
        components, the values panel, the glossary's tooltips). Playwright's "networkidle" does not wait for it: it
        fires once no request has been in flight for 500 ms since the document arrived, and on a starved CPU that
        happens while the page is still being parsed, before its scripts have run (at 10 times slower, on every load
        tried: test_lab_panel.py's starved-CPU test).

        A load that lost a request to the machine (LOST_TO_THE_MACHINE) is made again, as a first load.
        """
        for attempt in range(1, LOAD_ATTEMPTS + 1):
            marks = len(self.requests), len(self.finished), len(self.failed), len(self.errors)
            try:
                response = self.tab.goto(url, wait_until="load")
            except PlaywrightError as exc:  # the document itself was lost
                if attempt == LOAD_ATTEMPTS or not lost_to_the_machine(str(exc)):
                    raise
            else:
                assert response is not None and response.ok, f"{url}: HTTP {response.status if response else 'no response'}"
                self.settle()
                lost = [failure for failure in self.failed[marks[2]:] if lost_to_the_machine(failure)]
                if not lost or attempt == LOAD_ATTEMPTS:
                    return
            print(f"{url}: loaded again (attempt {attempt + 1} of {LOAD_ATTEMPTS}), requests lost to the machine: "
                  f"{self.failed[marks[2]:]}", file=sys.stderr)  # shown with a failing test's output
            self.forget_since(marks)

    def forget_since(self, marks: tuple[int, int, int, int]) -> None:
        """Drop what was recorded since ``marks`` (lengths of requests, finished, failed, errors) and the browser's
        cache, before a page is loaded again: the next load is recorded (and weighed) as a first one."""
        for records, mark in zip((self.requests, self.finished, self.failed, self.errors), marks, strict=True):
            del records[mark:]
        self.in_flight.clear()
        cdp = self.context.new_cdp_session(self.tab)
        cdp.send("Network.clearBrowserCache")
        cdp.detach()

    def settle(self, quiet_ms: int = 500, timeout_ms: int = 15_000) -> None:
        """Until none of this visit's requests has been in flight for ``quiet_ms`` (what a page asks for after its load
        event: the search worker and index)."""
        step, quiet, deadline = 50, 0, time.monotonic() + timeout_ms / 1000
        while quiet < quiet_ms:
            if time.monotonic() > deadline:
                still = sorted(r.url for r in self.in_flight)
                raise AssertionError(f"{self.tab.url}: requests still in flight after {timeout_ms} ms: {still}\n"
                                     + self.diagnosis())
            self.tab.wait_for_timeout(step)
            quiet = 0 if self.in_flight else quiet + step

    def diagnosis(self) -> str:
        """What the page did, for a failure message: its state, each script and its HTTP status, console errors,
        uncaught exceptions, failed requests."""
        state = self.tab.evaluate("() => ({url: location.href, readyState: document.readyState, "
                                  "scripts: [...document.scripts].map(s => s.src).filter(Boolean)})")
        status = {}
        for request in self.requests:
            response = request.response() if request.url in state["scripts"] else None
            if response is not None:
                status[request.url] = response.status
        scripts = [f"{src.rsplit('/', 1)[-1]} (HTTP {status.get(src, 'none: not requested or no response')})"
                   for src in state["scripts"]]
        return "\n".join([f"  page {state['url']}, document.readyState {state['readyState']!r}",
                          f"  scripts: {', '.join(scripts) or 'none'}",
                          f"  console errors and uncaught exceptions: {self.errors or 'none'}",
                          f"  failed requests: {self.failed or 'none'}"])

    def foreign_requests(self) -> list[str]:
        """Requests that leave the site's origin (data: and blob: URLs stay in the page)."""
        return sorted({r.url for r in self.requests
                       if urlsplit(r.url).scheme not in ("data", "blob") and not r.url.startswith(self.origin + "/")})

    def weight(self) -> tuple[int, int]:
        """(requests, bytes received: headers and bodies) of the finished requests so far."""
        sizes = [r.sizes() for r in self.finished]
        return len(sizes), sum(s["responseHeadersSize"] + s["responseBodySize"] for s in sizes)
