"""Exceptions of the lab: each carries one message naming what is missing and how to fix it."""

from __future__ import annotations

from docs_tooling.errors import DocsError


class LabError(DocsError, RuntimeError):
    """Base class: the lab could not be set up; ``str(error)`` says why and what to do."""


class EngineUnavailable(LabError):  # noqa: N818 (name asked for by the snippet runner)
    """No Docker Engine answers and none could be installed or started."""


class MirrorNotFound(LabError):  # noqa: N818
    """The host's apt sources name no Debian mirror the lab can use."""


class ImageBuildError(LabError):
    """A root filesystem could not be built or imported."""


class ServiceError(LabError):
    """A lab service (apt proxy, registry, git fixture, nested engine) did not start."""
