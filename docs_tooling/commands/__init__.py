"""The ``./dev`` commands, one module each (see :mod:`docs_tooling.cli`)."""
