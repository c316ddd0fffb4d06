"""The machines a page's snippets run on, chosen from what the page's metadata asks for.

- A page with ``runs: client`` snippets gets chapter 4's network: a LAN, the reader's machine at
  ``host_ip`` with its own Docker Engine, and a second machine at ``client_ip``
  (:class:`docs_tooling.lab.topology.Topology`).
- A page granting ``caps: [engine]`` gets a reader's machine with its own Docker Engine
  (:class:`docs_tooling.lab.nested_engine.NestedEngine`), its bridge on the page's ``subnet``.
- A page naming a ``suite`` gets a fresh install of that suite without Docker, its root holding every capability in
  a user namespace of its own (:class:`docs_tooling.lab.suite_machine.SuiteMachine`).
- Any other page gets a plain reader's machine: every capability dropped but those sudo and apt
  need to work at all, plus what the metadata grants.
All are on the run's internal network (no route out; apt through the proxy), with memory and process
limits, and removed when the page is done. A page runs once per value set (:func:`lab_values.value_sets`): each run
gets machines of its own, named after the set unless it is the defaults, on the set's ``host_ip``, ``subnet``, ...
"""

from __future__ import annotations

import contextlib
import shlex
import time

import docker.errors

from docs_tooling.extract.snippets import Snippet
from docs_tooling.lab import labels
from docs_tooling.lab.engines import Engine
from docs_tooling.lab.errors import ServiceError
from docs_tooling.lab.namespaced_machine import tar_archive
from docs_tooling.lab.nested_engine import NestedEngine, StockState
from docs_tooling.lab.suite_machine import FreshBoot, SuiteMachine
from docs_tooling.lab.topology import SUDO_AND_APT_CAPS, Topology
from docs_tooling.runner.lab_values import DEFAULT, run_lab, value_sets
from docs_tooling.runner.session import ShellSession
from macros import variables

MEMORY, PIDS = "2g", 2048
OS_RELEASE = "/etc/os-release"  # what each machine is, for the "verified on" record (docs_tooling/runner/verified_record.py)


class PlainMachine:
    """A reader's Debian machine without a Docker Engine."""

    def __init__(self, name: str, caps: set[str], blocked: frozenset[str] = frozenset()) -> None:
        """``name``: the page's, ``/`` replaced (and its value set's, unless the defaults)."""
        current = run_lab()
        services = current.services
        self.name = f"onlab-page-{name}-{services.run_id}"
        self.container = current.client.containers.create(
            current.reader_image, ["sleep", "infinity"], name=self.name, hostname="reader", init=True,
            labels=labels.labels_for(services.run_id), cap_drop=["ALL"], cap_add=sorted(set(SUDO_AND_APT_CAPS) | caps),
            mem_limit=MEMORY, pids_limit=PIDS, network=services.network_name, extra_hosts=services.hosts, detach=True,
        )
        try:
            files = services.machine_files(blocked)
            self.container.put_archive("/", tar_archive({path: (text, 0o644) for path, text in files.items()}))
            self.container.start()
            if services.ca_certificate:
                code, out = self.container.exec_run(["update-ca-certificates"], user="root")
                if code:
                    raise ServiceError(f"machine {self.name}: update-ca-certificates failed: {out.decode(errors='replace')}")
        except BaseException:
            self.close()
            raise

    def shell_argv(self) -> list[str]:
        return ["docker", "exec", "-it", "-u", "reader", "-w", "/home/reader", self.name, "bash", "-l"]

    def os_release(self) -> tuple[int, str]:
        result = self.container.exec_run(["cat", OS_RELEASE])
        return result.exit_code, result.output.decode("utf-8", "replace")

    def close(self) -> None:
        with contextlib.suppress(docker.errors.NotFound):
            self.container.remove(force=True, v=True)


class PageMachine:
    """The machine(s) of one page; :meth:`shell` and :meth:`client_shell` open the sessions snippets are typed into."""

    def __init__(self, page: str, snippets: list[Snippet], engine: Engine | None = None, value_set: str | None = None) -> None:
        """``value_set`` names a set of :func:`value_sets`; without it, the values the caller's DOCS_* give."""
        started = time.monotonic()
        self.page = page
        caps = {cap for s in snippets for cap in s.meta.caps}
        blocked = frozenset(b for s in snippets for b in s.meta.blocked)
        self.values = variables.load(value_sets()[value_set] if value_set else variables.overrides())
        name = page.replace("/", "-") + (f"-{value_set}" if value_set not in (None, DEFAULT) else "")
        self.topology: Topology | None = None
        self.engine: NestedEngine | None = None
        self.plain: PlainMachine | None = None
        self.suite_machine: SuiteMachine | None = None
        suite = next((s.meta.suite for s in snippets if s.meta.suite), None)
        self._stack = contextlib.ExitStack()  # the topology, once entered
        current = run_lab()
        if needs_engine(snippets) and engine is None:
            raise ServiceError(f"page {page} runs a Docker Engine: say which one (an engine of docs_tooling.lab.engines)")
        if any(s.meta.runs == "client" for s in snippets):
            assert engine is not None
            self.topology = self._stack.enter_context(
                Topology(current.services, self.values, current.reader_image, current.machine_image(engine),
                         engine, name=f"{name}-{engine.name}"))
            what = (f"LAN {self.values['lan']}: Docker host {self.values['host_ip']} (Engine {engine.name}), "
                    f"client {self.values['client_ip']}")
        elif "engine" in caps:
            assert engine is not None
            bip = f"{self.values['gateway']}/{self.values['prefix']}"
            self.engine = NestedEngine(current.services, current.machine_image(engine), engine,
                                       name=f"onlab-page-{name}-{engine.name}-{current.services.run_id}", bip=bip,
                                       blocked=blocked)
            what = f"reader's machine with Docker Engine {engine.name} (bridge {bip})"
            if blocked:
                what += f", cut off from {', '.join(sorted(blocked))}"
        elif suite is not None:
            self.suite_machine = SuiteMachine(current.services, current.suite_machine_image(suite), suite,
                                              name=f"onlab-page-{name}-{current.services.run_id}", blocked=blocked)
            what = f"reader's {self.suite_machine.what} machine (root in a user namespace of its own)"
        else:
            self.plain = PlainMachine(name, caps - {"engine"}, blocked)
            what = "reader's machine"
        self.description = f"{what}, up in {time.monotonic() - started:.1f} s"

    def systems(self) -> list[str]:
        """The system of each of the page's machines, as its ``/etc/os-release`` names it (``PRETTY_NAME``)."""
        if self.topology is not None:
            reads = [("Docker host", self.topology.host_exec(f"cat {OS_RELEASE}")),
                     ("client", self.topology.client_exec(f"cat {OS_RELEASE}"))]
        elif self.engine is not None or self.suite_machine is not None:
            machine = self.engine or self.suite_machine
            assert machine is not None
            reads = [("machine", machine.exec(f"cat {OS_RELEASE}", user="root"))]
        else:
            assert self.plain is not None
            reads = [("machine", self.plain.os_release())]
        return [system_name(f"page {self.page}: {which}", *read) for which, read in reads]

    def docker_host(self) -> NestedEngine | None:
        """The machine with the Docker Engine (the page's own, or the LAN's Docker host), if any."""
        if self.topology is not None:
            return self.topology.engine
        return self.engine

    def stock(self) -> StockState | FreshBoot | None:
        """What the machine looked like before the first snippet (None for the plain machine, which takes no state)."""
        host = self.docker_host()
        if host is not None:
            return host.stock
        return self.suite_machine.stock if self.suite_machine is not None else None

    def shell(self) -> ShellSession:
        if self.topology is not None:
            return ShellSession(self.topology.host_shell_argv())
        if self.engine is not None:
            return ShellSession(shlex.split(self.engine.shell_command()))
        if self.suite_machine is not None:
            return ShellSession(shlex.split(self.suite_machine.shell_command()))
        assert self.plain is not None
        return ShellSession(self.plain.shell_argv())

    def client_shell(self) -> ShellSession:
        if self.topology is None:
            raise ServiceError(f"page {self.page}: a `runs: client` snippet needs the LAN, which this page did not get")
        return ShellSession(self.topology.client_shell_argv())

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._stack.close()
        for part in (self.engine, self.plain, self.suite_machine):
            if part is not None:
                with contextlib.suppress(Exception):
                    part.close()


def system_name(machine: str, exit_code: int, os_release: str) -> str:
    """``PRETTY_NAME`` of an ``/etc/os-release`` (``Debian GNU/Linux 12 (bookworm)``); raises ServiceError without one."""
    for line in os_release.splitlines() if exit_code == 0 else ():
        name, _, value = line.partition("=")
        if name.strip() == "PRETTY_NAME" and value.strip():
            return shlex.split(value)[0] if value.strip()[0] in "'\"" else value.strip()
    raise ServiceError(f"{machine}: {OS_RELEASE} names no system (PRETTY_NAME): {os_release.strip()[-300:]!r}")


def needs_engine(snippets: list[Snippet]) -> bool:
    """Whether a page's machine runs a Docker Engine (``caps: [engine]``, or chapter 4's LAN): it runs on each engine."""
    return any(s.meta.runs == "client" or "engine" in s.meta.caps for s in snippets)


def start_page_machine(page: str, snippets: list[Snippet], engine: Engine | None = None,
                       value_set: str | None = None) -> PageMachine:
    return PageMachine(page, snippets, engine, value_set)
