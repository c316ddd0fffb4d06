"""mkdocs hook: a 404 page per language, ``404.html`` (the default language's) and ``<lang>/404.html``.

mkdocs-static-i18n builds the languages one after the other into the same folder, and each build writes the
theme's ``404.html`` at the site's root, so the last language's won (upstream: ultrabug/mkdocs-static-i18n#284,
open). Here each other language's goes to ``<lang>/404.html`` and the root keeps the default language's; the web
server answers a missing path below ``/<lang>/`` with that language's page (tests/browser/test_publish.py: nginx).

Links: mkdocs renders an error page with links absolute from ``site_url``'s path (``/`` without it), so the page
works at any depth. Language menu: i18n leaves the last page's translation links in ``config.extra.alternate`` (an
attribute, which Jinja reads before the item i18n resets for each language), so a 404 page got another page's
links; here it gets the languages' home pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATE = "404.html"
_root_page: dict[str, str] = {}  # site folder -> the default language's 404 page of the build under way


def on_template_context(context: dict[str, Any], template_name: str, config: Any) -> dict[str, Any]:
    if template_name == TEMPLATE and "alternate" in config.extra:
        config.extra.alternate = config.extra["alternate"]  # the home pages, as i18n set them for this language
    return context


def on_post_template(output: str, template_name: str, config: Any) -> str:
    if template_name != TEMPLATE:
        return output
    lang, default = config.theme["language"], config.plugins["i18n"].default_language
    if lang == default:
        _root_page[config.site_dir] = output
        return output
    target = Path(config.site_dir) / lang / TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _root_page.get(config.site_dir, "")  # mkdocs writes this at the root again: the default language's
