"""The Docker Engines readers have, as Debian packages them: the one list every engine page runs on.

Each engine is a reader's machine of its own Debian suite (a debootstrapped root, cached like every image). Debian's
archive here is a snapshot: forky's Release file carries a ``Valid-Until`` that has passed, so a forky machine could not
run ``apt-get update``. Engine 28.5 therefore runs on a trixie root with forky's ``docker.io``, ``docker-cli`` and
``tini-static`` installed over it (their dependencies are met by trixie), the way Ubuntu 24.04 carries a 28.x
``docker.io`` on an older base.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from docs_tooling.lab.errors import LabError


class UnknownEngine(LabError):  # noqa: N818
    """An engine name that is not in :data:`ENGINES`."""


@dataclass(frozen=True)
class Engine:
    """One Docker Engine of the matrix: ``version`` is what ``docker version`` reports (major.minor)."""

    version: str
    suite: str  # the Debian suite of the reader's machine
    packages: tuple[str, ...]  # Docker's packages from ``suite`` (installed by debootstrap)
    backport_suite: str | None = None  # a newer suite whose Docker packages replace them
    backport_packages: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """``28.5``: used in test ids (``[engine-28.5]``) and by ``--engine``."""
        return self.version

    @property
    def origin(self) -> str:
        if self.backport_suite:
            return f"Debian {self.backport_suite} docker.io on a {self.suite} root"
        return f"Debian {self.suite} docker.io"

    def major_minor(self) -> tuple[int, int]:
        major, minor = self.version.split(".")[:2]
        return int(major), int(minor)


ENGINES: tuple[Engine, ...] = (
    Engine("20.10", "bookworm", ("docker.io",)),
    Engine("26.1", "trixie", ("docker.io", "docker-cli")),
    Engine("28.5", "trixie", ("docker.io", "docker-cli"), backport_suite="forky",
           backport_packages=("docker.io", "docker-cli", "tini-static")),
)


def by_name(name: str) -> Engine:
    for engine in ENGINES:
        if engine.name == name:
            return engine
    raise UnknownEngine(f"unknown engine {name!r}: the engines are {', '.join(e.name for e in ENGINES)}")


def select(names: Iterable[str] | None) -> tuple[Engine, ...]:
    """The engines named (comma-separated lists allowed), in matrix order; all of them for None or empty."""
    wanted = [part.strip() for name in (names or ()) for part in name.split(",") if part.strip()]
    if not wanted:
        return ENGINES
    chosen = {by_name(name) for name in wanted}
    return tuple(engine for engine in ENGINES if engine in chosen)


_RANGE_RE = re.compile(r"^(<=|>=|<|>|==)?\s*(\d+)(?:\.(\d+))?$")


def range_error(spec: str) -> str | None:
    """Why ``spec`` is not an engine range (``>=28``, ``<28``, ``26.1``, ``>=26 <29``), or None."""
    parts = spec.split()
    if not parts:
        return "is empty"
    for part in parts:
        if not _RANGE_RE.match(part):
            return f"has {part!r}, which is not a comparison like >=28, <28.2 or 26.1"
    return None


def in_range(version: str, spec: str) -> bool:
    """Whether engine ``version`` (``28.5``) satisfies every comparison of ``spec`` (``>=26 <29``)."""
    major, minor = (int(x) for x in version.split(".")[:2])
    for part in spec.split():
        m = _RANGE_RE.match(part)
        assert m, f"bad engine range {spec!r}"
        op = m.group(1) or "=="
        want = (int(m.group(2)), int(m.group(3)) if m.group(3) is not None else None)
        have = (major, minor) if want[1] is not None else (major,)
        wanted = want if want[1] is not None else want[:1]
        ok = {"<": have < wanted, "<=": have <= wanted, ">": have > wanted, ">=": have >= wanted, "==": have == wanted}[op]
        if not ok:
            return False
    return True


def describe(spec: str) -> str:
    """``>=28`` -> ``Engine >=28``: for skip reasons and headers."""
    return f"Engine {spec}"
