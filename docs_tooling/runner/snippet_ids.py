"""The ids of snippet items, made and read in one place.

A snippet runs once per engine (pages with a Docker Engine) and once per value set (:func:`lab_values.value_sets`);
the default set keeps the plain id: ``docs/zh/kvm.md::L32``, ``docs/zh/kvm.md::L32[other]``,
``docs/zh/openstack-lab.md::L42[28.5]``, ``docs/zh/openstack-lab.md::L42[28.5-other]``. ``-k other`` picks a set,
``-k 28.5`` an engine. The summary, the time per part and the benchmarks see only reports' ids, so they read them here.
"""

from __future__ import annotations

from dataclasses import dataclass

from docs_tooling.lab.engines import ENGINES
from docs_tooling.project import DOCS_DIR
from docs_tooling.runner.lab_values import DEFAULT


def item_name(line: int, engine: str | None, value_set: str) -> str:
    """``L32``, ``L32[other]``, ``L42[28.5]``, ``L42[28.5-other]``."""
    tags = [tag for tag in (engine, None if value_set == DEFAULT else value_set) if tag]
    return f"L{line}[{'-'.join(tags)}]" if tags else f"L{line}"


@dataclass(frozen=True)
class SnippetId:
    page: str  # below docs/<lang>/, without .md: "kvm"
    line: int
    engine: str | None
    value_set: str

    def describe(self) -> str:
        """``kvm``, ``openstack-lab on Engine 28.5``, ``kvm, values other``."""
        on = f" on Engine {self.engine}" if self.engine else ""
        values = f", values {self.value_set}" if self.value_set != DEFAULT else ""
        return f"{self.page}{on}{values}"


def parse(nodeid: str) -> SnippetId | None:
    """The snippet item an id names, or None for any other test."""
    path, _, name = nodeid.partition("::")
    folder, _, rest = path.partition("/")
    lang, _, page = rest.partition("/")
    line, _, param = name.partition("[")
    if folder != DOCS_DIR or not lang or not page.endswith(".md") or not line.startswith("L") or not line[1:].isdigit():
        return None
    tags = param.removesuffix("]").split("-") if param else []
    engine = tags.pop(0) if tags and tags[0] in {e.name for e in ENGINES} else None
    return SnippetId(page.removesuffix(".md"), int(line[1:]), engine, tags[0] if tags else DEFAULT)
