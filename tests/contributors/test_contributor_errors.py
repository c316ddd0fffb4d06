"""Proof for contributors: a scaffolded chapter is green at once, and each usual mistake explains itself.

Every test works on a copy of the project (its tracked and new files) in a temporary folder, made a
git repository of its own, and runs the project's own commands there (``python -m
docs_tooling.cli ...`` is what ``./dev ...`` runs).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from docs_tooling.chores import scaffold, translation_status
from docs_tooling.extract import snippets
from docs_tooling.extract.snippet_meta import ALLOWED, MetaError, parse_meta
from docs_tooling.lint import shell as lint_shell
from docs_tooling.lint import typography as lint_typography
from docs_tooling.project import ROOT
from macros import variables
from tests import tiny_site
from tests.conftest import copy_working_files

SLUG, ZH_TITLE, EN_TITLE = "network-basics", "网络基础", "Network basics"
ZH, EN = f"docs/zh/{SLUG}.md", f"docs/en/{SLUG}.md"
GIT = ["git", "-c", "user.name=Contributor", "-c", "user.email=contributor@example.invalid", "-c", "commit.gpgsign=false"]

site = pytest.mark.site  # every test here but those marked container, which need Docker


# --- helpers ------------------------------------------------------------------------------------


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCS_", "PYTEST_"))}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return {**env, **extra}


def copy_project(target: Path) -> Path:
    """The project's tracked and new files in ``target``, committed to a new git repository."""
    copy_working_files(ROOT, target)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "copy of the project")
    return target


def git(project: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=project, capture_output=True, text=True, check=True).stdout


def dev(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``./dev ARGS`` in ``project`` (its own code: the copy's folder comes first on sys.path)."""
    return subprocess.run([sys.executable, "-m", "docs_tooling.cli", *args], cwd=project, env=environment(**env),
                          capture_output=True, text=True, timeout=900)


def pytest_in(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=project,
                          env=environment(**env), capture_output=True, text=True, timeout=1800)


def build(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
                          cwd=project, env=environment(**env), capture_output=True, text=True, timeout=600)


def edit(project: Path, name: str, change: Callable[[str], str]) -> None:
    path = project / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def line_of(project: Path, name: str, text: str) -> int:
    lines = (project / name).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def no_refresh(root: Path, slug: str) -> dict[str, str]:
    return {}


PAGE_ZH = f"# {ZH_TITLE} {{ #{SLUG} }}\n\n<!-- snippet\ncontains: Linux\n-->\n```bash\nuname -s\n```\n"
PAGE_EN = f"# {EN_TITLE} {{ #{SLUG} }}\n\n<!-- snippet\ncontains: Linux\n-->\n```bash\nuname -s\n```\n"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A tiny site of its own (tests/tiny_site.py): the chapter with one snippet."""
    return tiny_site.write(tmp_path / "tiny", **{SLUG: (PAGE_ZH, PAGE_EN)})


@pytest.fixture
def chapter(tmp_path: Path) -> Path:
    """A copy of the project with the new chapter (pages and nav only: snippets/ is refreshed where needed)."""
    project = copy_project(tmp_path / "project")
    scaffold.create_chapter(project, SLUG, ZH_TITLE, EN_TITLE, refresh=no_refresh)
    return project


# --- the scaffold: from nothing to green ------------------------------------------------------------


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], float]:
    project = copy_project(tmp_path_factory.mktemp("scaffold") / "project")
    # Start from a green project: snippets/ may lag behind a page another author is writing.
    assert dev(project, "snippets").returncode == 0
    git(project, "add", "-A")
    git(project, "commit", "-q", "--allow-empty", "-m", "snippets/ refreshed")
    start = time.monotonic()
    done = dev(project, "new-chapter", SLUG, "--zh-title", ZH_TITLE, "--en-title", EN_TITLE)
    return project, done, time.monotonic() - start


@site
def test_new_chapter_creates_both_pages_nav_and_snippets(scaffolded) -> None:
    project, done, seconds = scaffolded
    assert done.returncode == 0, done.stdout + done.stderr
    zh, en = (project / ZH).read_text(encoding="utf-8"), (project / EN).read_text(encoding="utf-8")
    assert f"# {ZH_TITLE} {{ #{SLUG} }}" in zh and f"# {EN_TITLE} {{ #{SLUG} }}" in en
    assert "<!-- snippet" in zh and "<!-- snippet" in en
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"  - {ZH_TITLE}: {SLUG}.md\n" in config and f"            {ZH_TITLE}: {EN_TITLE}\n" in config
    assert "!!python/name:material.extensions.emoji.twemoji" in config and "# default language first" in config
    assert (project / "snippets" / SLUG / "01.sh").exists()
    assert translation_status.page_status(project, SLUG).state == "ok"
    print(f"new-chapter took {seconds:.1f} s")


@site
def test_new_chapter_is_green_right_away(scaffolded) -> None:
    """Strict build, snippets/ up to date, and the site tests of the new page."""
    project, done, scaffold_seconds = scaffolded
    assert done.returncode == 0, done.stderr
    start = time.monotonic()
    built = build(project)
    assert built.returncode == 0, built.stdout + built.stderr
    zh_nav = (project / "site" / "index.html").read_text(encoding="utf-8")
    en_nav = (project / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert ZH_TITLE in zh_nav and EN_TITLE in en_nav and EN_TITLE not in zh_nav, "the chapter is missing from a navigation"
    assert (project / "site" / SLUG / "index.html").exists() and (project / "site" / "en" / SLUG / "index.html").exists()
    check = dev(project, "snippets", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    tests = dev(project, "test-page", SLUG, "-m", "site")
    assert tests.returncode == 0, tests.stdout[-5000:] + tests.stderr[-3000:]
    assert re.search(r"\b\d+ passed\b", tests.stdout) and " failed" not in tests.stdout, tests.stdout[-3000:]
    print(f"scaffold-to-green: new-chapter {scaffold_seconds:.1f} s + build, snippets --check, test-page -m site "
          f"{time.monotonic() - start:.1f} s")


@site
def test_test_page_fails_where_ci_would_stale_snippets_and_a_literal_value(chapter: Path) -> None:
    """The chapter's snippets/ is not written yet (the fixture skips that) and its Chinese page types the gateway."""
    edit(chapter, ZH, lambda t: t + "\n默认网关是 172.17.0.1。\n")
    tests = dev(chapter, "test-page", SLUG, "-m", "site")
    assert tests.returncode == 1, tests.stdout[-3000:]
    assert "site checks that cover every page" in tests.stdout
    for check in ("test_snippets_folder_is_up_to_date", "test_no_reader_value_is_typed_literally"):
        assert f"FAILED tests/site_checks/test_site.py::{check}" in tests.stdout, tests.stdout[-5000:]


@pytest.mark.container
def test_new_chapter_example_command_passes_in_a_container(scaffolded) -> None:
    project, done, _ = scaffolded
    assert done.returncode == 0, done.stderr
    tests = dev(project, "test-page", SLUG, "-m", "container")
    assert tests.returncode == 0, tests.stdout[-5000:] + tests.stderr[-3000:]
    assert "1 passed" in tests.stdout, tests.stdout[-3000:]  # the example command takes no value: it runs once


@site
def test_new_chapter_refuses_an_existing_slug(scaffolded) -> None:
    project, _, _ = scaffolded
    before = (project / "mkdocs.yml").read_text(encoding="utf-8")
    done = dev(project, "new-chapter", SLUG, "--zh-title", "别的标题", "--en-title", "Other")
    assert done.returncode == 1
    assert f"chapter '{SLUG}' already exists: {ZH}, {EN}" in done.stderr, done.stderr
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == before


@site
@pytest.mark.parametrize("slug", ["Network_Basics", "network--basics", "-x", "网络", "a b"])
def test_new_chapter_refuses_a_malformed_slug(tmp_path: Path, slug: str) -> None:
    (tmp_path / "docs" / "zh").mkdir(parents=True)
    with pytest.raises(scaffold.ChapterError, match="not a valid chapter slug: use lowercase letters"):
        scaffold.check_slug(tmp_path, slug)


@site
def test_new_chapter_refuses_a_reserved_slug(tmp_path: Path) -> None:
    with pytest.raises(scaffold.ChapterError, match="'en' is reserved"):
        scaffold.check_slug(tmp_path, "en")


def failing_build(root: Path, slug: str) -> dict[str, str]:
    raise RuntimeError("docs/zh/kvm.md:3: something broke")


def failing_write(root: Path, slug: str) -> dict[str, str]:
    # The first file is written, the second cannot be (its folder would be a file): both must go.
    return {f"snippets/{slug}/01.sh": "# ---\nuname -s\n", "mkdocs.yml/02.sh": "# ---\nuname -s\n"}


@site
@pytest.mark.parametrize("failure", [failing_build, failing_write], ids=["build-fails", "write-fails"])
@pytest.mark.parametrize("snippets_folder", ["present", "absent"])
def test_new_chapter_leaves_nothing_half_written(tmp_path: Path, snippets_folder: str, failure) -> None:
    project = copy_project(tmp_path / "project")
    if snippets_folder == "absent" and (project / "snippets").exists():
        git(project, "rm", "-r", "-q", "snippets")
        git(project, "commit", "-q", "-m", "no snippets yet")
    with pytest.raises(scaffold.ChapterError, match="so nothing was changed:"):
        scaffold.create_chapter(project, SLUG, ZH_TITLE, EN_TITLE, refresh=failure)
    status = git(project, "status", "--porcelain", "--untracked-files=all", "--ignored")
    assert status == "", f"files left behind or changed:\n{status}"
    assert not (project / "snippets" / SLUG).exists()


# --- each mistake and its message ----------------------------------------------------------------


@site
def test_unknown_snippet_metadata_names_file_line_word_and_allowed_keys(tiny: Path) -> None:
    edit(tiny, ZH, lambda t: t.replace("contains: Linux", "contain: Linux", 1))
    edit(tiny, EN, lambda t: t.replace("contains: Linux", "contain: Linux", 1))
    line = line_of(tiny, ZH, "contain: Linux")
    with pytest.raises(MetaError) as caught:
        parse_meta("contain: Linux", ZH, line)
    assert f"{ZH}:{line}:" in str(caught.value) and "'contain'" in str(caught.value)
    assert "did you mean 'contains'" in str(caught.value) and ", ".join(ALLOWED) in str(caught.value)
    done = dev(tiny, "snippets", "--check")
    assert done.returncode == 1
    assert f"{ZH}:{line}: snippet metadata: unknown key 'contain'" in done.stderr, done.stderr
    assert "allowed keys: " + ", ".join(ALLOWED) in done.stderr
    built = build(tiny)  # ./dev build and ./dev serve stop on it too, with the same line
    assert built.returncode != 0
    assert f"{ZH}:{line}: snippet metadata: unknown key 'contain'" in built.stderr, built.stderr[-3000:]
    assert "Traceback" not in built.stderr


@site
def test_page_without_translation_names_both_files(tiny: Path) -> None:
    (tiny / EN).unlink()
    message = f"{ZH} has no translation: create {EN} (`./dev new-chapter` creates both for a new page)"
    assert snippets.translation_gaps(tiny) == [message]
    done = dev(tiny, "translations")
    assert message in done.stdout, done.stdout
    collected = pytest_in(tiny, "docs", "-q")  # the snippet runner: said once, not under every page
    assert collected.stdout.count(message) == 1, collected.stdout[-3000:]
    assert "no page's snippets are collected until this is fixed" in collected.stdout


@site
def test_snippets_that_differ_between_languages_show_page_position_and_both_versions(tiny: Path) -> None:
    edit(tiny, EN, lambda t: t.replace("uname -s", "uname -a", 1))
    done = dev(tiny, "snippets", "--check")
    assert done.returncode == 1
    zh_line, en_line = line_of(tiny, ZH, "```bash"), line_of(tiny, EN, "```bash")
    assert f"{SLUG}: snippet 1 differs between languages (code)" in done.stderr, done.stderr
    assert f"{ZH}:{zh_line}:\n    uname -s" in done.stderr and f"{EN}:{en_line}:\n    uname -a" in done.stderr, done.stderr


@site
def test_undefined_variable_names_file_line_and_variable(tiny: Path) -> None:
    edit(tiny, ZH, lambda t: t + "\n宿主机的地址是 {{ hostip }}。\n")
    built = build(tiny)
    assert built.returncode != 0
    line = line_of(tiny, ZH, "{{ hostip }}")
    assert f"{ZH}:{line}: undefined variable 'hostip'" in built.stderr, built.stderr[-3000:]
    assert "Traceback" not in built.stderr


@site
@pytest.mark.parametrize(("template", "error"), [
    ("{{ host_ip | nosuchfilter }}", "No filter named 'nosuchfilter'"),
    ("{{ host_ip.nope }}", "'str object' has no attribute 'nope'"),
], ids=["unknown-filter", "missing-attribute"])
def test_template_mistake_names_file_line_and_error(tiny: Path, template: str, error: str) -> None:
    edit(tiny, ZH, lambda t: t + f"\n宿主机的地址是 {template}。\n")
    built = build(tiny)
    assert built.returncode != 0
    line = line_of(tiny, ZH, template)
    assert f"{ZH}:{line}: template error: {error}. The values, macros and filters" in built.stderr, built.stderr[-3000:]
    assert "Traceback" not in built.stderr


@site
def test_malformed_variable_value_names_variable_value_and_rule(tiny: Path) -> None:
    with pytest.raises(variables.VariableError, match=r"DOCS_SUBNET='172\.17\.0\.0/33': prefix length must be 0-32"):
        variables.load({"DOCS_SUBNET": "172.17.0.0/33"})
    built = build(tiny, DOCS_HOST_IP="192.168.1.300")
    assert built.returncode != 0
    assert "DOCS_HOST_IP='192.168.1.300': not an IPv4 address" in built.stderr, built.stderr[-3000:]
    assert "Traceback" not in built.stderr


@site
def test_unclosed_code_fence_names_the_line_where_it_opens(tiny: Path) -> None:
    edit(tiny, ZH, lambda t: t + "\n```bash\necho 没有结束的代码块\n")
    line = line_of(tiny, ZH, "echo 没有结束的代码块") - 1
    message = f"{ZH}:{line}: '```bash' opens a code block that is never closed"
    done = dev(tiny, "snippets", "--check")
    assert done.returncode == 1 and message in done.stderr, done.stderr
    assert "or delete this line if it is left over" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    built = build(tiny)
    assert built.returncode != 0 and message in built.stderr, built.stderr[-3000:]


@site
@pytest.mark.parametrize("target", ["index.md#no-such-section", "no-such-page.md", "#no-such-anchor"])
def test_broken_internal_link_or_anchor_names_file_line_and_target(tiny: Path, target: str) -> None:
    edit(tiny, EN, lambda t: t + f"\nSee [there]({target}).\n")
    built = build(tiny)
    assert built.returncode != 0
    line = line_of(tiny, EN, f"]({target})")
    assert f"{EN}:{line}: broken link '{target}'" in built.stderr, built.stderr[-3000:]


@site
def test_snippets_out_of_date_names_the_files_and_the_command(tiny: Path) -> None:
    assert dev(tiny, "snippets").returncode == 0
    for name in (ZH, EN):
        edit(tiny, name, lambda t: t.replace("uname -s", "uname -sr", 1))
    done = dev(tiny, "snippets", "--check")
    assert done.returncode == 1
    assert f"snippets/{SLUG}/01.sh: differs from its page" in done.stderr, done.stderr
    assert "refresh it with: ./dev snippets" in done.stderr


@site
def test_stale_translation_names_the_page_and_the_commits_since(chapter: Path) -> None:
    git(chapter, "add", "-A")
    git(chapter, "commit", "-q", "-m", "Add the network chapter")
    edit(chapter, ZH, lambda t: t + "\n新增的一段说明。\n")
    git(chapter, "commit", "-q", "-am", "Explain bridges in the network chapter")
    done = dev(chapter, "translations")
    assert f"{EN} is older than its source {ZH}" in done.stdout, done.stdout
    assert "Add the network chapter" in done.stdout and "Explain bridges in the network chapter" in done.stdout
    assert f"./dev translations --stamp {SLUG}" in done.stdout
    assert dev(chapter, "translations", "--stamp", SLUG).returncode == 0
    assert translation_status.page_status(chapter, SLUG).state == "ok"


@site
def test_a_new_page_needs_no_stamp_per_edit_before_its_first_commit(chapter: Path) -> None:
    edit(chapter, ZH, lambda t: t + "\n还没提交的一段说明。\n")
    assert translation_status.page_status(chapter, SLUG).state == "new"
    done = dev(chapter, "translations", "--check")
    assert done.returncode == 0, done.stdout
    assert f"{ZH} is not committed yet" in done.stdout and f"./dev translations --stamp {SLUG}" in done.stdout
    assert dev(chapter, "translations", "--stamp", SLUG).returncode == 0
    git(chapter, "add", "-A")
    git(chapter, "commit", "-q", "-m", "Add the network chapter")
    assert translation_status.page_status(chapter, SLUG).state == "ok"


@site
def test_unknown_recorded_source_version_is_reported(chapter: Path) -> None:
    git(chapter, "add", "-A")
    git(chapter, "commit", "-q", "-m", "Add the network chapter")
    edit(chapter, EN, lambda t: re.sub(r"source_sha: \w+", "source_sha: 0123456789abcdef0123456789abcdef01234567", t))
    done = dev(chapter, "translations", "--check")
    assert done.returncode == 1
    assert "which is no committed version of" in done.stdout and "0123456789abcdef" in done.stdout, done.stdout


@site
def test_docker_not_reachable_says_what_is_missing_and_how_to_start_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from docs_tooling.lab.engine import ensure_engine
    from docs_tooling.lab.errors import EngineUnavailable

    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-docker.sock")
    with pytest.raises(EngineUnavailable) as caught:
        ensure_engine(log=lambda message: None)
    message = str(caught.value)
    assert "no Docker Engine answers" in message and "no-docker.sock" in message and "start it" in message, message


@site
def test_chinese_typography_names_file_line_and_fix() -> None:
    found = lint_typography.check_text("# 标题\n\n安装DevStack之前,先看一下。\n", "docs/zh/x.md")
    shown = "\n".join(map(str, found))
    assert "docs/zh/x.md:3:" in shown and "安装 DevStack 之前，先看一下。" in shown, shown


@site
def test_shellcheck_names_page_line_and_rule(tmp_path: Path) -> None:
    script = tmp_path / "snippets" / "kvm" / "01.sh"
    script.parent.mkdir(parents=True)
    script.write_text("# docs/zh/kvm.md:20 · docs/en/kvm.md:22\n# runs ...\n# generated\n# ---\nsudo adduser $USER libvirt\n",
                      encoding="utf-8")
    shown = "\n".join(map(str, lint_shell.check_files([script], tmp_path)))
    assert "docs/zh/kvm.md:21 · docs/en/kvm.md:23 (snippets/kvm/01.sh:5): SC2086" in shown, shown


# --- mistakes that need Docker: the snippet runner's reports ----------------------------------------


@pytest.mark.container
def test_failing_snippet_shows_page_line_command_exit_status_and_output(chapter: Path) -> None:
    for name in (ZH, EN):
        edit(chapter, name, lambda t: t.replace("uname -s", "ls /no-such-folder", 1))
    assert dev(chapter, "snippets").returncode == 0
    done = pytest_in(chapter, ZH, "-m", "container")
    out = done.stdout
    assert done.returncode == 1, out[-3000:]
    zh_line = line_of(chapter, ZH, "```bash")
    assert f"{ZH}:{zh_line}" in out and "ls /no-such-folder" in out, out[-3000:]
    assert "exit status 2, expected 0" in out and "No such file or directory" in out, out[-3000:]


@pytest.mark.container
def test_hanging_snippet_shows_page_line_and_timeout(chapter: Path) -> None:
    for name in (ZH, EN):
        edit(chapter, name, lambda t: t.replace("contains: Linux", "timeout: 3", 1).replace("uname -s", "sleep 60", 1))
    assert dev(chapter, "snippets").returncode == 0
    start = time.monotonic()
    done = pytest_in(chapter, ZH, "-m", "container")
    out = done.stdout
    assert done.returncode == 1, out[-3000:]
    assert f"{ZH}:{line_of(chapter, ZH, '```bash')}" in out and "did not finish within the timeout of 3 s" in out, out[-3000:]
    assert time.monotonic() - start < 50, "the hanging snippet was not stopped at its timeout"
