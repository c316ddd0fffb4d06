"""Snippets are what the renderer renders: one tiny Markdown text per case, scanned as ``./dev snippets --scan`` does.

The cases are the ones where a scanner of its own disagreed with Python-Markdown + superfences.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from docs_tooling.build import fence_record
from docs_tooling.extract import scan, snippets
from docs_tooling.project import LANGS, ROOT
from macros import variables
from tests import tiny_site

pytestmark = pytest.mark.site


def shell_fences(text: str) -> list[tuple[int, str, str, str | None]]:
    scanned = scan.scan_text("page.md", text, scan.converter())
    assert not scanned.problems, scanned.problems
    return [(fence.line, fence.lang, fence.code, fence.meta) for fence in scanned.fences]


def test_a_fence_written_dot_sh_is_a_shell_fence() -> None:
    assert shell_fences("# t\n\n```.sh\necho dotted\n```\n") == [(3, "sh", "echo dotted", None)]


def test_a_fence_inside_an_html_comment_is_not_shown_so_not_extracted() -> None:
    assert shell_fences("<!--\n```bash\nrm -rf ~/old\n```\n-->\n\n```bash\necho shown\n```\n") == [(7, "bash", "echo shown", None)]


def test_a_fence_in_a_block_quote_is_shown_so_extracted() -> None:
    assert shell_fences("> quoted:\n>\n> ```bash\n> echo quoted\n> ```\n") == [(3, "bash", "echo quoted", None)]


def test_a_fence_in_an_indented_code_block_is_text_not_a_fence() -> None:
    assert shell_fences("Example of Markdown:\n\n    ```bash\n    echo shown-as-text\n    ```\n") == []


def test_fences_in_admonitions_and_tabs_keep_their_lines_and_metadata() -> None:
    text = ('!!! note\n\n    <!-- snippet\n    exit: 1\n    -->\n    ```bash\n    false\n    ```\n\n'
            '=== "Linux"\n\n    ```console\n    $ ls\n    ```\n')
    assert shell_fences(text) == [(6, "bash", "false", "exit: 1"), (12, "console", "$ ls", None)]


def test_a_one_line_comment_right_above_a_fence_gives_it_no_metadata() -> None:
    text = "<!-- snippet exit: 1 -->\n\ntext\n<!-- a note for editors -->\n```bash\ntrue\n```\n"
    assert shell_fences(text) == [(5, "bash", "true", None)]


def test_metadata_on_the_comment_line_and_below_it() -> None:
    text = "<!-- snippet exit: 2 -->\n```bash\nexit 2\n```\n\n<!-- snippet\ncontains: x\n-->\n```bash\necho x\n```\n"
    scanned = scan.scan_text("page.md", text, scan.converter())
    assert [(f.line, f.meta, f.meta_line) for f in scanned.fences] == [(2, "exit: 2", 1), (9, "contains: x", 7)]


def test_a_stray_fence_line_is_named_with_both_fixes_and_the_fences_before_it_are_kept() -> None:
    text = "```bash\necho first\n```\n\n```bash\n\nSome text.\n"
    scanned = scan.scan_text("page.md", text, scan.converter())
    assert [(f.line, f.code) for f in scanned.fences] == [(1, "echo first")]
    assert scanned.problems == [
        "page.md:5: '```bash' opens a code block that is never closed, so readers see this line and the ones after it as "
        "text: add a closing line with the same fence after the command, or delete this line if it is left over"
    ]


def test_front_matter_lines_count_in_the_line_numbers() -> None:
    assert shell_fences("---\ntitle: x\n---\n\n```bash\necho after front matter\n```\n")[0][0] == 5


def test_the_recorder_leaves_the_html_as_superfences_alone_makes_it() -> None:
    text = (ROOT / "docs/zh/openstack-lab.md").read_text(encoding="utf-8")
    extensions = ["admonition", "attr_list", "md_in_html", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.tabbed"]
    configs = {"pymdownx.tabbed": {"alternate_style": True}}
    with_recorder = markdown.Markdown(extensions=[*extensions, fence_record.FenceRecordExtension()], extension_configs=configs)
    alone = markdown.Markdown(extensions=extensions, extension_configs=configs)
    without_comments = fence_record.HIDDEN_COMMENT_LINES_RE.sub("", text)
    assert with_recorder.convert(text) == alone.convert(without_comments)
    assert fence_record.conversion_of(text) is not None and fence_record.conversion_of(text).shown


def test_scan_command_prints_one_json_object_per_fence_and_fails_on_a_stray_fence(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text("# g\n\n<!-- snippet exit: 1 -->\n```bash\nfalse\n```\n", encoding="utf-8")
    bad.write_text("```sh\necho never closed\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "docs_tooling.cli", "snippets", "--scan", str(good), str(bad)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert [json.loads(line) for line in done.stdout.splitlines()] == [
        {"file": str(good), "line": 4, "language": "bash", "code": "false", "meta": "exit: 1"}]
    assert done.returncode == 1 and done.stderr.startswith(f"error: {bad}:1: '```sh' opens a code block that is never closed")
    missing = subprocess.run([sys.executable, "-m", "docs_tooling.cli", "snippets", "--scan", str(tmp_path / "none.md")],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and missing.stderr == f"error: no such file: {tmp_path / 'none.md'}\n"


def test_the_build_extracts_what_readers_see_with_values_and_source_lines(tmp_path: Path) -> None:
    """Through a real build (macros, a glossary that adds lines): a commented-out fence is left out, the
    shown one carries the value and its line in the source file, and its metadata the line of its key."""
    page = ("# p\n\n{{ glossary_entries() }}\n\n<!--\n```bash\nrm -rf ~/old\n```\n-->\n\n"
            "<!-- snippet\ncontains: \"{{ host_ip }}\"\n-->\n```bash\necho {{ host_ip }}\n```\n")
    root = tiny_site.write(tmp_path / "tiny", p=page)
    found = snippets.collect(root)
    host_ip = variables.load({})["host_ip"]
    assert [(s.page, s.lines, s.code, s.meta.contains) for s in found] == [
        ("p", {lang: 14 for lang in LANGS}, f"echo {host_ip}", (host_ip,))]
