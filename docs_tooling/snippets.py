"""Extract every shell fence of the site, as readers see it, into ``snippets/``.

Pages are rendered by a real ``mkdocs build`` (macros included, default values); the macros module
copies each page's rendered Markdown to ``DOCS_CAPTURE_DIR``. Fences are paired with the source
files for line numbers. Chinese and English pages must carry the same snippets: same order, same
code, same metadata.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docs_tooling import sitebuild
from docs_tooling.fences import Fence, find_fences
from docs_tooling.snippet_meta import SHELL_LANGS, WINDOWS_LANGS, SnippetMeta, parse_meta

LANGS = ("zh", "en")
PRIMARY = "zh"
SNIPPET_DIR = "snippets"
HEADER_END = "---"
REFRESH_COMMAND = "./dev snippets"
EXTENSIONS = {"cmd": "cmd", "bat": "cmd", "batch": "cmd", "doscon": "cmd"}
COMMENT = {"cmd": "REM"}


class SnippetError(ValueError):
    """Snippets cannot be collected; the message names file and line and says how to fix it."""


@dataclass(frozen=True)
class Snippet:
    page: str  # page path below docs/<lang>/, without .md: "openstack-lab"
    position: int  # 1-based among the page's shell fences
    lines: dict[str, int]  # language -> line of the fence in docs/<lang>/<page>.md
    lang: str
    code: str
    meta: SnippetMeta

    @property
    def ext(self) -> str:
        return EXTENSIONS.get(self.lang, "ps1" if self.lang in WINDOWS_LANGS else "sh")

    @property
    def file(self) -> str:
        return f"{SNIPPET_DIR}/{self.page}/{self.position:02d}.{self.ext}"

    def where(self, lang: str = PRIMARY) -> str:
        return f"docs/{lang}/{self.page}.md:{self.lines[lang]}"

    def where_all(self) -> str:
        return " · ".join(self.where(lang) for lang in LANGS if lang in self.lines)

    def file_text(self) -> str:
        mark = COMMENT.get(self.ext, "#")
        header = [
            f"{mark} {self.where_all()}",
            f"{mark} {self.meta.describe()}",
            f"{mark} Generated from the pages with the default values by `{REFRESH_COMMAND}`; edit the page, not this file.",
            f"{mark} {HEADER_END}",
        ]
        return "\n".join(header) + "\n" + self.code + "\n"


def read_snippet_file(path: str | Path) -> tuple[str, str]:
    """(header, code) of a file in ``snippets/``: the code is exactly what the page shows."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.split(maxsplit=1)[-1:] == [HEADER_END]:
            return "\n".join(lines[: index + 1]), "\n".join(lines[index + 1 :]).removesuffix("\n")
    raise SnippetError(f"{path}: no header end line ('# {HEADER_END}'); regenerate with `{REFRESH_COMMAND}`")


def render_pages(root: Path, environ: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    """Rendered Markdown of every page: {lang: {page: markdown}}, from a real strict build.

    ``environ`` holds DOCS_* overrides; without it the default values are used, whatever the caller's
    environment says.
    """
    with tempfile.TemporaryDirectory(prefix="docs-render-") as tmp:
        result = sitebuild.build(root, Path(tmp, "site"), environ, capture_dir=Path(tmp, "md"))
        if result.returncode != 0:
            raise SnippetError("the site does not build, so its snippets cannot be extracted:\n" + (result.stderr or result.stdout).strip())
        rendered: dict[str, dict[str, str]] = {}
        for lang in LANGS:
            base = Path(tmp, "md", lang)
            rendered[lang] = {p.relative_to(base).with_suffix("").as_posix(): p.read_text(encoding="utf-8") for p in base.rglob("*.md")}
        return rendered


def _shell_fences(text: str, path: str) -> list[Fence]:
    return [f for f in find_fences(text, path) if f.lang in SHELL_LANGS | WINDOWS_LANGS]


def _page_snippets(root: Path, page: str, rendered: dict[str, str]) -> dict[str, list[tuple[Fence, Fence]]]:
    """Per language: (source fence, rendered fence) pairs."""
    pairs: dict[str, list[tuple[Fence, Fence]]] = {}
    for lang in LANGS:
        path = f"docs/{lang}/{page}.md"
        source = _shell_fences((root / path).read_text(encoding="utf-8"), path)
        shown = _shell_fences(rendered[lang], path)
        if len(source) != len(shown):
            raise SnippetError(
                f"{path}: {len(source)} shell fences in the source but {len(shown)} after macros ran; "
                "a macro must not add or remove shell fences"
            )
        pairs[lang] = list(zip(source, shown, strict=True))
    return pairs


def _compare(page: str, pairs: dict[str, list[tuple[Fence, Fence]]]) -> None:
    zh, en = pairs["zh"], pairs["en"]
    for position in range(max(len(zh), len(en))):
        if position >= len(zh) or position >= len(en):
            longer, lang = (zh, "zh") if len(zh) > len(en) else (en, "en")
            extra = longer[position][0]
            raise SnippetError(
                f"{page}: snippet {position + 1} ({extra.path}:{extra.line}) exists only in the {lang} page; "
                f"docs/zh/{page}.md has {len(zh)} shell snippets and docs/en/{page}.md has {len(en)}: "
                "both languages need the same snippets in the same order"
            )
        (zs, z), (es, e) = zh[position], en[position]
        for what, a, b in (("code", z.code, e.code), ("language", z.lang, e.lang), ("metadata", z.meta or "", e.meta or "")):
            if a.strip() != b.strip():
                raise SnippetError(
                    f"{page}: snippet {position + 1} differs between languages ({what}):\n"
                    f"  {zs.path}:{zs.line}:\n    " + a.replace("\n", "\n    ") + "\n"
                    f"  {es.path}:{es.line}:\n    " + b.replace("\n", "\n    ") + "\n"
                    "Both languages must show the same commands with the same metadata."
                )


def pages(root: Path) -> list[str]:
    """Pages present in either language (a missing translation is reported by :func:`translation_gaps`)."""
    found: set[str] = set()
    for lang in LANGS:
        base = root / "docs" / lang
        found |= {p.relative_to(base).with_suffix("").as_posix() for p in base.rglob("*.md")}
    return sorted(found)


def translation_gaps(root: Path) -> list[str]:
    """One message per page that exists in one language only, naming both files."""
    messages = []
    for page in pages(root):
        files = {lang: root / "docs" / lang / f"{page}.md" for lang in LANGS}
        missing = [lang for lang, f in files.items() if not f.exists()]
        if missing:
            have = next(lang for lang in LANGS if lang not in missing)
            messages.append(f"docs/{have}/{page}.md has no translation: create docs/{missing[0]}/{page}.md")
    return messages


def collect(root: Path, environ: dict[str, str] | None = None) -> list[Snippet]:
    """Every shell snippet of the site, in page order, with validated metadata."""
    gaps = translation_gaps(root)
    if gaps:
        raise SnippetError("\n".join(gaps))
    rendered = render_pages(root, environ)
    snippets: list[Snippet] = []
    for page in pages(root):
        pairs = _page_snippets(root, page, {lang: rendered[lang][page] for lang in LANGS})
        _compare(page, pairs)
        page_snippets = []
        for position, (source, shown) in enumerate(pairs[PRIMARY], start=1):
            meta = parse_meta(shown.meta, source.path, source.meta_line or source.line, shown.lang)
            lines = {lang: pairs[lang][position - 1][0].line for lang in LANGS}
            page_snippets.append(Snippet(page, position, lines, shown.lang, shown.code, meta))
        _check_references(page_snippets)
        snippets += page_snippets
    return snippets


def _check_references(page_snippets: list[Snippet]) -> None:
    ids = {s.meta.id: s for s in page_snippets if s.meta.id}
    shell_open = False
    for s in page_snippets:
        if s.meta.equivalent:
            target = ids.get(s.meta.equivalent)
            if target is None or not target.meta.runs_on_linux:
                raise SnippetError(
                    f"{s.where()}: `equivalent: {s.meta.equivalent}` names no Linux snippet on this page; "
                    f"ids here: {', '.join(sorted(ids)) or 'none'}"
                )
        if s.meta.runs == "lab" and not shell_open:
            raise SnippetError(f"{s.where()}: `runs: lab` but no earlier `interactive: true` snippet opened a shell on this page")
        shell_open = shell_open or s.meta.interactive


def expected_files(snippets: list[Snippet]) -> dict[str, str]:
    return {s.file: s.file_text() for s in snippets}


def stale_files(root: Path, snippets: list[Snippet]) -> list[str]:
    """Files of ``snippets/`` that differ from the pages: missing, changed or left over."""
    expected = expected_files(snippets)
    present = {p.relative_to(root).as_posix() for p in (root / SNIPPET_DIR).rglob("*") if p.is_file()}
    problems = [f"{name}: missing" for name in sorted(set(expected) - present)]
    problems += [f"{name}: differs from its page" for name in sorted(set(expected) & present)
                 if (root / name).read_text(encoding="utf-8") != expected[name]]
    problems += [f"{name}: no longer on any page" for name in sorted(present - set(expected))]
    return problems


def write(root: Path, snippets: list[Snippet]) -> list[str]:
    """Make ``snippets/`` match the pages; returns the files written or removed. All or nothing."""
    expected = expected_files(snippets)
    target = root / SNIPPET_DIR
    changes = stale_files(root, snippets)
    if not changes:
        return []
    staging = Path(tempfile.mkdtemp(prefix=".snippets-", dir=root))
    try:
        for name, text in expected.items():
            out = staging / Path(name).relative_to(SNIPPET_DIR)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        old = root / ".snippets-old"
        if target.exists():
            target.rename(old)
        staging.rename(target)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return changes
