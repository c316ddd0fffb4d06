"""Command fences of any Markdown file, by the site's own renderer: what ``./dev snippets --scan`` prints.

The files are converted with mkdocs.yml's ``markdown_extensions`` (as mkdocs loads them) and the fences
recorded by :mod:`docs_tooling.build.fence_record`, exactly as for the site's pages; macros do not run,
so ``{{ ... }}`` stays as written.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import markdown
from mkdocs.config import load_config  # also used by benchmarks/scan_agreement.py

from docs_tooling import project
from docs_tooling.build import fence_record
from docs_tooling.extract import fences


@dataclass(frozen=True)
class Scanned:
    fences: list[fences.Fence]
    problems: list[str]  # `file:line: ...` lines: fences that never close


@functools.cache
def converter(root: Path = project.ROOT) -> markdown.Markdown:
    """A Markdown converter with the site's extensions, configured as ``mkdocs build`` configures them (one per root)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(root / project.CONFIG_FILE))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def scan_text(path: str, text: str, md: markdown.Markdown, every_language: bool = False) -> Scanned:
    """The command fences (``every_language``: all fences) readers would see in ``text`` (the file ``path``)."""
    body, offset = fences.source_markdown(text.replace("\r\n", "\n"))
    md.reset()
    md.convert(body)
    conversion = fence_record.conversion_of(body)
    lines = body.split("\n")
    shown = (conversion.shown if conversion else []) if every_language else fences.command_fences(conversion)
    found = [fences.place(path, fence, lines, fence.start, lines, offset) for fence in shown]  # no macros: source = shown
    return Scanned(found, fences.stray_messages(path, body, conversion, offset))


def scan_files(paths: list[Path], md: markdown.Markdown) -> Iterator[Scanned]:
    for path in paths:
        yield scan_text(path.as_posix(), path.read_text(encoding="utf-8", errors="replace"), md)
