"""Lints, one test per page so that ``./dev test-page`` can pick a page's own.

Chinese typography of the Chinese pages, shellcheck of each page's snippets, and the build
warnings (broken links and anchors among them) that name a page, each with file:line.
"""

from __future__ import annotations

import re

import pytest

from docs_tooling import project
from docs_tooling.lint import shell as lint_shell
from docs_tooling.lint import typography as lint_typography
from docs_tooling.project import LANGS, ROOT

PAGES = project.pages(ROOT)
WARNING_RE = re.compile(r"^(?:WARNING|ERROR)\b")

pytestmark = pytest.mark.site


@pytest.mark.parametrize("page", [f"docs/zh/{p}.md" for p in PAGES if (ROOT / "docs/zh" / f"{p}.md").exists()])
def test_chinese_typography(page: str) -> None:
    findings = lint_typography.check_file(ROOT / page, ROOT)
    assert not findings, f"{len(findings)} typography problems (spaces between Chinese and Latin, full-width punctuation):\n" + "\n".join(
        map(str, findings))


@pytest.mark.parametrize("page", [f"snippets/{p}" for p in PAGES])
def test_shellcheck(page: str) -> None:
    files = lint_shell.page_files(ROOT, page.removeprefix("snippets/"))
    findings = lint_shell.check_files(files, ROOT)
    assert not findings, "shellcheck --shell=bash:\n" + "\n".join(map(str, findings))


def page_warnings(log: str, page: str) -> list[str]:
    """Build warnings about ``docs/<lang>/<page>.md``: named as docs/… (with line) or as mkdocs' 'lang/page.md'."""
    names = [f"docs/{lang}/{page}.md" for lang in LANGS] + [f"'{lang}/{page}.md'" for lang in LANGS]
    return [line for line in log.splitlines() if WARNING_RE.match(line) and any(name in line for name in names)]


@pytest.mark.parametrize("page", PAGES)
def test_page_builds_without_warnings(build_site, page: str) -> None:
    """Broken internal links and anchors show as `docs/zh/kvm.md:12: broken link 'x.md#y': ...`."""
    built = build_site()
    problems = page_warnings(built.log, page)
    assert not problems, "\n".join(problems)


def test_shellcheck_is_installed() -> None:
    assert lint_shell.shutil.which("shellcheck"), lint_shell.INSTALL_HINT
