"""Extract every shell fence of the site, as readers see it, into ``snippets/``.

Pages are rendered by a real ``mkdocs build`` (macros included, default values); while it renders each
page, :mod:`docs_tooling.build.snippet_capture` writes the page's command fences, as superfences made
them and placed in the source file, to ``DOCS_CAPTURE_DIR``. Chinese and English pages must carry the
same snippets: same order, same code, same metadata.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docs_tooling import project
from docs_tooling.build import sitebuild
from docs_tooling.errors import DocsError
from docs_tooling.extract.fences import Fence
from docs_tooling.extract.snippet_meta import WINDOWS_LANGS, SnippetMeta, parse_meta
from docs_tooling.project import LANGS, PRIMARY, SNIPPET_DIR

HEADER_END = "---"
REFRESH_COMMAND = "./dev snippets"
EXTENSIONS = {"cmd": "cmd", "bat": "cmd", "batch": "cmd", "doscon": "cmd"}
COMMENT = {"cmd": "REM"}
PLACE_SEPARATOR = " · "


class SnippetError(DocsError):
    """Snippets cannot be collected; the message names file and line and says how to fix it."""


@dataclass(frozen=True)
class Snippet:
    page: str  # page path below docs/<lang>/, without .md: "openstack-lab"
    position: int  # 1-based among the page's shell fences
    lines: dict[str, int]  # language -> line of the fence in docs/<lang>/<page>.md
    lang: str
    code: str
    meta: SnippetMeta
    shape: str = ""  # code and metadata with each value as {{ name }} (docs_tooling.extract.snippet_fingerprint)

    @property
    def ext(self) -> str:
        return EXTENSIONS.get(self.lang, "ps1" if self.lang in WINDOWS_LANGS else "sh")

    @property
    def file(self) -> str:
        return f"{SNIPPET_DIR}/{self.page}/{self.position:02d}.{self.ext}"

    def where(self, lang: str = PRIMARY) -> str:
        return f"{project.page_file(self.page, lang)}:{self.lines[lang]}"

    def where_all(self) -> str:
        """``docs/zh/kvm.md:12 · docs/en/kvm.md:14``: the first line of the file's header (read by :func:`header_places`)."""
        return PLACE_SEPARATOR.join(self.where(lang) for lang in LANGS if lang in self.lines)

    def file_text(self) -> str:
        mark = COMMENT.get(self.ext, "#")
        header = [
            f"{mark} {self.where_all()}",
            f"{mark} {self.meta.describe()}",
            f"{mark} Generated from the pages with the default values by `{REFRESH_COMMAND}`; edit the page, not this file.",
            f"{mark} {HEADER_END}",
        ]
        return "\n".join(header) + "\n" + self.code + "\n"


def header_places(header: str) -> list[tuple[str, int]]:
    """The (page file, line) pairs of a snippet file's header, as :meth:`Snippet.where_all` wrote them."""
    first = header.split("\n", 1)[0].split(maxsplit=1)[-1]
    places = []
    for place in first.split(PLACE_SEPARATOR):
        path, _, line = place.rpartition(":")
        if path and line.isdigit():
            places.append((path, int(line)))
    return places


def read_snippet_file(path: str | Path) -> tuple[str, str]:
    """(header, code) of a file in ``snippets/``: the code is exactly what the page shows."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.split(maxsplit=1)[-1:] == [HEADER_END]:
            return "\n".join(lines[: index + 1]), "\n".join(lines[index + 1 :]).removesuffix("\n")
    raise SnippetError(f"{path}: no header end line ('# {HEADER_END}'); regenerate with `{REFRESH_COMMAND}`")


def render_pages(root: Path, environ: dict[str, str] | None = None) -> dict[str, dict[str, list[Fence]]]:
    """The command fences of every page as a real strict build renders them: {lang: {page: fences}}.

    ``environ`` holds DOCS_* overrides; without it the default values are used, whatever the caller's
    environment says.
    """
    with tempfile.TemporaryDirectory(prefix="docs-render-") as tmp:
        result = sitebuild.build(root, Path(tmp, "site"), environ, capture_dir=Path(tmp, "fences"))
        if result.returncode != 0:
            raise SnippetError("the site does not build, so its snippets cannot be extracted:\n" + (result.stderr or result.stdout).strip())
        rendered: dict[str, dict[str, list[Fence]]] = {}
        for lang in LANGS:
            base = Path(tmp, "fences", lang)
            rendered[lang] = {path.relative_to(base).with_suffix("").as_posix(): _read_fences(path) for path in base.rglob("*.json")}
        return rendered


def _read_fences(path: Path) -> list[Fence]:
    return [Fence(**fence) for fence in json.loads(path.read_text(encoding="utf-8"))]


def _compare(page: str, pairs: dict[str, list[Fence]]) -> None:
    (zh_lang, zh), (en_lang, en) = pairs.items()  # the default language, then its translation
    for position in range(max(len(zh), len(en))):
        if position >= len(zh) or position >= len(en):
            longer, lang = (zh, zh_lang) if len(zh) > len(en) else (en, en_lang)
            extra = longer[position]
            raise SnippetError(
                f"{page}: snippet {position + 1} ({extra.path}:{extra.line}) exists only in the {lang} page; "
                f"{project.page_file(page, zh_lang)} has {len(zh)} shell snippets and {project.page_file(page, en_lang)} has {len(en)}: "
                "both languages need the same snippets in the same order"
            )
        z, e = zh[position], en[position]
        for what, a, b in (("code", z.code, e.code), ("language", z.lang, e.lang), ("metadata", z.meta or "", e.meta or "")):
            if a.strip() != b.strip():
                raise SnippetError(
                    f"{page}: snippet {position + 1} differs between languages ({what}):\n"
                    f"  {z.path}:{z.line}:\n    " + a.replace("\n", "\n    ") + "\n"
                    f"  {e.path}:{e.line}:\n    " + b.replace("\n", "\n    ") + "\n"
                    "Both languages must show the same commands with the same metadata."
                )


def translation_gaps(root: Path) -> list[str]:
    """One message per page that exists in one language only, naming both files."""
    messages = []
    for page in project.pages(root):
        files = {lang: root / "docs" / lang / f"{page}.md" for lang in LANGS}
        missing = [lang for lang, f in files.items() if not f.exists()]
        if missing:
            have = next(lang for lang in LANGS if lang not in missing)
            messages.append(project.missing_translation(project.page_file(page, have), project.page_file(page, missing[0])))
    return messages


def collect(root: Path, environ: dict[str, str] | None = None) -> list[Snippet]:
    """Every shell snippet of the site, in page order, with validated metadata."""
    gaps = translation_gaps(root)
    if gaps:
        raise SnippetError("\n".join(gaps))
    rendered = render_pages(root, environ)
    snippets: list[Snippet] = []
    for page in project.pages(root):
        pairs = {lang: rendered[lang].get(page, []) for lang in LANGS}
        _compare(page, pairs)
        page_snippets = []
        for position, fence in enumerate(pairs[PRIMARY], start=1):
            meta = parse_meta(fence.meta, fence.path, fence.meta_line or fence.line, fence.lang)
            lines = {lang: pairs[lang][position - 1].line for lang in LANGS}
            page_snippets.append(Snippet(page, position, lines, fence.lang, fence.code, meta, fence.shape))
        _check_references(page_snippets)
        _check_machine(page_snippets)
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
        if s.meta.diagnose:
            target = ids.get(s.meta.diagnose)
            if target is None or target.position <= s.position or target.meta.runs != s.meta.runs or target.meta.interactive:
                where = ("names no snippet on this page" if target is None
                         else f"names snippet {target.position}, which must come later on the page, run where this one runs"
                              f" (`runs: {s.meta.runs}`) and open no shell")
                raise SnippetError(f"{s.where()}: `diagnose: {s.meta.diagnose}` {where}; ids here: "
                                   f"{', '.join(sorted(ids)) or 'none'}")
        if s.meta.runs == "lab" and not shell_open:
            raise SnippetError(f"{s.where()}: `runs: lab` but no earlier `interactive: true` snippet opened a shell on this page")
        shell_open = shell_open or s.meta.interactive


def _check_machine(page_snippets: list[Snippet]) -> None:
    """One machine per page: one ``suite``, and not together with what asks for another machine (an engine, the LAN,
    capabilities of the plain machine)."""
    first: Snippet | None = None
    for s in page_snippets:
        if s.meta.suite is None:
            continue
        if first is not None and s.meta.suite != first.meta.suite:
            raise SnippetError(f"{s.where()}: `suite: {s.meta.suite}`, but {first.where()} says `suite: {first.meta.suite}`:"
                               " a page runs on one machine; give the suite once, on its first snippet")
        first = first or s
    if first is None:
        return
    for s in page_snippets:
        other = ("`caps: [engine]` (an engine machine's suite is its engine's)" if "engine" in s.meta.caps
                 else "`runs: client` (chapter 4's LAN has machines of its own)" if s.meta.runs == "client"
                 else f"`caps: [{', '.join(s.meta.caps)}]` (a suite machine's root holds every capability in its own "
                      "namespaces already)" if s.meta.caps else None)
        if other:
            raise SnippetError(f"{s.where()}: {other} cannot go with `suite: {first.meta.suite}` ({first.where()}): "
                               "drop one of them")


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
