"""Tooling for the OpenStack notes site, in the order a page goes through it.

``build/`` runs inside ``mkdocs build`` (hooks, the fence recorder); ``extract/`` turns the fences readers see
into ``snippets/``; ``runner/`` runs them as pytest items on the reader's machines that ``lab/`` (Docker only)
provides; ``lint/`` checks pages and snippets; ``chores/`` and ``commands/`` are what ``./dev`` does.
``project`` holds the root, languages and pages; ``errors`` the one error class.
"""
