"""The value sets a test run uses (the defaults, one other lab, the reader's own DOCS_*) and the run's lab for them."""

from __future__ import annotations

from docs_tooling.lab.shared_lab import SharedLab, shared_lab
from macros import variables

# A second lab every value-dependent test must pass with (names as in macros/variables.py).
OTHER_VALUES: dict[str, str] = {"host_ip": "10.20.0.5", "subnet": "172.30.0.0/16", "branch": "rocky-eol"}


def as_environ(values: dict[str, str]) -> dict[str, str]:
    """``values`` as the DOCS_* overrides a build or the lab reads."""
    return {f"{variables.ENV_PREFIX}{name.upper()}": value for name, value in values.items()}


def value_sets() -> dict[str, dict[str, str]]:
    """Named sets of DOCS_* overrides every network test runs with."""
    sets = {"default": {}, "other": as_environ(OTHER_VALUES)}
    own = variables.overrides()
    if own and own not in sets.values():
        sets["env"] = own
    return sets


def run_lab() -> SharedLab:
    """The run's lab, its network clear of every subnet these value sets give the pages."""
    return shared_lab([variables.load(environ) for environ in value_sets().values()])
