"""Hostile snippets (``hostile.md``) on the machines pages get: each is contained, and the host is as before.

The machines are the ones the snippet runner gives a plain page, an engine page (one per selected engine) and a page
with ``suite:`` (one per suite the site's pages ask for).
Every snippet runs as the reader, in a shell of its own, in page order on the same machine: a later snippet shows
that the machine survived the earlier ones. The last test takes the machines down and compares the host with what
it was before the first snippet (:mod:`tests.sandbox.host_state`).
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docs_tooling.extract.snippets import Snippet
from docs_tooling.lab import nested_engine
from docs_tooling.lab.engines import Engine
from docs_tooling.runner import page_machine
from docs_tooling.runner.lab_values import run_lab
from docs_tooling.runner.output_checks import check_output
from docs_tooling.runner.page_machine import PageMachine
from docs_tooling.runner.pytest_plugin import all_snippets, selected_engines
from docs_tooling.runner.session import SnippetTimeoutError

from .host_state import HostListener, HostState, SecretProcess
from .hostile_page import Case, load

pytestmark = pytest.mark.sandbox
PAGE = "sandbox-hostile"


@dataclasses.dataclass(frozen=True)
class Kind:
    kind: str  # "plain", "engine" or "suite"
    engine: Engine | None = None
    suite: str | None = None

    @property
    def id(self) -> str:
        return f"engine-{self.engine.name}" if self.engine else f"suite-{self.suite}" if self.suite else self.kind


def kinds(config: pytest.Config) -> list[Kind]:
    suites = sorted({s.meta.suite for s in all_snippets(config) if s.meta.suite})  # the suites the pages ask for
    return [Kind("plain"), *(Kind("engine", engine) for engine in selected_engines(config)),
            *(Kind("suite", suite=suite) for suite in suites)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        cases = load()
        pairs = [(kind, case.name) for kind in kinds(metafunc.config) for case in cases if kind.kind in case.checks]
        metafunc.parametrize(("kind", "case"), pairs, ids=[f"{k.id}-{name}" for k, name in pairs])


class Machines:
    """One machine at a time: asking for another kind takes the previous one down."""

    def __init__(self) -> None:
        self.current: tuple[Kind, PageMachine] | None = None

    def get(self, kind: Kind, cases: list[Case]) -> PageMachine:
        if self.current is not None and self.current[0] == kind:
            return self.current[1]
        self.close()
        caps = ("engine",) if kind.engine else ()
        snippets = [Snippet(PAGE, n, {"zh": c.line}, "bash", c.code,
                            dataclasses.replace(c.checks[kind.kind][0], caps=caps, suite=kind.suite))
                    for n, c in enumerate(cases, 1) if kind.kind in c.checks]
        self.current = (kind, PageMachine(PAGE, snippets, kind.engine))
        return self.current[1]

    def close(self) -> None:
        if self.current is not None:
            self.current[1].stop()
            self.current = None


@pytest.fixture(scope="module")
def listener() -> Iterator[HostListener]:
    with HostListener() as served:
        yield served


@pytest.fixture(scope="module")
def secret_process() -> Iterator[SecretProcess]:
    with SecretProcess(secrets.token_hex(16)) as process:
        yield process


@pytest.fixture(scope="module")
def values(listener: HostListener, secret_process: SecretProcess) -> dict[str, Any]:
    return {"host": run_lab().services.gateway, "port": listener.port, "secret": secret_process.secret,
            "plain_pids": page_machine.PIDS, "plain_memory": page_machine.MEMORY,
            "engine_pids": nested_engine.PIDS, "engine_memory": nested_engine.MEMORY}


@pytest.fixture(scope="module")
def cases(values: dict[str, Any]) -> dict[str, Case]:
    return {case.name: case for case in load(values)}


def tried_sysctls(cases: dict[str, Case]) -> list[str]:
    """The sysctl keys the page's snippets try to set (``sysctl -w KEY=...``, ``/proc/sys/...`` paths)."""
    code = "\n".join(case.code for case in cases.values())
    keys = set(re.findall(r"\b(?:kernel|vm|fs)\.[a-z_]+(?==)", code))
    keys |= {path.replace("/", ".") for path in re.findall(r"/proc/sys/((?:kernel|vm|fs)/[a-z_]+)", code)}
    return sorted(keys)


@pytest.fixture(scope="module")
def before(cases: dict[str, Case]) -> HostState:
    run_lab()  # the lab's own processes and memory are part of "before"
    return HostState.now(tried_sysctls(cases))


@pytest.fixture(scope="module")
def machines(before: HostState) -> Iterator[Machines]:
    held = Machines()
    yield held
    held.close()


def test_hostile_snippet(machines: Machines, cases: dict[str, Case], kind: Kind, case: str,
                         record_property: Any) -> None:
    hostile = cases[case]
    if hostile.needs and not Path(hostile.needs).exists():
        pytest.skip(f"this host's kernel has no {hostile.needs}: nothing for the snippet to attack here")
    meta, held = hostile.checks[kind.kind]
    machine = machines.get(kind, list(cases.values()))
    shell = machine.shell()
    try:
        if hostile.stopped:
            with pytest.raises(SnippetTimeoutError):
                shell.run(hostile.code, meta.timeout)
            left = shell.run(f"pgrep -a -f -x {hostile.code!r} || echo 'none left'", 10)
            assert left.output.strip() == "none left", f"the stopped snippet left: {left.output}"
        else:
            result = shell.run(hostile.code, meta.timeout)
            problems = ([f"exit status {result.exit}, expected {' or '.join(map(str, meta.exit))}"]
                        if result.exit not in meta.exit else []) + check_output(meta, result.output)
            assert not problems, (f"NOT contained on {kind.id}: {case} (tests/sandbox/hostile.md:{hostile.line}): "
                                  + "; ".join(p.split("\n")[0] for p in problems) + f"\noutput:\n{result.output}")
    finally:
        shell.close()
    record_property("held", f"{kind.id}: {case}: held by {held}")


def test_the_host_is_as_before(machines: Machines, before: HostState, cases: dict[str, Case], listener: HostListener,
                               secret_process: SecretProcess) -> None:
    """After every machine is gone: release agents and the sysctls the snippets tried unchanged, no process or
    memory left taken, no connection reached the unserved port, nothing of the page's machines left."""
    machines.close()
    after = HostState.now(list(before.sysctls))
    gateway = run_lab().services.gateway
    assert set(before.sysctls) >= {"kernel.core_pattern", "vm.swappiness"}, f"sysctls not found: {before.sysctls}"
    assert secret_process.visible_on_host(), "the secret is not in the host process's environment: the check is void"
    assert listener.answers_on_host(gateway), "the unserved port does not answer on the host: the check is void"
    reached = listener.from_machines({"127.0.0.1", gateway})
    problems = before.changes(after) + ([f"connections from {reached} reached the host's port {listener.port}"]
                                        if reached else [])
    left = [c.name for c in run_lab().client.containers.list(all=True, filters={"name": f"onlab-page-{PAGE}"})]
    problems += [f"container {name} is left" for name in left]
    before.restore(after)  # put back what a snippet changed, so a failure here hurts the host no longer
    assert not problems, "the host changed: " + "; ".join(problems)
