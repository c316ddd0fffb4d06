"""The one base class of the problems a user fixes, and how ``./dev`` reports them.

Every message starts with where (``docs/zh/kvm.md:12``, a variable's name, or a file), says what is wrong,
then how to fix it, e.g. ``docs/zh/kvm.md:12: snippet metadata: unknown key 'exitt' (did you mean 'exit'?)``.
``./dev`` prints it as one ``error:`` line (a few for a diff) and exits 1, never with a traceback.
"""

from __future__ import annotations


class DocsError(ValueError):
    """A problem in the pages, their metadata, the values or the lab, named by place, with its fix."""


def where(path: str, line: int | None = None) -> str:
    """``path:line`` (or ``path`` alone), the start of every message."""
    return f"{path}:{line}" if line is not None else path
