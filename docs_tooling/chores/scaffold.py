"""A new chapter in both languages: pages, navigation, snippets/, all or nothing.

:func:`create_chapter` writes ``docs/zh/<slug>.md`` and ``docs/en/<slug>.md`` (the English page
stamped with the Chinese page's version, see :mod:`docs_tooling.chores.translation_status`), adds the
chapter to mkdocs.yml's nav and nav_translations, then writes the chapter's files in ``snippets/``
after a strict build. Any failure puts every file back as it was.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from docs_tooling.chores import nav_edit, translation_status
from docs_tooling.errors import DocsError
from docs_tooling.project import LANGS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names the site already uses for something else: /en/ is the English site, assets/ and search/ hold files.
RESERVED = {"en", "zh", "assets", "search", "index", "404", "sitemap", "snippets"}

# The example command, byte-identical in both languages as every snippet must be.
EXAMPLE_SNIPPET = """\
<!-- snippet
runs: reader
contains: Linux
-->
```bash
uname -s
```"""

ZH_PAGE = """\
# {title} {{ #{slug} }}

本章还在编写中：先用一两句话说明这一章讲什么，读者读完能做什么。

## 示例命令 {{ #example-command }}

下面的命令显示当前系统内核的名称，在 Linux 上输出 `Linux`。

{example}

把它换成本章真正的命令，并按[参与贡献](contributing.md#snippet-metadata)中的说明写好元数据。
"""

EN_PAGE = """\
---
source_sha: {source_sha}
---
# {title} {{ #{slug} }}

This chapter is being written: say in a sentence or two what it covers and what readers can do after reading it.

## Example command {{ #example-command }}

The command below prints the name of the running kernel: `Linux` on Linux.

{example}

Replace it with the chapter's real commands and write their metadata as [Contributing](contributing.md#snippet-metadata) explains.
"""


class ChapterError(DocsError):
    """The chapter cannot be created; nothing was changed. The message says why and what to do."""


def check_slug(root: Path, slug: str) -> None:
    if not SLUG_RE.match(slug):
        raise ChapterError(
            f"'{slug}' is not a valid chapter slug: use lowercase letters a-z, digits and single hyphens, "
            "e.g. `network-basics` (it becomes the file name docs/zh/<slug>.md and the address /<slug>/)"
        )
    if slug in RESERVED:
        raise ChapterError(f"'{slug}' is reserved (the site uses /{slug}/ for something else): choose another slug")
    existing = [f"docs/{lang}/{slug}.md" for lang in LANGS if (root / "docs" / lang / f"{slug}.md").exists()]
    if existing:
        raise ChapterError(f"chapter '{slug}' already exists: {', '.join(existing)}; choose another slug or edit that page")


def check_title(title: str, option: str) -> str:
    title = title.strip()
    if not title:
        raise ChapterError(f"{option} must not be empty")
    if re.search(r"[\n{}<>#]", title):
        raise ChapterError(f"{option} '{title}': a title cannot contain a line break or any of {{ }} < > #")
    return title


def page_texts(slug: str, zh_title: str, en_title: str) -> dict[str, str]:
    zh = ZH_PAGE.format(title=zh_title, slug=slug, example=EXAMPLE_SNIPPET)
    sha = translation_status.blob_hash(zh.encode("utf-8"))
    return {"zh": zh, "en": EN_PAGE.format(title=en_title, slug=slug, source_sha=sha, example=EXAMPLE_SNIPPET)}


def _write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(text)
    Path(tmp.name).replace(path)


class _Transaction:
    """Files written so far, and how to undo them."""

    def __init__(self) -> None:
        self.created: list[Path] = []
        self.folders: list[Path] = []
        self.replaced: dict[Path, str] = {}

    def create(self, path: Path, text: str) -> None:
        missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        self.folders += missing
        _write_atomic(path, text)
        self.created.append(path)

    def replace(self, path: Path, text: str) -> None:
        self.replaced.setdefault(path, path.read_text(encoding="utf-8"))
        _write_atomic(path, text)

    def rollback(self) -> None:
        for path in self.created:
            path.unlink(missing_ok=True)
        for folder in self.folders:  # innermost first
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()
        for path, text in self.replaced.items():
            _write_atomic(path, text)


def chapter_snippets(root: Path, slug: str) -> dict[str, str]:
    """The new chapter's files in ``snippets/`` (name -> text), from a strict build of the whole site.

    Only the chapter's own files: other pages' snippets are their authors' to refresh.
    """
    from docs_tooling.extract import snippets  # the snippet extractor

    return {s.file: s.file_text() for s in snippets.collect(root) if s.page == slug}


def create_chapter(root: Path, slug: str, zh_title: str, en_title: str, after: str | None = None,
                   refresh: Callable[[Path, str], dict[str, str]] = chapter_snippets) -> list[str]:
    """Create the chapter; returns the files created or changed. Raises :class:`ChapterError`, changing nothing."""
    check_slug(root, slug)
    zh_title, en_title = check_title(zh_title, "--zh-title"), check_title(en_title, "--en-title")
    config = root / "mkdocs.yml"
    try:
        new_config = nav_edit.add_page(config.read_text(encoding="utf-8"), f"{slug}.md", zh_title, en_title, after)
    except nav_edit.NavError as exc:
        raise ChapterError(str(exc)) from None
    done = _Transaction()
    try:
        for lang, text in page_texts(slug, zh_title, en_title).items():
            done.create(root / "docs" / lang / f"{slug}.md", text)
        done.replace(config, new_config)
        for name, text in refresh(root, slug).items():
            done.create(root / name, text)
    except BaseException as exc:
        done.rollback()
        if isinstance(exc, Exception):
            raise ChapterError("with the new chapter the site fails its checks (the cause may be in another page), "
                               f"so nothing was changed:\n{exc}") from None
        raise
    return [path.relative_to(root).as_posix() for path in done.created if path.suffix == ".md"] + [
        "mkdocs.yml", *(path.relative_to(root).as_posix() for path in done.created if path.suffix != ".md")]
