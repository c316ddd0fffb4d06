"""A table's inline code of several words becomes one span per word (docs_tooling/build/table_code_tokens.py), with
the Markdown extensions the site uses; everything else is left as it was."""

from __future__ import annotations

import markdown
import pytest

from docs_tooling.build import table_code_tokens, value_marks

pytestmark = pytest.mark.site

EXTENSIONS = ["tables", "pymdownx.inlinehilite", "docs_tooling.build.table_code_tokens"]
WORD = f'<span class="{table_code_tokens.TOKEN_CLASS}">'


def cell(markdown_cell: str) -> str:
    """The HTML of the one body cell of a table holding ``markdown_cell``."""
    html = markdown.Markdown(extensions=EXTENSIONS).convert(f"| a |\n| --- |\n| {markdown_cell} |\n")
    return html.split("<td>")[1].split("</td>")[0]


def test_each_word_of_a_tables_code_is_a_span_and_the_spaces_stay() -> None:
    assert cell("`docker pull ubuntu:24.04`") == (
        f"<code>{WORD}docker</span> {WORD}pull</span> {WORD}ubuntu:24.04</span></code>")
    assert cell("`a  <b>`") == f"<code>{WORD}a</span>  {WORD}&lt;b&gt;</span></code>"


def test_one_word_highlighted_code_and_running_text_are_left_alone() -> None:
    assert cell("`192.168.1.199` and `x`") == "<code>192.168.1.199</code> and <code>x</code>"
    assert WORD not in cell("`#!bash echo hi`")
    assert WORD not in markdown.Markdown(extensions=EXTENSIONS).convert("prose `docker pull x`")


def test_a_readers_value_stays_inside_one_word() -> None:
    value = value_marks.mark("devstack_repo", "https://opendev.org/openstack/devstack")
    html = value_marks.to_html(cell(f"`git clone {value}`"))
    assert html == (f'<code>{WORD}git</span> {WORD}clone</span> '
                    f'{WORD}<span data-lab-var="devstack_repo">https://opendev.org/openstack/devstack</span></span></code>')
