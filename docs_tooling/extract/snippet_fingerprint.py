"""The fingerprint of a page's commands: what the "verified on" record (``verified.json``) says it tested.

A snippet's *shape* is its language, its code and its metadata comment (its output checks, exit status, ...) as the
page shows them, with every reader's value written as ``{{ name }}`` (the build's value marks,
:mod:`docs_tooling.build.value_marks`): the same in both languages and under every value set, and blind to the
page's prose and line numbers. A page's fingerprint hashes the shapes of its snippets that the suite runs (not the
``runs: windows`` / ``macos`` ones), in page order. The runner computes it from the snippets it ran, the build from
the page it renders: both through :func:`fingerprint`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from docs_tooling.build.value_marks import with_names
from docs_tooling.extract.snippet_meta import SnippetMeta

ALGORITHM = "sha256"


def shape(lang: str, code: str, meta: str | None) -> str:
    """One snippet's shape, from its code and metadata text as rendered with value marks."""
    return json.dumps([lang, with_names(code).strip(), with_names(meta or "").strip()], ensure_ascii=False)


def fingerprint(snippets: Iterable[tuple[str, SnippetMeta]]) -> str:
    """``sha256:<hex>`` of the shapes of the snippets that run (``(shape, metadata)`` pairs in page order)."""
    digest = hashlib.new(ALGORITHM)
    for snippet_shape, meta in snippets:
        if meta.runs_on_linux:
            digest.update(snippet_shape.encode("utf-8") + b"\n")
    return f"{ALGORITHM}:{digest.hexdigest()}"
