"""A tiny site of its own for one test scenario: a page or two in each language, built by the project's tooling.

Its mkdocs.yml uses the project's link-line and snippet-capture hooks, its fence recorder and its macros
(``macros/``, linked: the values of macros/variables.py), and the languages of the project's own mkdocs.yml.
``./dev`` commands run in it (``python -m docs_tooling.cli`` with the tiny site as working directory) act on it alone.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from docs_tooling import project

HOOKS = ("link_lines.py", "snippet_capture.py")
EXTENSIONS = ("toc", "admonition", "attr_list", "md_in_html", "pymdownx.superfences", "docs_tooling.build.fence_record")
PYTEST_INI = ("[pytest]\naddopts = -p docs_tooling.runner.pytest_plugin{plugins}\n"
              "markers =\n    container: snippets\n    every_page: all pages\n")


def config_text() -> str:
    default = {project.PRIMARY: "\n          default: true"}
    languages = "\n".join(f"        - locale: {lang}\n          name: {lang}\n          build: true{default.get(lang, '')}"
                          for lang in project.LANGS)
    hooks = "\n".join(f"  - {project.ROOT / 'docs_tooling' / 'build' / hook}" for hook in HOOKS)
    extensions = "\n".join(f"  - {name}" for name in EXTENSIONS)
    return textwrap.dedent("""\
        site_name: tiny
        docs_dir: docs
        strict: true
        theme:
          name: material
          language: {primary}
          font: false
        hooks:
        {hooks}
        plugins:
          - i18n:
              docs_structure: folder
              fallback_to_default: false
              languages:
        {languages}
          - macros:
              module_name: macros
              on_undefined: strict
              on_error_fail: true
        markdown_extensions:
        {extensions}
        validation:
          links:
            not_found: warn
            anchors: warn
        """).format(hooks=hooks, languages=languages, extensions=extensions, primary=project.PRIMARY)


def write(root: Path, plugins: tuple[str, ...] = (), **pages: str | tuple[str, str]) -> Path:
    """A tiny site in ``root``: each page's Markdown, the same in every language or (default language, translation).

    Its pytest.ini loads the snippet runner and ``plugins`` (e.g. ``tests.plugins.local_machine``).
    """
    pages.setdefault("index", "# tiny\n")  # the i18n plugin wants a home page in each language
    root.mkdir(parents=True, exist_ok=True)
    (root / project.CONFIG_FILE).write_text(config_text(), encoding="utf-8")
    (root / "pytest.ini").write_text(PYTEST_INI.format(plugins="".join(f" -p {name}" for name in plugins)), encoding="utf-8")
    (root / "macros").symlink_to(project.ROOT / "macros")  # mkdocs-macros loads `module_name` from the site's folder
    for page, text in pages.items():
        texts = (text, text) if isinstance(text, str) else text
        for lang, markdown in zip(project.LANGS, texts, strict=True):
            path = root / project.page_file(page, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
    return root
