"""verified.json, as the runner writes it: an entry only for a page whose every selected snippet ran and passed, saying
exactly what ran (day, fingerprint, count, engines, systems, value sets); any other page keeps its entry; xdist writes
the same. Each on a tiny site with a local bash (tests/plugins/local_machine.py), as in test_plugin.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import textwrap
from pathlib import Path

import pytest

from docs_tooling.extract import snippets
from docs_tooling.extract.snippet_fingerprint import fingerprint
from docs_tooling.lab.engines import ENGINES
from docs_tooling.project import ROOT
from docs_tooling.runner import verified_record
from docs_tooling.runner.lab_values import DEFAULT, OTHER
from docs_tooling.runner.page_machine import OS_RELEASE, system_name
from docs_tooling.runner.verified_record import RECORD_FILE, Entry, Machine
from tests import tiny_site as site
from tests.plugins.local_machine import LOCAL_ENGINE

pytestmark = pytest.mark.runner

THIS_SYSTEM = system_name("this host", 0, Path(OS_RELEASE).read_text(encoding="utf-8"))
# Page a: a value (so it runs once per value set), a Windows command (never run), three Linux snippets.
PAGE_A = """\
```bash
echo one {{ host_ip }}
```

<!-- snippet
id: listing
-->
```bash
ls /
```

<!-- snippet
runs: windows
equivalent: listing
-->
```powershell
dir
```

```bash
echo three
```
"""
PAGE_B = "```bash\necho b\n```\n"
ENGINE_PAGE = "<!-- snippet\ncaps: [engine]\n-->\n```bash\necho engine\n```\n"
OLD = Entry("2020-01-02", "sha256:old", 1, (Machine(None, ("Debian GNU/Linux 11 (bullseye)",), (DEFAULT,)),))


@pytest.fixture
def tiny_site(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    """``tiny_site(**pages)`` writes the site; returns ``run(*pytest_args)``, which also gives the record after the run."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    for name in list(os.environ):
        if name.startswith("DOCS_"):
            monkeypatch.delenv(name)

    def write(**pages: str):
        site.write(pytester.path, plugins=("tests.plugins.local_machine", "no:cacheprovider"),
                   **{page: f"# {page}\n\n" + textwrap.dedent(text) for page, text in pages.items()})

        def run(*args: str):
            result = pytester.runpytest_subprocess("-rs", *args, timeout=300)
            return result, verified_record.load(pytester.path)

        return run

    return write


def seed(root: Path, entries: dict[str, Entry]) -> None:
    """A record as an earlier run left it."""
    (root / RECORD_FILE).write_text(verified_record.dumps(entries), encoding="utf-8")


def today_range() -> set[str]:
    """The UTC day now, and tomorrow's (a run may cross midnight)."""
    now = dt.datetime.now(dt.UTC).date()
    return {now.isoformat(), (now + dt.timedelta(days=1)).isoformat()}


def page_fingerprint(root: Path, page: str) -> str:
    """The fingerprint of the page's snippets as extracted, independently of the run."""
    return fingerprint((s.shape, s.meta) for s in snippets.collect(root) if s.page == page)


def test_a_passing_run_writes_the_day_fingerprint_count_and_what_ran(tiny_site, pytester: pytest.Pytester) -> None:
    days = today_range()
    result, record = tiny_site(a=PAGE_A, b=PAGE_B)()
    result.assert_outcomes(passed=7, skipped=2)  # a: 3 Linux snippets per value set; b (no value): once
    a, b = record["a"], record["b"]
    assert a.date in days and b.date in days
    assert a.fingerprint == page_fingerprint(pytester.path, "a") != b.fingerprint == page_fingerprint(pytester.path, "b")
    assert (a.snippets, b.snippets) == (3, 1)  # the Windows command is not counted
    assert a.machines == (Machine(None, (THIS_SYSTEM,), (DEFAULT, OTHER)),)
    assert b.machines == (Machine(None, (THIS_SYSTEM,), (DEFAULT,)),)  # ran once: its commands take no value
    assert f"a: every snippet passed: entry written ({a.date}, 3 snippets; {THIS_SYSTEM}; values default, other)" in \
        result.stdout.str()
    text = (pytester.path / RECORD_FILE).read_text(encoding="utf-8")
    assert text == verified_record.dumps(record) and json.loads(text)["pages"]["a"]["machines"][0]["values"] == [DEFAULT, OTHER]


def test_a_failing_snippet_leaves_the_old_entry(tiny_site, pytester: pytest.Pytester) -> None:
    run = tiny_site(a=PAGE_A.replace("echo three", "false"), b=PAGE_B)
    seed(pytester.path, {"a": OLD, "b": OLD})
    result, record = run()
    assert record["a"] == OLD, "a failed: its old entry stays"
    assert record["b"] != OLD and record["b"].date in today_range(), "b passed in the same run: written"
    assert "a: entry kept as it was: snippet 4 failed" in result.stdout.str(), result.stdout.str()


def test_a_run_that_stops_early_leaves_the_pages_it_did_not_finish(tiny_site, pytester: pytest.Pytester) -> None:
    """The run stops (as at Ctrl-C) after a's default-values run passed, before its other-values run began: the run
    selected both, so a gets no entry from half of them; b, never reached, neither."""
    run = tiny_site(a=PAGE_A, b=PAGE_B)
    seed(pytester.path, {"a": OLD, "b": OLD})
    pytester.makeconftest(f"""
        import pytest

        def pytest_runtest_setup(item):
            if item.name.endswith("[{OTHER}]"):
                pytest.exit("stopped by the test")
    """)
    result, record = run()
    assert "stopped by the test" in result.stdout.str() + result.stderr.str()
    assert record == {"a": OLD, "b": OLD}
    assert f"a: entry kept as it was: the run ended before docs/zh/a.md::L3[{OTHER}] ran" in result.stdout.str(), \
        result.stdout.str()


def test_a_partial_selection_does_not_claim_what_it_did_not_run(tiny_site, pytester: pytest.Pytester) -> None:
    run = tiny_site(a=PAGE_A, e=ENGINE_PAGE)
    seed(pytester.path, {"a": OLD})
    result, record = run("-k", "L3 and not other")  # one snippet of a's three: nothing to claim for a
    assert record["a"] == OLD
    assert "a: entry kept as it was: the run selected 1 of its 4 snippets (not 2, 3, 4)" in result.stdout.str()

    result, record = run("--values", DEFAULT, "--engine", ENGINES[-1].name)
    result.assert_outcomes(passed=4, skipped=1)
    assert record["a"].machines == (Machine(None, (THIS_SYSTEM,), (DEFAULT,)),), "the other values did not run"
    assert record["e"].machines == (Machine(LOCAL_ENGINE.format(ENGINES[-1].name), (THIS_SYSTEM,), (DEFAULT,)),)

    result, record = run()  # everything: every engine, both value sets
    assert record["e"].engines == [LOCAL_ENGINE.format(engine.name) for engine in ENGINES]
    assert record["e"].values == [DEFAULT, OTHER] and record["a"].values == [DEFAULT, OTHER]


def test_xdist_writes_the_same_record(tiny_site, pytester: pytest.Pytester) -> None:
    run = tiny_site(a=PAGE_A, b=PAGE_B, e=ENGINE_PAGE)
    result, alone = run("-n", "0")
    result.assert_outcomes(passed=13, skipped=2)
    text = (pytester.path / RECORD_FILE).read_text(encoding="utf-8")
    (pytester.path / RECORD_FILE).unlink()
    result, parallel = run("-n", "2", "--dist", "loadfile")
    result.assert_outcomes(passed=13, skipped=2)
    assert parallel == alone and set(alone) == {"a", "b", "e"}
    assert (pytester.path / RECORD_FILE).read_text(encoding="utf-8") == text


def test_a_broken_record_is_one_line_and_is_left_as_it_is(tiny_site, pytester: pytest.Pytester) -> None:
    tiny_site(b=PAGE_B)
    broken = '{\n  "pages": {\n    "b": {,\n'
    (pytester.path / RECORD_FILE).write_text(broken, encoding="utf-8")
    result = pytester.runpytest_subprocess(timeout=300)
    out = result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, out
    assert out.count(f"not written: {RECORD_FILE}:3: not valid JSON (Expecting property name enclosed in double quotes): "
                     f"restore it (git checkout {RECORD_FILE}) or delete it") == 1, out
    assert "Traceback" not in out and (pytester.path / RECORD_FILE).read_text(encoding="utf-8") == broken


def test_the_entry_of_a_page_that_is_gone_is_dropped(tiny_site, pytester: pytest.Pytester) -> None:
    run = tiny_site(b=PAGE_B)
    seed(pytester.path, {"b": OLD, "gone": OLD})
    result, record = run()
    assert set(record) == {"b"}
    assert "gone: entry dropped: there is no such page any more" in result.stdout.str()
