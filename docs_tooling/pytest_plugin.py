"""pytest plugin: every shell snippet of the site is a test item, run in a real container.

Items are collected from the Chinese pages (the English pages carry the same snippets; a failure
names both): ``docs/zh/openstack-lab.md::L42``. A page runs as one shell session, in order, in a
fresh machine; after a failure the page's later snippets are skipped ("depends on snippet N").
Pages are independent, so ``-n 2 --dist loadfile`` runs two pages at once (a page is one file).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docs_tooling import snippets as snippet_source
from docs_tooling.fences import FenceError
from docs_tooling.output_checks import check_output
from docs_tooling.session import Result, ShellSession, SnippetTimeoutError
from docs_tooling.snippet_meta import MetaError
from macros import variables

ROOT = Path(__file__).resolve().parents[1]
PRIMARY_DIR = ROOT / "docs" / snippet_source.PRIMARY
OUTPUT_TAIL = 25
_snippets_key = pytest.StashKey[list[snippet_source.Snippet]]()
_pages_key = pytest.StashKey[dict[str, Any]]()


class SnippetFailedError(Exception):
    """A snippet did not do what its page says; the message is the whole report."""


def all_snippets(config: pytest.Config) -> list[snippet_source.Snippet]:
    """The site's snippets, rendered with the reader's DOCS_* values if any; one strict build per run."""
    if _snippets_key not in config.stash:
        config.stash[_snippets_key] = snippet_source.collect(ROOT, variables.overrides())
    return config.stash[_snippets_key]


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_pages_key] = {}
    config.pluginmanager.register(SnippetSummary(), "snippet-summary")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".md" and PRIMARY_DIR.resolve() in file_path.resolve().parents:
        return SnippetPage.from_parent(parent, path=file_path)
    return None


class SnippetPage(pytest.File):
    def collect(self) -> Iterator[SnippetItem]:
        page = self.path.resolve().relative_to(PRIMARY_DIR.resolve()).with_suffix("").as_posix()
        try:
            found = all_snippets(self.config)
        except (snippet_source.SnippetError, FenceError, MetaError) as exc:
            raise self.CollectError(str(exc)) from None
        for snippet in found:
            if snippet.page == page:
                item = SnippetItem.from_parent(self, name=f"L{snippet.lines[snippet_source.PRIMARY]}", snippet=snippet)
                item.add_marker(pytest.mark.container)
                yield item


class PageRun:
    """The state of one page's run: its machine, its shell, and the first snippet that failed."""

    def __init__(self, page: str, snippets: list[snippet_source.Snippet]) -> None:
        from docs_tooling.page_machine import start_page_machine  # Docker only when a snippet runs

        self.page = page
        self.failed: snippet_source.Snippet | None = None
        self.machine = start_page_machine(page, snippets)
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


class SnippetItem(pytest.Item):
    def __init__(self, *, snippet: snippet_source.Snippet, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.snippet = snippet

    def _page_run(self) -> PageRun:
        pages = self.config.stash[_pages_key]
        if self.snippet.page not in pages:
            same_page = [s for s in all_snippets(self.config) if s.page == self.snippet.page]
            pages[self.snippet.page] = PageRun(self.snippet.page, same_page)
        return pages[self.snippet.page]

    def runtest(self) -> None:
        s = self.snippet
        reason = s.meta.skip_reason()
        if reason:
            pytest.skip(reason)
        run = self._page_run()
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
            raise SnippetFailedError(self._report(f"did not finish within the timeout of {s.meta.timeout} s (stopped)", str(exc))) from None
        self.add_report_section("call", "snippet output", result.output)  # shown with -rP
        problems = self._problems(result)
        if problems:
            run.failed = s
            raise SnippetFailedError(self._report("; ".join(p.split("\n")[0] for p in problems), result.output, problems))

    def _problems(self, result: Result) -> list[str]:
        meta = self.snippet.meta
        problems = []
        if result.exit not in meta.exit:
            allowed = " or ".join(map(str, meta.exit))
            problems.append(f"exit status {result.exit}, expected {allowed}")
        return problems + check_output(meta, result.output)

    def _report(self, headline: str, output: str, details: list[str] | None = None) -> str:
        s = self.snippet
        tail = "\n".join(output.strip("\n").split("\n")[-OUTPUT_TAIL:])
        lines = [
            f"snippet {s.position} of {s.page}: {headline}",
            f"  page: {s.where_all()}",
            f"  file: {s.file}",
            "  command:",
            *(f"    {line}" for line in s.code.split("\n")),
        ]
        for detail in details or []:
            if "\n" in detail:
                lines += ["  " + line for line in detail.split("\n")]
        lines += [f"  last {OUTPUT_TAIL} lines of output:", *(f"    | {line}" for line in tail.split("\n"))]
        return "\n".join(lines)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, SnippetFailedError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        first = self.snippet.code.split("\n")[0]
        return self.path, self.snippet.lines[snippet_source.PRIMARY] - 1, f"snippet {self.snippet.position}: {first}"


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    if not isinstance(item, SnippetItem):
        return
    if isinstance(nextitem, SnippetItem) and nextitem.snippet.page == item.snippet.page:
        return
    run = item.config.stash[_pages_key].pop(item.snippet.page, None)
    if run is not None:
        run.close()


def pytest_unconfigure(config: pytest.Config) -> None:
    for run in config.stash.get(_pages_key, {}).values():
        run.close()


class SnippetSummary:
    """Counts snippet outcomes from test reports (so it also works with pytest-xdist) and prints them."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not report.nodeid.startswith("docs/") or "::L" not in report.nodeid:
            return
        if report.skipped and report.when in ("setup", "call"):
            reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
            reason = reason.removeprefix("Skipped: ")
            kind = "depends on a failed snippet" if "depends on snippet" in reason else reason.split(":")[0] + ", not run on Linux"
            self.outcomes[f"skipped: {kind}"] += 1
        elif report.when == "call":
            self.outcomes["passed" if report.passed else "failed"] += 1
        elif report.failed:
            self.outcomes["failed"] += 1

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.outcomes:
            return
        from docs_tooling.lab import shared

        terminalreporter.section("snippets")
        for line in shared.describe():
            terminalreporter.write_line(f"stand-in: {line}")
        ran = self.outcomes["passed"] + self.outcomes["failed"]
        terminalreporter.write_line(f"snippets run: {ran}, passed: {self.outcomes['passed']}, failed: {self.outcomes['failed']}")
        for reason, count in sorted(self.outcomes.items()):
            if reason.startswith("skipped"):
                terminalreporter.write_line(f"{reason}: {count}")
