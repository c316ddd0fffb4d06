"""Named output checks for snippets (after Istio's docs tests): same, contains, regex, elided, answers."""

from __future__ import annotations

import re

from docs_tooling.extract.snippet_meta import SnippetMeta

ELISION = "..."


def elided_pattern(expected: str) -> re.Pattern[str]:
    """Exact lines, where a line ``...`` stands for any number of lines."""
    parts = []
    for line in expected.strip("\n").split("\n"):
        parts.append(r"(?:[^\n]*\n)*?" if line.strip() == ELISION else re.escape(line.rstrip()) + r"[ \t]*\n")
    return re.compile("".join(parts), re.DOTALL)


def check_output(meta: SnippetMeta, output: str) -> list[str]:
    """What is wrong with ``output`` under ``meta``'s checks; empty when it passes."""
    problems = []
    text = output.strip("\n")
    if meta.same is not None and text.strip() != meta.same.strip():
        problems.append(f"output is not the same as expected:\n--- expected\n{meta.same.strip()}\n--- got\n{text}")
    for part in meta.contains:
        if part not in text:
            problems.append(f"output does not contain {part!r}")
    if meta.regex is not None and not re.search(meta.regex, text, re.MULTILINE):
        problems.append(f"output does not match the regex {meta.regex!r}")
    if meta.elided is not None and not elided_pattern(meta.elided).fullmatch(text.strip("\n") + "\n"):
        problems.append(f"output does not match the expected lines (... elided):\n--- expected\n{meta.elided.strip()}\n--- got\n{text}")
    if meta.answers and not any(re.search(pattern, text.strip()) for pattern in meta.answers):
        problems.append(f"answer {text.strip()!r} is none of the declared answers {list(meta.answers)}")
    return problems
