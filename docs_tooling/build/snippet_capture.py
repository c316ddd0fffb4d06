"""mkdocs hook: the command fences of each page as built, checked, and written out for the snippet extractor.

After a page is rendered, its command fences (recorded by :mod:`docs_tooling.build.fence_record` during
that very render) are placed in the source file and their metadata is validated, so a bad fence or bad
metadata stops ``mkdocs build`` and ``serve`` with ``file:line``. With ``DOCS_CAPTURE_DIR`` set, each page's
fences go to ``<dir>/<lang>/<page>.json`` for :mod:`docs_tooling.extract.snippets`.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import markdown
from mkdocs.exceptions import PluginError

from docs_tooling.build import fence_record, value_marks
from docs_tooling.errors import DocsError
from docs_tooling.extract import fences
from docs_tooling.extract.snippet_fingerprint import shape
from docs_tooling.extract.snippet_meta import parse_meta
from macros import variables

_markdown: dict[int, markdown.Markdown] = {}  # id(config) -> the converter of unrendered sources


def _converter(config: Any) -> markdown.Markdown:
    """The page's own extensions, for finding the fences of the unrendered source (preprocessors only): without
    Pygments, which only colours what superfences has already decided is a fence."""
    if id(config) not in _markdown:
        _markdown.clear()
        configs = dict(config["mdx_configs"])
        configs["pymdownx.highlight"] = {**configs.get("pymdownx.highlight", {}), "use_pygments": False}
        _markdown[id(config)] = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=configs)
    return _markdown[id(config)]


def page_fences(page: Any, config: Any) -> list[fences.Fence]:
    """The command fences of ``page`` as just rendered, placed in its source file; raises DocsError."""
    path = Path(page.file.abs_src_path)
    where = path.relative_to(Path(config["config_file_path"]).parent).as_posix()
    source, offset = fences.source_markdown(path.read_text(encoding="utf-8"))
    found = fences.locate(where, source, fence_record.preprocessed(_converter(config), source),
                          page.markdown, fence_record.conversion_of(page.markdown), offset)
    # The values' marks (docs_tooling/build/value_marks.py) are for the browser's panel, not part of a command; the
    # shape keeps where they were (the fingerprint of the "verified on" record).
    found = [dataclasses.replace(fence, code=value_marks.strip_marks(fence.code), shape=shape(fence.lang, fence.code, fence.meta),
                                 meta=None if fence.meta is None else value_marks.strip_marks(fence.meta)) for fence in found]
    for fence in found:  # what a fence lacks (a Windows fence's `equivalent`) is the extractor's to report
        if fence.meta is not None:
            parse_meta(fence.meta, fence.path, fence.meta_line or fence.line, fence.lang)
    return found


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    try:
        found = page_fences(page, config)
    except DocsError as exc:
        raise PluginError(str(exc)) from None
    capture = os.environ.get(variables.CAPTURE_ENV)
    if capture:
        rel = Path(page.file.abs_src_path).relative_to(config["docs_dir"]).with_suffix(".json")
        out = Path(capture) / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps([dataclasses.asdict(fence) for fence in found], ensure_ascii=False), encoding="utf-8")
    return html
