"""The snippet runner's promises, each on a tiny site of its own run by pytester in a subprocess, no Docker.

Each site is a tiny site (tests/tiny_site.py: the project's hooks, fence recorder and macros, pages in docs/zh
and docs/en); its pages' "machine" is a local bash (tests/plugins/local_machine.py), so the snippets here are the
few harmless commands written below. Every page runs once per value set (the defaults and the other lab: the
fixture clears the DOCS_* values of the environment), each in a shell of its own.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from docs_tooling.project import ROOT
from docs_tooling.runner.lab_values import DEFAULT, OTHER, OTHER_VALUES, as_environ, describe
from macros import variables
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
echo one {{ host_ip }}
```

```bash
false
```

```bash
echo three
```
"""


def test_a_failed_snippet_skips_the_rest_of_its_page_only(tiny_site) -> None:
    """Of its page run only: the run with the other values has a shell of its own, so its snippet 1 still runs."""
    run = tiny_site(a=FAILING_PAGE, b="```bash\necho other page\n```\n")
    result = run()
    # a per value set: 1 passes, 2 fails, 3 is skipped; b (no value in its commands) runs once and passes
    result.assert_outcomes(passed=3, failed=2, skipped=2)
    out = result.stdout.str()
    assert "snippet 2 of a: exit status 1, expected 0" in out, out
    assert f"snippet 2 of a with the {OTHER} values: exit status 1, expected 0" in out, out
    assert "SKIPPED [2] " in out and "depends on snippet 2 (docs/zh/a.md:7 · docs/en/a.md:7), which failed" in out, out


def test_the_summary_counts_snippets_and_why_they_were_skipped(tiny_site) -> None:
    result = tiny_site(a=FAILING_PAGE)()
    out = result.stdout.str()
    assert "snippets run: 4, passed: 2, failed: 2" in out, out
    assert "skipped: depends on a failed snippet: 2" in out, out
    for name, environ in ((DEFAULT, {}), (OTHER, as_environ(OTHER_VALUES))):
        assert f"values {name} ({describe(environ)}): run 2, passed 1, failed 1" in out, out


def test_every_snippet_runs_once_per_value_set_rendered_with_its_values(tiny_site, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "values.log"
    monkeypatch.setenv("RUNNER_LOG", str(log))  # the local bash, in the pytester subprocess, inherits it
    result = tiny_site(a='```bash\necho "{{ host_ip }} {{ subnet }} {{ branch }} {{ gateway }}" >> "$RUNNER_LOG"\n```\n')("-v")
    out = result.stdout.str()
    result.assert_outcomes(passed=2)
    assert "docs/zh/a.md::L3 PASSED" in out and f"docs/zh/a.md::L3[{OTHER}] PASSED" in out, out
    assert "snippets: a, values other (1 tests)" in out, out  # the time per part names the set
    expected = [" ".join(variables.load(environ)[name] for name in ("host_ip", "subnet", "branch", "gateway"))
                for environ in ({}, as_environ(OTHER_VALUES))]
    assert log.read_text().split("\n")[:-1] == expected


def test_a_failure_names_the_value_set_its_values_and_how_to_run_it_again(tiny_site) -> None:
    default_ip = variables.load({})["host_ip"]
    run = tiny_site(**{"sub/a": f'```bash\ntest "{{{{ host_ip }}}}" = {default_ip}\n```\n'})
    result = run()
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    other = describe(as_environ(OTHER_VALUES))
    assert f"snippet 1 of sub/a with the {OTHER} values: exit status 1, expected 0" in out, out
    assert f"  values: {OTHER} ({other})\n  again: {other} ./dev test-page sub/a --values {OTHER}\n" in out, out
    run("--values", OTHER).assert_outcomes(failed=1)
    run("--values", DEFAULT).assert_outcomes(passed=1)
    wrong = run("--values", "nope")
    assert wrong.ret == pytest.ExitCode.USAGE_ERROR and f"sets of this run: {DEFAULT}, {OTHER}" in wrong.stderr.str()


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
    result.assert_outcomes(passed=1, failed=1)  # no value in its commands: one run
    out = result.stdout.str()
    assert "snippet 2 of a: " in out and "'absent'" in out, out


def test_page_selection_keeps_one_page_and_the_every_page_checks(tiny_site, pytester: pytest.Pytester) -> None:
    run = tiny_site(a="```bash\necho a\n```\n", b="```bash\necho b {{ branch }}\n```\n")
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
    result.assert_outcomes(passed=4)  # docs/zh/b.md's snippet (per value set), test_per_page[b], test_all_pages
    assert "docs/zh/b.md::L3 PASSED" in out and f"docs/zh/b.md::L3[{OTHER}] PASSED" in out, out
    assert "test_per_page[b] PASSED" in out and "test_all_pages PASSED" in out, out
    assert "docs/zh/a.md" not in out and "[a]" not in out and "b-longer" not in out, out


def test_bad_metadata_is_one_collection_error_naming_file_and_line(tiny_site) -> None:
    result = tiny_site(a="<!-- snippet\nexitt: 1\n-->\n```bash\ntrue\n```\n", b="```bash\ntrue\n```\n")()
    out = result.stdout.str()
    # Without the i18n plugin mkdocs reads docs/en first: the first page it builds is the one named.
    assert out.count("/a.md:4: snippet metadata: unknown key 'exitt' (did you mean 'exit'?)") == 1, out
    assert "Traceback" not in out, out
    assert result.ret != 0


def test_a_site_that_builds_only_with_the_defaults_names_the_value_set_that_breaks_it(tiny_site) -> None:
    default_ip = variables.load({})["host_ip"]
    page = f'{{% if host_ip != "{default_ip}" %}}{{{{ 1 // 0 }}}}{{% endif %}}\n```bash\ntrue\n```\n'  # fails with other values
    result = tiny_site(a=page)()
    out = result.stdout.str()
    assert result.ret != 0 and out.count("(no page's snippets are collected until this is fixed)") == 1, out
    assert f"with the {OTHER} values ({describe(as_environ(OTHER_VALUES))}): the site does not build" in out, out
    assert "docs/zh/a.md:3: template error: integer division or modulo by zero" in out and "Traceback" not in out, out


def test_a_page_whose_commands_take_no_value_runs_once(tiny_site) -> None:
    """Its plain machine takes no value either: a second run would type the same commands into the same machine."""
    result = tiny_site(a="```bash\necho same\n```\n", b="```bash\necho {{ subnet }}\n```\n")("-v")
    result.assert_outcomes(passed=3)
    out = result.stdout.str()
    assert "docs/zh/a.md::L3 PASSED" in out and f"docs/zh/a.md::L3[{OTHER}]" not in out, out
    assert "docs/zh/b.md::L3 PASSED" in out and f"docs/zh/b.md::L3[{OTHER}] PASSED" in out, out


DIAGNOSED_PAGE = """\
<!-- snippet
diagnose: why
-->
```bash
echo starting > service.log; echo "ERROR the service failed" >> service.log; false
```

<!-- snippet
id: why
-->
```bash
tail -n 1 service.log
```
"""


def test_a_failure_reports_what_the_diagnose_snippet_shows(tiny_site) -> None:
    """The page's own command to read the log runs right after the failure, in the same shell, and its output is in
    the report; without the failure it runs in its turn."""
    result = tiny_site(a=DIAGNOSED_PAGE, b=DIAGNOSED_PAGE.replace("; false", ""))()
    result.assert_outcomes(failed=1, skipped=1, passed=2)  # b: nothing fails, the log snippet runs in its turn
    out = result.stdout.str()
    assert "snippet 1 of a: exit status 1, expected 0" in out, out
    assert "  why, as the page finds out (snippet 2, docs/zh/a.md:13 · docs/en/a.md:13):\n" \
           "    $ tail -n 1 service.log\n    (exit status 0; last 25 lines:)\n    | ERROR the service failed" in out, out
