"""pytest plugin: every shell snippet of the site is a test item, run in a real container.

Items are collected from the Chinese pages (the English pages carry the same snippets; a failure
names both): ``docs/zh/openstack-lab.md::L42``. A page runs as one shell session, in order, in a
fresh machine; after a failure the page's later snippets are skipped ("depends on snippet N").
Pages are independent, so ``-n 2 --dist loadfile`` runs two pages at once (a page is one file); ``./dev test`` does.

A page whose machine runs a Docker Engine (``caps: [engine]``, or chapter 4's LAN) runs once per engine of
:data:`docs_tooling.lab.engines.ENGINES` (``--engine 28.5`` picks some): ``docs/zh/openstack-lab.md::L42[28.5]``.
Before its first snippet, the machine is checked to be as a fresh install leaves it (:class:`StockState` for an engine
machine, :class:`FreshBoot` for a suite machine).

Every page runs once per value set of :func:`docs_tooling.runner.lab_values.value_sets` (``--values other`` picks
some), its snippets from a strict build with that set's DOCS_* values, on machines of its own (a page without a
Docker Engine whose commands are the same under another set runs once: its plain machine takes no value):
``docs/zh/kvm.md::L32`` (the defaults), ``docs/zh/kvm.md::L32[other]``, ``docs/zh/openstack-lab.md::L42[28.5-other]``
(:mod:`docs_tooling.runner.snippet_ids`).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from docs_tooling.errors import DocsError
from docs_tooling.extract import snippets as snippet_source
from docs_tooling.lab import engines
from docs_tooling.lab.errors import LabError
from docs_tooling.project import DOCS_DIR, PRIMARY
from docs_tooling.runner import verified_writer
from docs_tooling.runner.lab_values import DEFAULT, describe, value_sets
from docs_tooling.runner.output_checks import check_output
from docs_tooling.runner.part_times import PartTimes
from docs_tooling.runner.session import Result, ShellSession, SnippetTimeoutError
from docs_tooling.runner.snippet_ids import item_name
from docs_tooling.runner.summary import SnippetSummary

OUTPUT_TAIL = 25
PageKey = tuple[str, str | None, str]  # page, engine, value set: one machine and one shell session each
_snippets_key = pytest.StashKey[dict[str, list[snippet_source.Snippet] | DocsError]]()  # per value set
_pages_key = pytest.StashKey[dict[PageKey, Any]]()  # PageRun or BrokenPage
_engines_key = pytest.StashKey[tuple[engines.Engine, ...]]()
_value_sets_key = pytest.StashKey[dict[str, dict[str, str]]]()
_collect_failed_key = pytest.StashKey[bool]()
_run_stopped_key = pytest.StashKey[str]()  # why a run with xdist workers stopped before its first test


class SnippetFailedError(Exception):
    """A snippet did not do what its page says; the message is the whole report."""


def all_snippets(config: pytest.Config, value_set: str = DEFAULT) -> list[snippet_source.Snippet]:
    """The site's snippets, rendered with the DOCS_* values of ``value_set``; one strict build per set and run
    (a build that failed raises its error again, without building again)."""
    built = config.stash.setdefault(_snippets_key, {})
    if value_set not in built:
        try:
            built[value_set] = snippet_source.collect(config.rootpath, value_sets()[value_set])
        except DocsError as exc:
            built[value_set] = exc
    found = built[value_set]
    if isinstance(found, DocsError):
        raise found
    return found


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--engine", action="append", default=[], metavar="VERSION",
                     help=f"run engine pages on these Docker Engines only ({', '.join(e.name for e in engines.ENGINES)}; "
                          "repeat or separate with commas); default: all")
    parser.addoption("--values", action="append", default=[], metavar="NAME",
                     help="run snippets and the topology with these value sets only (default, other, and env when DOCS_* "
                          "values are exported; repeat or separate with commas); default: all")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_pages_key] = {}
    try:
        config.stash[_engines_key] = engines.select(config.getoption("--engine"))
    except engines.UnknownEngine as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[_value_sets_key] = select_value_sets(config.getoption("--values"))
    config.pluginmanager.register(SnippetSummary(), "snippet-summary")
    config.pluginmanager.register(PartTimes(), "part-times")
    config.pluginmanager.register(verified_writer.VerifiedWriter(), "verified-writer")


DOCKER_MARKERS = ("container", "topology", "sandbox", "setup")  # the tests that need a Docker Engine


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """No Docker Engine for tests that need one: stop the run with one line, before any test fails on its own."""
    if config.option.collectonly or not any(item.get_closest_marker(m) for item in items for m in DOCKER_MARKERS):
        return
    from docs_tooling.lab.engine import ensure_engine

    try:
        ensure_engine(stop_at_exit=not is_xdist_worker(config))  # a worker hands a dockerd it started to the controller
    except LabError as exc:
        message = f"lab: {exc} (the tests that need no Docker: ./dev test -m site)"
        if not is_xdist_worker(config):
            pytest.exit(message, returncode=1)
        config.stash[_run_stopped_key] = message  # every worker finds it: the controller says it once
        items.clear()


def is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker: hand the dockerd it started (if any) to the controller, which stops it after every worker,
    and the reason the run stopped (if it did). On the controller: a stopped run fails."""
    config = session.config
    if is_xdist_worker(config):
        from docs_tooling.lab.engine import hand_over_started_engine

        config.workeroutput["started_engine"] = hand_over_started_engine()  # type: ignore[attr-defined]
        config.workeroutput["run_stopped"] = config.stash.get(_run_stopped_key, None)  # type: ignore[attr-defined]
    elif _run_stopped_key in config.stash:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:  # xdist, on the controller
    output = getattr(node, "workeroutput", {})
    if output.get("started_engine"):
        from docs_tooling.lab.engine import take_over_started_engine

        take_over_started_engine(*output["started_engine"])
    if output.get("run_stopped"):
        node.config.stash[_run_stopped_key] = output["run_stopped"]


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if _run_stopped_key in config.stash and not is_xdist_worker(config):
        terminalreporter.write_line(config.stash[_run_stopped_key], red=True, bold=True)


def selected_engines(config: pytest.Config) -> tuple[engines.Engine, ...]:
    return config.stash[_engines_key]


def select_value_sets(names: list[str]) -> dict[str, dict[str, str]]:
    """The value sets ``--values`` names (all without it), in the order of :func:`value_sets`."""
    known = value_sets()
    wanted = {name.strip() for arg in names for name in arg.split(",") if name.strip()}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise pytest.UsageError(f"--values {', '.join(unknown)}: no such value set; sets of this run: {', '.join(known)}"
                                " (env only when DOCS_* values other than these sets' are exported)")
    return {name: environ for name, environ in known.items() if not wanted or name in wanted}


def selected_value_sets(config: pytest.Config) -> dict[str, dict[str, str]]:
    """Name -> DOCS_* values of each set this run's snippets and topology run with."""
    return config.stash[_value_sets_key]


def primary_dir(config: pytest.Config) -> Path:
    """The pages of the default language, whose snippets are the tests (the site is the one at pytest's root)."""
    return (config.rootpath / DOCS_DIR / PRIMARY).resolve()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".md" and primary_dir(parent.config) in file_path.resolve().parents:
        return SnippetPage.from_parent(parent, path=file_path)
    return None


class SnippetPage(pytest.File):
    def collect(self) -> Iterator[SnippetItem]:
        page = self.path.resolve().relative_to(primary_dir(self.config)).with_suffix("").as_posix()
        sets = selected_value_sets(self.config)
        found: dict[str, list[snippet_source.Snippet]] = {}
        failed: dict[str, DocsError] = {}
        for name in sets:
            try:
                found[name] = all_snippets(self.config, name)
            except DocsError as exc:
                failed[name] = exc
        if failed:
            if self.config.stash.get(_collect_failed_key, False):
                return  # reported once, at the first page: the error is the site's, not this page's
            self.config.stash[_collect_failed_key] = True
            name, error = next(iter(failed.items()))  # the first set's: the others' are most likely the same
            whole_site = name == DEFAULT and len(failed) == len(sets)
            message = str(error) if whole_site else f"with the {name} values ({describe(sets[name])}): {error}"
            raise self.CollectError(f"{message}\n(no page's snippets are collected until this is fixed)")
        from docs_tooling.runner.page_machine import needs_engine

        runs: list[list[snippet_source.Snippet]] = []
        for name, snippets in found.items():
            on_page = [s for s in snippets if s.page == page]
            if not needs_engine(on_page) and on_page in runs:
                continue  # the same commands on the same plain machine (it takes no value): they ran already
            runs.append(on_page)
            versions: list[str | None] = [e.name for e in selected_engines(self.config)] if needs_engine(on_page) else [None]
            for version in versions:
                for snippet in on_page:
                    item = SnippetItem.from_parent(self, name=item_name(snippet.lines[PRIMARY], version, name), snippet=snippet,
                                                   engine=version, value_set=name)
                    item.add_marker(pytest.mark.container)
                    yield item


class PageRun:
    """The state of one page's run: its machine, its shell, and the first snippet that failed."""

    def __init__(self, page: str, snippets: list[snippet_source.Snippet], engine: str | None, value_set: str) -> None:
        from docs_tooling.runner.page_machine import start_page_machine  # Docker only when a snippet runs

        self.page, self.engine = page, engine
        self.failed: snippet_source.Snippet | None = None
        self.machine = start_page_machine(page, snippets, engines.by_name(engine) if engine else None, value_set=value_set)
        try:
            self.systems = self.machine.systems()  # what ran, for verified.json (docs_tooling/runner/verified_writer.py)
        except BaseException:
            self.machine.stop()
            raise
        self.stock = self.machine.stock()
        self.not_stock = self.stock.problems() if self.stock is not None else []
        self.engine_version = getattr(self.stock, "server_version", "")  # the engine machines' StockState has it
        self.shell = self.machine.shell()
        self.client: ShellSession | None = None

    def shell_for(self, snippet: snippet_source.Snippet) -> ShellSession:
        """The reader's shell, or for ``runs: client`` the shell of the LAN's other machine (opened once)."""
        if snippet.meta.runs != "client":
            return self.shell
        if self.client is None:
            self.client = self.machine.client_shell()
        return self.client

    def close(self) -> None:
        try:
            for shell in (self.shell, self.client):
                if shell is not None:
                    shell.close()
        finally:
            self.machine.stop()


class BrokenPage:
    """A page whose machine could not be set up: its first snippet reported why; the others are skipped."""

    def __init__(self, first: snippet_source.Snippet, reason: str) -> None:
        self.first, self.reason = first, reason

    def close(self) -> None:
        pass


class SnippetItem(pytest.Item):
    def __init__(self, *, snippet: snippet_source.Snippet, engine: str | None = None, value_set: str = DEFAULT,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.snippet, self.engine, self.value_set = snippet, engine, value_set
        self.meta = snippet.meta.for_engine(engine)

    @property
    def key(self) -> PageKey:
        return self.snippet.page, self.engine, self.value_set

    @property
    def where_run(self) -> str:
        """`` on Engine 28.5 with the other values``: what the page ran on, for messages (nothing for the defaults)."""
        on = f" on Engine {self.engine}" if self.engine else ""
        return on + (f" with the {self.value_set} values" if self.value_set != DEFAULT else "")

    def values_lines(self) -> list[str]:
        """The value set with its DOCS_* values, and the command that runs this page again with them alone."""
        environ = selected_value_sets(self.config)[self.value_set]
        engine = f" --engine {self.engine}" if self.engine else ""
        again = " ".join(filter(None, [describe(environ) if environ else "", f"./dev test-page {self.snippet.page}{engine}",
                                       f"--values {self.value_set}"]))
        return [f"  values: {self.value_set} ({describe(environ)})", f"  again: {again}"]

    def _page_run(self) -> PageRun | BrokenPage:
        pages = self.config.stash[_pages_key]
        if self.key not in pages:
            same_page = [s for s in all_snippets(self.config, self.value_set) if s.page == self.snippet.page]
            try:
                run = PageRun(self.snippet.page, same_page, self.engine, self.value_set)
            except LabError as exc:
                pages[self.key] = BrokenPage(self.snippet, str(exc))
                raise SnippetFailedError(f"the reader's machine of {self.snippet.page}{self.where_run} could not be set up: "
                                         f"{exc}\n" + "\n".join(self.values_lines())) from None
            pages[self.key] = run
            if run.engine_version:
                self.user_properties.append(("engine_version", f"{self.snippet.page}: Engine {run.engine_version}"))
            self.user_properties.append(verified_writer.machine_property(run.engine_version or None, run.systems))
        return pages[self.key]

    def runtest(self) -> None:
        s = self.snippet
        reason = s.meta.skip_reason() or (s.meta.engine_skip_reason(self.engine) if self.engine else None)
        if reason:
            pytest.skip(reason)
        run = self._page_run()
        if isinstance(run, BrokenPage):
            pytest.skip(f"depends on the page's machine, which could not be set up (see snippet {run.first.position}, "
                        f"{run.first.where()})")
        if run.not_stock:
            run.failed = run.failed or s
            raise SnippetFailedError(f"the reader's machine of {s.page}{self.where_run} is not as a fresh install "
                                     "leaves it, so its snippets would prove nothing: " + "; ".join(run.not_stock) + "\n"
                                     + "\n".join(self.values_lines()))
        if run.failed is not None:
            pytest.skip(f"depends on snippet {run.failed.position} ({run.failed.where_all()}), which failed")
        try:
            shell = run.shell_for(s)
            if s.meta.interactive:
                result = shell.open_shell(s.code, s.meta.timeout)
            else:
                result = shell.run(s.code, s.meta.timeout, may_leave_shell=s.meta.runs == "lab")
        except SnippetTimeoutError as exc:
            run.failed = s
            raise SnippetFailedError(self._report(f"did not finish within the timeout of {s.meta.timeout} s (stopped)", str(exc),
                                                  diagnosis=self._diagnose(run))) from None
        self.add_report_section("call", "snippet output", result.output)  # shown with -rP
        problems = self._problems(result)
        if problems:
            run.failed = s
            raise SnippetFailedError(self._report("; ".join(p.split("\n")[0] for p in problems), result.output, problems,
                                                  diagnosis=self._diagnose(run)))

    def _diagnose(self, run: PageRun) -> list[str]:
        """The report's lines for ``diagnose``: the later snippet the page reads a failure with, run now, and its output."""
        if not self.meta.diagnose:
            return []
        target = next(t for t in all_snippets(self.config, self.value_set)
                      if t.page == self.snippet.page and t.meta.id == self.meta.diagnose)
        shell = run.shell_for(target)
        head = f"  why, as the page finds out (snippet {target.position}, {target.where_all()}):"
        if not shell.child.isalive():
            return [head, "    (not run: the shell did not survive the failure)"]
        try:
            result = shell.run(target.code, target.meta.timeout)
            output, status = result.output, f"exit status {result.exit}"
        except SnippetTimeoutError as exc:
            output, status = str(exc), f"stopped after {target.meta.timeout} s"
        tail = output.strip("\n").split("\n")[-OUTPUT_TAIL:]
        return [head, *(f"    $ {line}" for line in target.code.split("\n")), f"    ({status}; last {OUTPUT_TAIL} lines:)",
                *(f"    | {line}" for line in tail)]

    def _problems(self, result: Result) -> list[str]:
        meta = self.meta
        problems = []
        if result.exit not in meta.exit:
            allowed = " or ".join(map(str, meta.exit))
            problems.append(f"exit status {result.exit}, expected {allowed}")
        return problems + check_output(meta, result.output)

    def _report(self, headline: str, output: str, details: list[str] | None = None,
                diagnosis: list[str] | None = None) -> str:
        s = self.snippet
        tail = "\n".join(output.strip("\n").split("\n")[-OUTPUT_TAIL:])
        lines = [
            f"snippet {s.position} of {s.page}{self.where_run}: {headline}",
            f"  page: {s.where_all()}",
            f"  file: {s.file}",
            *self.values_lines(),
            "  command:",
            *(f"    {line}" for line in s.code.split("\n")),
        ]
        for detail in details or []:
            if "\n" in detail:
                lines += ["  " + line for line in detail.split("\n")]
        lines += [f"  last {OUTPUT_TAIL} lines of output:", *(f"    | {line}" for line in tail.split("\n"))]
        return "\n".join(lines + (diagnosis or []))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, SnippetFailedError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        first = self.snippet.code.split("\n")[0]
        return self.path, self.snippet.lines[PRIMARY] - 1, f"snippet {self.snippet.position}: {first}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A lab that cannot be set up is reported by its message (what failed, how to fix it), not a traceback."""
    report = yield
    if call.excinfo is not None and report.failed and isinstance(call.excinfo.value, LabError):
        report.longrepr = f"lab: {call.excinfo.value}"
    return report


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    if not isinstance(item, SnippetItem):
        return
    if isinstance(nextitem, SnippetItem) and nextitem.key == item.key:
        return
    run = item.config.stash[_pages_key].pop(item.key, None)
    if run is not None:
        run.close()


def pytest_unconfigure(config: pytest.Config) -> None:
    for run in config.stash.get(_pages_key, {}).values():
        run.close()
