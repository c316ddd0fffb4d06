"""Snippet metadata: the YAML in a ``<!-- snippet ... -->`` comment right above a shell fence."""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from docs_tooling.errors import DocsError
from docs_tooling.lab.engines import in_range, range_error
from docs_tooling.lab.outside_names import BLOCKABLE
from docs_tooling.lab.suites import NAMES as SUITE_NAMES
from docs_tooling.lab.suites import SUITES

SHELL_LANGS = {"bash", "sh", "shell", "console", "zsh"}
WINDOWS_LANGS = {"cmd", "bat", "batch", "powershell", "ps1", "pwsh", "doscon", "ps"}
RUNS = ("reader", "lab", "client", "windows", "macos")
NOT_ON_LINUX = ("windows", "macos")
DEFAULT_TIMEOUT = 60
OUTPUT_CHECKS = ("same", "contains", "regex", "elided")
ALLOWED = {
    "id": "a short name other snippets refer to",
    "runs": "where it runs: reader (default), lab (the interactive shell opened earlier), client (another machine"
    " of the reader's LAN), windows/macos (not run)",
    "interactive": "true when the command opens an interactive shell that `runs: lab` snippets type into",
    "equivalent": "for windows/macos snippets: the id of the Linux snippet on the same page that is run instead",
    "diagnose": "the id of a later snippet on the same page that shows why this one failed (a service's log): after a"
    " failure the runner runs it too and adds its output to the report",
    "exit": "expected exit status, or a list of allowed ones",
    "same": "the exact expected output",
    "contains": "text (or a list of texts) the output must contain",
    "regex": "a Python regular expression searched in the output",
    "elided": "the expected output, a line `...` standing for any lines",
    "answers": "hardware-dependent output: a list of regexes, one of which must be found in the output (re.search)",
    "timeout": f"seconds before the snippet is stopped (default {DEFAULT_TIMEOUT})",
    "skip": "why a windows/macos snippet is not run (a default reason is given)",
    "caps": "Linux capabilities the page's machine is granted (e.g. [NET_ADMIN]); `engine` grants what a Docker Engine needs",
    "suite": "the page's machine is a fresh install of this Debian suite without Docker ("
    + ", ".join(f"{suite}: {SUITE_NAMES[suite]}" for suite in SUITES)
    + "), whose root holds every capability inside the machine's own user namespace; for the whole page",
    "blocked": "outside services the page's machine cannot reach, as in mainland China: "
    + ", ".join(f"{key} ({what})" for key, what in BLOCKABLE.items()),
    "engines": "the Docker Engines the step is for, as a range (`>=28`, `<28`, `>=26 <29`); on the others it is not run",
    "by_engine": "output that differs between engines: a map of engine range to checks (exit, same, contains, regex, elided,"
    " answers), each replacing the snippet's own check of that name on the engines in its range",
}
ENGINE_CHECKS = ("exit", *OUTPUT_CHECKS, "answers")
CAP_RE = re.compile(r"^(engine|[A-Z][A-Z_]+)$")


class MetaError(DocsError):
    """Bad snippet metadata, named by file and line."""


@dataclass(frozen=True)
class SnippetMeta:
    id: str | None = None
    runs: str = "reader"
    interactive: bool = False
    equivalent: str | None = None
    diagnose: str | None = None
    exit: tuple[int, ...] = (0,)
    same: str | None = None
    contains: tuple[str, ...] = ()
    regex: str | None = None
    elided: str | None = None
    answers: tuple[str, ...] = ()
    timeout: int = DEFAULT_TIMEOUT
    skip: str | None = None
    caps: tuple[str, ...] = ()
    blocked: tuple[str, ...] = ()
    suite: str | None = None
    engines: str | None = None
    by_engine: tuple[tuple[str, tuple[str, ...], SnippetMeta], ...] = ()  # (range, keys given, their checks)

    @property
    def runs_on_linux(self) -> bool:
        return self.runs not in NOT_ON_LINUX

    def engine_skip_reason(self, version: str) -> str | None:
        """Why the snippet is not run on engine ``version`` (outside its ``engines`` range), or None."""
        if self.engines and not in_range(version, self.engines):
            return f"Engine {version}: this step is for Engine {self.engines} only"
        return None

    def for_engine(self, version: str | None) -> SnippetMeta:
        """The metadata whose checks hold on engine ``version``: ``by_engine`` entries of its range applied."""
        meta = self
        for spec, keys, checks in self.by_engine if version else ():
            if in_range(version, spec):
                meta = dataclasses.replace(meta, **{key: getattr(checks, key) for key in keys})
        return meta

    def skip_reason(self) -> str | None:
        if self.runs_on_linux:
            return None
        system = {"windows": "Windows", "macos": "macOS"}[self.runs]
        return self.skip or f"{system} command: cannot run on Linux; its Linux equivalent '{self.equivalent}' is run instead"

    def describe(self) -> str:
        """One line for snippet file headers and reports."""
        where = {
            "reader": "on the reader's Linux machine as user reader (sudo allowed)",
            "lab": "typed into the interactive container shell opened earlier on the page",
            "client": "on another Linux machine of the reader's LAN, as user reader (sudo allowed)",
        }.get(self.runs)
        if where is None:
            return self.skip_reason() or ""
        parts = [f"runs {where}"]
        if self.runs_on_linux:
            parts.append("exit " + "/".join(map(str, self.exit)))
            parts.append(f"timeout {self.timeout}s")
            checks = [name for name in OUTPUT_CHECKS if getattr(self, name)] + (["answers"] if self.answers else [])
            if checks:
                parts.append("output checked: " + ", ".join(checks))
            if self.interactive:
                parts.append("interactive")
            if self.engines:
                parts.append(f"only on Engine {self.engines}")
            if self.by_engine:
                parts.append("output per engine: " + ", ".join(spec for spec, _, _ in self.by_engine))
        return "; ".join(parts)


def _fail(path: str, line: int, message: str) -> MetaError:
    return MetaError(f"{path}:{line}: snippet metadata: {message}")


def _key_line(text: str, key: str, first_line: int) -> int:
    for offset, line in enumerate(text.split("\n")):
        if re.match(rf"^\s*{re.escape(str(key))}\s*:", line):
            return first_line + offset
    return first_line


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def parse_meta(text: str | None, path: str, line: int, lang: str = "bash") -> SnippetMeta:
    """Validate the metadata of one fence (``text`` None: no comment, all defaults)."""
    windows_fence = lang in WINDOWS_LANGS
    if not text or not text.strip():
        if windows_fence:
            raise _fail(path, line, f"a {lang} fence is a Windows command: put `<!-- snippet equivalent: <id> -->` above it, "
                        "naming the Linux snippet on the same page that is run instead")
        return SnippetMeta()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = line + (mark.line if mark else 0)
        raise _fail(path, at, f"not valid YAML ({getattr(exc, 'problem', exc)}); write `key: value` lines") from None
    if not isinstance(data, dict):
        raise _fail(path, line, "expected `key: value` lines, e.g. `exit: 1`")
    for key in data:
        if key not in ALLOWED:
            close = difflib.get_close_matches(str(key), ALLOWED, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise _fail(path, _key_line(text, key, line), f"unknown key '{key}'{hint}; allowed keys: {', '.join(ALLOWED)}")

    def bad(key: str, rule: str) -> MetaError:
        return _fail(path, _key_line(text, key, line), f"'{key}: {data[key]}' {rule}")

    runs = data.get("runs", "windows" if windows_fence else "reader")
    if runs not in RUNS:
        raise bad("runs", f"must be one of {', '.join(RUNS)}")
    if windows_fence and runs != "windows":
        raise bad("runs", f"a {lang} fence is a Windows command: use `runs: windows`")
    exits = _as_list(data.get("exit", 0))
    if not all(isinstance(e, int) and not isinstance(e, bool) and 0 <= e <= 255 for e in exits):
        raise bad("exit", "must be a whole number 0-255 or a list of them")
    timeout = data.get("timeout", DEFAULT_TIMEOUT)
    if not isinstance(timeout, int) or isinstance(timeout, bool) or not 1 <= timeout <= 3600:
        raise bad("timeout", "must be a whole number of seconds from 1 to 3600")
    for key in ("id", "equivalent", "diagnose", "same", "regex", "elided", "skip"):
        if key in data and not isinstance(data[key], str):
            raise bad(key, "must be text")
    if "interactive" in data and not isinstance(data["interactive"], bool):
        raise bad("interactive", "must be true or false")
    contains = _as_list(data.get("contains", []))
    answers = _as_list(data.get("answers", []))
    for key, items in (("contains", contains), ("answers", answers)):
        if not all(isinstance(item, (str, int)) for item in items):
            raise bad(key, "must be text or a list of texts")
    for key, patterns in (("regex", [data.get("regex")]), ("answers", answers)):
        for pattern in patterns:
            if pattern is None:
                continue
            try:
                re.compile(str(pattern))
            except re.error as exc:
                raise bad(key, f"is not a valid regular expression: {exc}") from None
    caps = _as_list(data.get("caps", []))
    if not all(isinstance(cap, str) and CAP_RE.match(cap) for cap in caps):
        raise bad("caps", "must be a list of capability names like NET_ADMIN, or `engine`")
    blocked = _as_list(data.get("blocked", []))
    if not all(item in BLOCKABLE for item in blocked):
        raise bad("blocked", f"must be a list of {', '.join(BLOCKABLE)}")
    if runs in NOT_ON_LINUX and not data.get("equivalent"):
        raise _fail(path, line, f"a {runs} snippet needs `equivalent: <id>` naming the Linux snippet that is run instead")
    if "skip" in data and runs not in NOT_ON_LINUX:
        raise bad("skip", "is only for windows/macos snippets: every Linux command runs")
    suite = data.get("suite")
    if suite is not None and suite not in SUITES:
        raise bad("suite", f"must be one of {', '.join(SUITES)} (the Debian suites the lab builds machines of)")
    engines = data.get("engines")
    if engines is not None and (not isinstance(engines, str) or range_error(engines)):
        raise bad("engines", f"must be an engine range like '>=28' or '>=26 <29' ({range_error(str(engines)) or 'not text'})")
    by_engine = []
    if "by_engine" in data:
        if not isinstance(data["by_engine"], dict) or not data["by_engine"]:
            raise bad("by_engine", "must map engine ranges to checks, e.g. `by_engine: {'>=28': {contains: DOCKER-FORWARD}}`")
        at = _key_line(text, "by_engine", line)
        for spec, checks in data["by_engine"].items():
            problem = range_error(str(spec))
            if problem:
                raise _fail(path, at, f"by_engine: {spec!r} {problem}")
            if not isinstance(checks, dict) or not checks or set(checks) - set(ENGINE_CHECKS):
                raise _fail(path, at, f"by_engine: {spec!r} must map to checks among {', '.join(ENGINE_CHECKS)}")
            by_engine.append((str(spec), tuple(checks), parse_meta(yaml.safe_dump(checks), path, at, lang)))
    return SnippetMeta(
        id=data.get("id"),
        runs=runs,
        interactive=bool(data.get("interactive", False)),
        equivalent=data.get("equivalent"),
        diagnose=data.get("diagnose"),
        exit=tuple(exits),
        same=data.get("same"),
        contains=tuple(str(c) for c in contains),
        regex=data.get("regex"),
        elided=data.get("elided"),
        answers=tuple(str(a) for a in answers),
        timeout=timeout,
        skip=data.get("skip"),
        caps=tuple(caps),
        blocked=tuple(blocked),
        suite=suite,
        engines=engines,
        by_engine=tuple(by_engine),
    )
