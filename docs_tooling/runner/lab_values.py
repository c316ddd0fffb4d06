"""The value sets a test run uses (the defaults, one other lab, the reader's own DOCS_*) and the run's lab for them."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from macros import variables

if TYPE_CHECKING:
    from docs_tooling.lab.shared_lab import SharedLab

DEFAULT, OTHER, ENV = "default", "other", "env"  # the names of the value sets (test ids: ``L32[other]``)
# A second lab every value-dependent test must pass with (names as in macros/variables.py).
OTHER_VALUES: dict[str, str] = {"host_ip": "10.20.0.5", "subnet": "172.30.0.0/16", "branch": "rocky-eol"}


def as_environ(values: dict[str, str]) -> dict[str, str]:
    """``values`` as the DOCS_* overrides a build or the lab reads."""
    return {f"{variables.ENV_PREFIX}{name.upper()}": value for name, value in values.items()}


def value_sets() -> dict[str, dict[str, str]]:
    """Named sets of DOCS_* overrides every value-dependent test (snippets, topology) runs with."""
    sets = {DEFAULT: {}, OTHER: as_environ(OTHER_VALUES)}
    own = variables.overrides()
    if own and own not in sets.values():
        sets[ENV] = own
    return sets


def describe(environ: dict[str, str]) -> str:
    """``DOCS_HOST_IP=10.20.0.5 DOCS_SUBNET=...`` (as a shell would take them), or that the defaults apply."""
    return " ".join(f"{name}={shlex.quote(value)}" for name, value in environ.items()) or "no DOCS_* value: the defaults"


def run_lab() -> SharedLab:
    """The run's lab, its network clear of every subnet these value sets give the pages."""
    from docs_tooling.lab.shared_lab import shared_lab  # Docker only when a lab is needed

    return shared_lab([variables.load(environ) for environ in value_sets().values()])
