"""The snippet runner's promises, each on a tiny site of its own run by pytester in a subprocess, no Docker.

Each site is a tiny site (tests/tiny_site.py: the project's hooks, fence recorder and macros, pages in docs/zh
and docs/en); its pages' "machine" is a local bash (tests/plugins/local_machine.py), so the snippets here are the
few harmless commands written below.
"""

from __future__ import annotations

import os
import textwrap

import pytest

from docs_tooling.project import ROOT
from tests import tiny_site as site

pytestmark = pytest.mark.runner


@pytest.fixture
def tiny_site(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    """Write a site whose pages (both languages alike) hold the given Markdown; returns a runner of pytest in it."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # tests.plugins.local_machine, in the subprocess
    for name in list(os.environ):
        if name.startswith("DOCS_"):
            monkeypatch.delenv(name)

    def write(**pages: str):
        site.write(pytester.path, plugins=("tests.plugins.local_machine", "no:cacheprovider"),
                   **{page: f"# {page}\n\n" + textwrap.dedent(text) for page, text in pages.items()})
        return lambda *args: pytester.runpytest_subprocess("-rs", *args, timeout=300)

    return write


FAILING_PAGE = """\
```bash
echo one
```

```bash
false
```

```bash
echo three
```
"""


def test_a_failed_snippet_skips_the_rest_of_its_page_only(tiny_site) -> None:
    run = tiny_site(a=FAILING_PAGE, b="```bash\necho other page\n```\n")
    result = run()
    result.assert_outcomes(passed=2, failed=1, skipped=1)
    out = result.stdout.str()
    assert "snippet 2 of a: exit status 1, expected 0" in out, out
    assert "depends on snippet 2 (docs/zh/a.md:7 · docs/en/a.md:7), which failed" in out, out


def test_the_summary_counts_snippets_and_why_they_were_skipped(tiny_site) -> None:
    result = tiny_site(a=FAILING_PAGE)()
    out = result.stdout.str()
    assert "snippets run: 2, passed: 1, failed: 1" in out, out
    assert "skipped: depends on a failed snippet: 1" in out, out


def test_output_checks_and_expected_exit_status_come_from_the_metadata(tiny_site) -> None:
    result = tiny_site(a="""\
        <!-- snippet
        exit: 3
        contains: "hello"
        -->
        ```bash
        sh -c "echo hello; exit 3"
        ```

        <!-- snippet contains: "absent" -->
        ```bash
        echo present
        ```
        """)()
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    assert "snippet 2 of a: " in out and "'absent'" in out, out


def test_page_selection_keeps_one_page_and_the_every_page_checks(tiny_site, pytester: pytest.Pytester) -> None:
    run = tiny_site(a="```bash\necho a\n```\n", b="```bash\necho b\n```\n")
    pytester.makepyfile(test_params="""
        import pytest

        @pytest.mark.parametrize("page", ["a", "b", "b-longer"])
        def test_per_page(page):
            pass

        @pytest.mark.every_page
        def test_all_pages():
            pass
    """)
    result = run("-p", "docs_tooling.runner.page_select", "--page", "b", "-v")
    out = result.stdout.str()
    result.assert_outcomes(passed=3)  # docs/zh/b.md's snippet, test_per_page[b], test_all_pages
    assert "docs/zh/b.md::L3 PASSED" in out and "test_per_page[b] PASSED" in out and "test_all_pages PASSED" in out, out
    assert "docs/zh/a.md" not in out and "[a]" not in out and "b-longer" not in out, out


def test_bad_metadata_is_one_collection_error_naming_file_and_line(tiny_site) -> None:
    result = tiny_site(a="<!-- snippet\nexitt: 1\n-->\n```bash\ntrue\n```\n", b="```bash\ntrue\n```\n")()
    out = result.stdout.str()
    # Without the i18n plugin mkdocs reads docs/en first: the first page it builds is the one named.
    assert out.count("/a.md:4: snippet metadata: unknown key 'exitt' (did you mean 'exit'?)") == 1, out
    assert "Traceback" not in out, out
    assert result.ret != 0
