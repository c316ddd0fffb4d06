"""shellcheck over the site's shell snippets (``snippets/**/*.sh``), reported at the page's line."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from docs_tooling.extract.snippets import PLACE_SEPARATOR, header_places, read_snippet_file

# Checks that do not fit commands a reader types one by one at a prompt, each with its reason.
EXCLUDED = {
    "SC2164": "`cd dir` typed at a prompt: the reader sees the error; `|| exit` would close their shell",
    "SC1090": "`. ~/admin-openrc`: the page sources a file an earlier snippet wrote, which shellcheck, reading one snippet"
              " at a time, cannot follow",
}
INSTALL_HINT = "shellcheck is not installed: run `apt-get install shellcheck` (Debian's package; .ci/run installs it)"


@dataclass(frozen=True)
class ShellFinding:
    file: str  # snippets/kvm/03.sh
    line: int  # line in the file
    page: str  # docs/zh/kvm.md:14 (and the English page's line), where to fix it
    code: str  # SC2086
    level: str
    message: str
    source: str  # the offending line of the command

    def __str__(self) -> str:
        return (f"{self.page} ({self.file}:{self.line}): {self.code} ({self.level}): {self.message}\n"
                f"    {self.source}\n"
                f"  fix the command in both languages' pages, then run `./dev snippets`; "
                f"see https://www.shellcheck.net/wiki/{self.code}")


def _page_lines(header: str, offset: int) -> str:
    """The page lines (both languages) of the command's line ``offset`` (1-based) from the header."""
    places = [f"{path}:{line + offset}" for path, line in header_places(header)]
    return PLACE_SEPARATOR.join(places) or "(no page named in the header)"


def check_files(files: list[Path], root: Path) -> list[ShellFinding]:
    """shellcheck findings for ``files`` (in ``snippets/``). Raises FileNotFoundError when shellcheck is missing."""
    if not files:
        return []
    if shutil.which("shellcheck") is None:
        raise FileNotFoundError(INSTALL_HINT)
    command = ["shellcheck", "--shell=bash", "--format=json1", "--exclude=" + ",".join(EXCLUDED), *map(str, files)]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"shellcheck failed (exit {done.returncode}): {done.stderr.strip()}")
    findings = []
    parsed: dict[str, tuple[str, list[str], int]] = {}
    for comment in json.loads(done.stdout or '{"comments": []}')["comments"]:
        name = comment["file"]
        if name not in parsed:
            header, _ = read_snippet_file(root / name)
            lines = (root / name).read_text(encoding="utf-8").split("\n")
            parsed[name] = (header, lines, header.count("\n") + 1)
        header, lines, header_lines = parsed[name]
        line = comment["line"]
        rel = Path(name).resolve().relative_to(root.resolve()).as_posix() if Path(name).is_absolute() else name
        findings.append(ShellFinding(
            file=rel, line=line, page=_page_lines(header, line - header_lines), code=f"SC{comment['code']}",
            level=comment["level"], message=comment["message"], source=lines[line - 1] if line <= len(lines) else "",
        ))
    return findings


def page_files(root: Path, page: str) -> list[Path]:
    return sorted((root / "snippets" / page).glob("*.sh"))
