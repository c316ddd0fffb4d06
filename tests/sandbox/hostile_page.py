"""Read ``hostile.md``: one :class:`Case` per section, with its checks and what contains it on each kind of machine."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from docs_tooling.extract import scan
from docs_tooling.extract.snippet_meta import SnippetMeta, parse_meta

PAGE = Path(__file__).with_name("hostile.md")
WHERE = str(PAGE.relative_to(PAGE.parents[2]))
KINDS = ("plain", "engine", "suite")
HEADING_RE = re.compile(r"^## (\S+)\s*$", re.MULTILINE)


class PageError(ValueError):
    """The page is malformed; the message names file and line."""


@dataclass(frozen=True)
class Case:
    name: str  # the section's heading
    line: int  # of the fence, in hostile.md
    code: str
    stopped: bool  # must still run at its timeout (then it is stopped)
    needs: str | None  # a host path without which the snippet has nothing to attack
    checks: dict[str, tuple[SnippetMeta, str]]  # kind -> (checks, what holds it)


def render(values: dict[str, Any] | None) -> str:
    """The page with ``values`` in its ``{{ }}``; with None, every value left empty (the cases' structure only)."""
    undefined = jinja2.StrictUndefined if values is not None else jinja2.Undefined
    try:
        return jinja2.Environment(undefined=undefined).from_string(PAGE.read_text()).render(values or {})
    except jinja2.TemplateSyntaxError as exc:
        raise PageError(f"{WHERE}:{exc.lineno}: {exc.message} (a literal brace pair needs {{% raw %}})") from None
    except jinja2.UndefinedError as exc:
        raise PageError(f"{WHERE}: {exc.message}: the test gives no such value") from None


def load(values: dict[str, Any] | None = None) -> list[Case]:
    text = render(values)
    where = WHERE
    headings = [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in HEADING_RE.finditer(text)]
    cases = []
    for fence in scan.scan_text(where, text, scan.converter(), every_language=True).fences:
        names = [name for line, name in headings if line < fence.line]
        if not names or fence.meta is None:
            raise PageError(f"{where}:{fence.line}: each fence belongs to a `## name` section and has a snippet comment")
        try:
            data = yaml.safe_load(fence.meta) or {}
        except yaml.YAMLError as exc:
            raise PageError(f"{where}:{fence.meta_line}: the snippet comment is not YAML: {str(exc).splitlines()[0]}") from None
        stopped, needs = bool(data.pop("stopped", False)), data.pop("needs", None)
        common = {key: value for key, value in data.items() if key not in KINDS}
        checks = {}
        for kind in KINDS:
            if kind not in data:
                continue
            block = dict(data[kind])
            held = block.pop("held", None)
            if not held:
                raise PageError(f"{where}:{fence.meta_line}: `{kind}:` needs `held:`, what contains the snippet there")
            checks[kind] = (parse_meta(yaml.safe_dump({**common, **block}), where, fence.meta_line or fence.line), held)
        if not checks:
            raise PageError(f"{where}:{fence.meta_line}: say for which machines (`plain:`, `engine:`, `suite:`) the snippet runs")
        cases.append(Case(names[-1], fence.line, fence.code, stopped, needs, checks))
    return cases
