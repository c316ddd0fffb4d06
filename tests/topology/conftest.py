"""Fixtures of the topology tests: chapter 4's network built from real containers, once per set of page values.

``chapter4`` is session-scoped and parametrized by value set (``default``, ``other``, and ``env`` when DOCS_* values are
exported; ``--values`` picks some) and by engine (``--engine`` picks some), so the tests of one value set on one engine
share one topology, and one topology is up at a time. Its setup runs the page's own commands (pull, interactive run,
the Linux route) from the extracted snippets. How long each topology took
to come up and down is printed at the end of the run.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from docs_tooling.extract import snippets
from docs_tooling.lab.topology import Topology
from docs_tooling.project import ROOT
from docs_tooling.runner.lab_values import run_lab
from docs_tooling.runner.pytest_plugin import selected_engines, selected_value_sets
from macros import variables
from tests.topology.chapter4 import Chapter4Page, Chapter4Run

_timings_key = pytest.StashKey[list[str]]()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "chapter4" in metafunc.fixturenames:
        pairs = [(name, engine) for engine in selected_engines(metafunc.config) for name in selected_value_sets(metafunc.config)]
        metafunc.parametrize("chapter4", pairs, ids=[f"{name}-{engine.name}" for name, engine in pairs], indirect=True,
                             scope="session")


@pytest.fixture(scope="session")
def chapter4(request: pytest.FixtureRequest) -> Iterator[Chapter4Run]:
    """Chapter 4's network for one value set on one engine, with the page's commands run on it; taken down afterwards."""
    name, engine = request.param
    environ = selected_value_sets(request.config)[name]
    values = variables.load(environ)
    page = Chapter4Page(ROOT, snippets.collect(ROOT, environ), values)
    started = time.monotonic()
    shared = run_lab()  # the run's engine, images and services, shared with the snippet runner; made on first use
    if time.monotonic() - started > 1:
        request.config.stash.setdefault(_timings_key, []).append(
            f"lab services (engine, images, apt proxy, registry): up {time.monotonic() - started:.1f} s")
    topology = Topology(shared.services, values, shared.reader_image, shared.machine_image(engine), engine,
                        name=f"test-{name}-{engine.name}")
    page_seconds = 0.0
    try:
        with topology:
            run = Chapter4Run(topology, page)
            started = time.monotonic()
            try:
                run.start()
                page_seconds = time.monotonic() - started
                yield run
            finally:
                run.close()
    finally:
        if topology.up_seconds:
            request.config.stash.setdefault(_timings_key, []).append(
                f"topology {name} on Engine {engine.name}: up {topology.up_seconds:.1f} s, page commands and probes {page_seconds:.1f} s, "
                f"down {topology.down_seconds:.1f} s" + (f" (waited {topology.wait_seconds:.1f} s for another run's LAN)"
                                                         if topology.wait_seconds > 1 else ""))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    timings = config.stash.get(_timings_key, [])
    if timings:
        terminalreporter.section("topology")
        for line in timings:
            terminalreporter.write_line(line)
