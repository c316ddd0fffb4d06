"""The page-wide snippet metadata that chooses a page's machine (`suite`) and reads its failures (`diagnose`): each
mistake is one line naming the file and line and what to do."""

from __future__ import annotations

import pytest

from docs_tooling.extract.snippet_meta import MetaError, parse_meta
from docs_tooling.extract.snippets import Snippet, SnippetError, _check_machine, _check_references
from docs_tooling.lab.suites import SUITES

pytestmark = pytest.mark.site
PAGE = "docs/zh/p.md"


def page(*metas: str) -> list[Snippet]:
    """Snippets of page p, one per metadata text, on lines 10, 20, ..."""
    return [Snippet("p", n, {"zh": 10 * n, "en": 10 * n}, "bash", "true", parse_meta(meta, PAGE, 10 * n - 2))
            for n, meta in enumerate(metas, 1)]


def test_an_unknown_suite_names_the_line_and_the_suites() -> None:
    with pytest.raises(MetaError) as caught:
        parse_meta("timeout: 5\nsuite: forky", PAGE, 7)
    assert str(caught.value) == (f"{PAGE}:8: snippet metadata: 'suite: forky' must be one of {', '.join(SUITES)} "
                                 "(the Debian suites the lab builds machines of)")


def test_a_page_has_one_suite() -> None:
    with pytest.raises(SnippetError) as caught:
        _check_machine(page("suite: trixie", "", "suite: bookworm"))
    assert str(caught.value).startswith(f"{PAGE}:30: `suite: bookworm`, but {PAGE}:10 says `suite: trixie`")
    _check_machine(page("suite: trixie", "suite: trixie", ""))  # the same suite twice is one machine


@pytest.mark.parametrize(("meta", "says"), [
    ("caps: [engine]", "`caps: [engine]` (an engine machine's suite is its engine's)"),
    ("runs: client", "`runs: client` (chapter 4's LAN has machines of its own)"),
    ("caps: [NET_ADMIN]", "`caps: [NET_ADMIN]` (a suite machine's root holds every capability in its own namespaces"),
])
def test_a_suite_does_not_go_with_another_machine(meta: str, says: str) -> None:
    with pytest.raises(SnippetError) as caught:
        _check_machine(page("suite: trixie", meta))
    assert str(caught.value).startswith(f"{PAGE}:20: {says}"), caught.value
    assert f"cannot go with `suite: trixie` ({PAGE}:10): drop one of them" in str(caught.value)


@pytest.mark.parametrize(("metas", "says"), [
    (("diagnose: log", ""), "names no snippet on this page; ids here: none"),
    (("id: log", "diagnose: log"), "names snippet 1, which must come later on the page"),
    (("diagnose: log", "id: log\nruns: client"), "names snippet 2, which must come later on the page, run where this "
                                                 "one runs (`runs: reader`) and open no shell; ids here: log"),
])
def test_diagnose_names_a_later_snippet_of_the_same_machine(metas: tuple[str, ...], says: str) -> None:
    snippets = page(*metas)
    wrong = next(s for s in snippets if s.meta.diagnose)
    with pytest.raises(SnippetError) as caught:
        _check_references(snippets)
    assert str(caught.value).startswith(f"{PAGE}:{wrong.lines['zh']}: `diagnose: log` {says}"), caught.value
    _check_references(page("diagnose: log", "id: log"))
