"""mkdocs-macros module: page variables, the glossary, and checks that name file and line.

Values come from :mod:`macros.variables`; this module only exposes them to the pages.
"""

from __future__ import annotations

import posixpath
import traceback
from pathlib import Path
from typing import Any

from jinja2 import TemplateAssertionError, TemplateSyntaxError, meta, nodes
from mkdocs.exceptions import PluginError

from docs_tooling.build import glossary_marks, value_marks
from docs_tooling.build import lab_panel as lab_panel_hook
from docs_tooling.extract.fences import source_markdown

from . import diagrams, glossary, lab_diagram
from . import variables as values

CAN_USE = "The values, macros and filters a page can use: the contributor guide, and macros/variables.py"


def _language(env: Any) -> str:
    # Read at render time: per-language `extra` reaches macros one language late.
    return env.conf["theme"]["language"]


def load_glossary() -> list[glossary.Term]:
    """The glossary, checked (a mistake stops the build with its line); re-read when the file changes (./dev serve)."""
    try:
        return glossary.load()
    except glossary.GlossaryError as exc:
        raise PluginError(str(exc)) from None


def _page_source(env: Any) -> tuple[str, int]:
    """The page's path for messages, and how many front-matter lines precede its Markdown."""
    page = env.page
    path = Path(page.file.abs_src_path)
    try:
        rel = path.relative_to(Path(env.conf["config_file_path"]).parent)
    except ValueError:
        rel = path
    return rel.as_posix(), source_markdown(path.read_text(encoding="utf-8"))[1]


def check_template(env: Any, where: str, offset: int) -> None:
    """Stop the build at the first template mistake (syntax, undefined variable, unknown filter, failing render),
    naming file:line; ``offset`` is the number of front-matter lines before the Markdown."""
    try:
        tree = env.env.parse(env.markdown)
    except TemplateSyntaxError as exc:
        raise PluginError(
            f"{where}:{(exc.lineno or 0) + offset}: template error: {exc.message}. "
            "A shell command with its own '{{' or '{%' must be wrapped in {% raw %} ... {% endraw %}."
        ) from None
    known = set(env.variables) | set(env.macros) | set(env.filters) | set(env.env.globals)
    try:
        undeclared = meta.find_undeclared_variables(tree) - known  # compiles the template: unknown filters fail here
    except TemplateAssertionError as exc:
        raise PluginError(f"{where}:{(exc.lineno or 0) + offset}: template error: {exc.message.rstrip('.')}. {CAN_USE}") from None
    for name in tree.find_all(nodes.Name):
        if name.name in undeclared:
            names = ", ".join(sorted(values.BASE) + sorted(values.DERIVED_DOC))
            raise PluginError(
                f"{where}:{name.lineno + offset}: undefined variable '{name.name}'. "
                f"Defined variables: {names} (see macros/variables.py)."
            )
    try:  # what only compiling or rendering finds: an unknown filter, an attribute a value lacks, a failing macro
        env.env.from_string(env.markdown).render(**env.variables)
    except Exception as exc:  # any error of the page's template is reported the same way
        line = getattr(exc, "lineno", None) or _template_line(exc)
        message = getattr(exc, "message", None) or str(exc)
        raise PluginError(f"{where}:{(line or 0) + offset}: template error: {message.rstrip('.')}. {CAN_USE}") from None


def _template_line(exc: BaseException) -> int | None:
    """The template line where a render error happened (Jinja names the template's frames ``<template>``)."""
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == "<template>"]
    return lines[-1] if lines else None


def define_env(env: Any) -> None:
    try:
        loaded = values.load()
    except values.VariableError as exc:
        raise PluginError(f"invalid site variable: {exc}") from None
    # Each `{{ name }}` prints its value marked (see on_pre_page_macros), for the browser's "your lab" panel.
    env.variables.update({name: value_marks.LabValue(name, value) for name, value in loaded.items()})

    load_glossary()  # a mistake in glossary.yml stops the build before any page

    @env.macro
    def glossary_entries() -> str:
        """The glossary as a definition list in the page's language: each term with its anchor and its name in the
        other languages, then its definition."""
        lang = _language(env)
        entries = []
        for t in load_glossary():
            others = " ".join(f'<span class="glossary-other" lang="{o}">{t.names[o]}</span>' for o in t.names
                              if o != lang and t.names[o].casefold() != t.names[lang].casefold())  # not KVM twice
            entries.append(f'<span id="{t.id}"></span>{t.names[lang]} {others}\n:   {t.definitions[lang]}')
        return "\n\n".join(entries)

    @env.macro
    def values_table() -> str:
        """The reader's values: name, environment variable, value in this build, meaning."""
        lang = _language(env)
        head = {
            "zh": "| 变量 | 环境变量 | 值（本次构建的值，或你在面板里输入的值） | 含义 |\n| --- | --- | --- | --- |",
            "en": "| Variable | Environment variable | Value (this build's, or yours) | Meaning |\n| --- | --- | --- | --- |",
        }
        derived_note = {"zh": "（由其他值推导）", "en": " (derived)"}
        def shown(name: str) -> str:
            return value_marks.mark(name, env.variables[name])

        rows = [
            f"| `{name}` | `{values.ENV_PREFIX}{name.upper()}` | `{shown(name)}` | {base.doc_zh if lang == 'zh' else base.doc} |"
            for name, base in values.BASE.items()
        ]
        rows += [
            f"| `{name}` | — | `{shown(name)}` | {docs[1] if lang == 'zh' else docs[0]}{derived_note[lang]} |"
            for name, docs in values.DERIVED_DOC.items()
        ]
        return "\n".join([head[lang], *rows])

    @env.macro
    def lab_panel() -> str:
        """Where the "your lab" panel goes on this page (by default: right under the title)."""
        return lab_panel_hook.MOUNT

    lab_diagram.register(env)
    diagrams.register(env)


def on_pre_page_macros(env: Any) -> None:
    env.env.finalize = value_marks.finalize  # the Jinja environment exists only once define_env has run
    check_template(env, *_page_source(env))


def on_post_page_macros(env: Any) -> None:
    # The snippet comments stay in the Markdown: docs_tooling/build/snippet_capture.py reads them and removes them
    # from the HTML. The glossary's line goes at the end, where it shifts no line; the glossary page gets none, nor
    # does a site without the extension that reads it (the tests' tiny sites).
    if glossary_marks.__name__ not in env.conf["markdown_extensions"]:
        return
    lang = _language(env)
    try:
        page = Path(env.page.file.abs_src_path).relative_to(Path(env.conf["docs_dir"]) / lang).as_posix()
    except ValueError:
        return  # not a page of a language's folder
    if page != glossary.GLOSSARY_PAGE:
        href = posixpath.relpath(glossary.GLOSSARY_PAGE, posixpath.dirname(page) or ".")
        env.markdown = f"{env.markdown.rstrip()}\n\n{glossary_marks.page_line(lang, href, load_glossary())}\n"
