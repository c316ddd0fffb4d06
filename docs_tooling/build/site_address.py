"""mkdocs hook: the site's public address, from ``SITE_URL``, checked, and what depends on it.

- The hook sets mkdocs' ``site_url`` from ``SITE_URL`` (mkdocs.yml has no ``site_url``: mkdocs would reject a
  malformed one before any hook runs, in words that name neither the setting nor the value). A malformed address
  stops the build with one line naming the setting, the value and the rule. ``mkdocs serve`` keeps its own address
  (mkdocs sets ``site_url`` to the server's), but a malformed ``SITE_URL`` stops it too.
- Set: mkdocs gives every page its canonical address (``page.canonical_url``), ``overrides/sitemap.xml`` lists every
  page of both languages with its alternates, and the ``hreflang`` filter gives each page its alternates as absolute
  addresses, plus ``x-default`` (the default language's page) for ``overrides/main.html``'s head. mkdocs renders
  the 404 pages with links absolute from the address's path, so they work below a sub-path at any depth.
- Unset: the build says so once (the offline copy, read from disk, does not) and leaves out ``sitemap.xml`` (a
  sitemap needs absolute addresses); mkdocs writes no canonical link without ``site_url``. The head's alternates stay
  relative, as Material writes them.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from docs_tooling.build import addresses

log = logging.getLogger("mkdocs.hooks.site_address")
SITEMAP = "sitemap.xml"
UNSET_NOTICE = (f"{addresses.SITE_URL_ENV} is not set: no sitemap.xml and no canonical links; 404 pages link from the "
                f"server's root. Set {addresses.SITE_URL_ENV} to the site's public address, e.g. https://HOST/PATH/")
_told: set[int] = set()  # configs already told that SITE_URL is unset: one line per build, not per language
_command = {"name": "build"}  # mkdocs' command, from on_startup


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


def on_config(config: Any) -> Any:
    value = os.environ.get(addresses.SITE_URL_ENV, "")
    if value:
        problem = addresses.site_url_problem(value)
        if problem:
            raise PluginError(addresses.message(addresses.SITE_URL_ENV, value, problem))
        if _command["name"] != "serve":  # the server's own address stays: its pages are served from it
            config["site_url"] = value if value.endswith("/") else value + "/"
    if config.get("site_url"):
        return config
    config.theme.static_templates.discard(SITEMAP)  # not rendered; on_files keeps the template from being copied
    if id(config) not in _told and not _offline(config):  # an offline copy is read from disk: no address to miss
        _told.add(id(config))
        log.info(UNSET_NOTICE)
    return config


def _offline(config: Any) -> bool:
    """Whether this is the offline copy (Material's offline plugin, on for ``./dev build --offline``)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


@event_priority(-110)  # after mkdocs-static-i18n (-100), which makes each language's files anew
def on_files(files: Any, config: Any) -> Any:
    template = None if config.get("site_url") else files.get_file_from_path(SITEMAP)
    if template is not None:  # a theme file no longer listed as a template: mkdocs would copy the template itself
        files.remove(template)
    return files


def alternates(page: Any, site_url: str, languages: list[str], default: str) -> list[dict[str, str]]:
    """``[{lang, href}]``: the page in each language it exists in, then ``x-default`` (its default-language page).

    ``href`` is absolute below ``site_url`` when it is set, else the path below the site's root (for ``| url``).
    """
    found = getattr(page.file, "alternates", None) or {}
    hrefs: dict[str, str] = {}
    for lang in languages:
        if lang in found:
            path = found[lang].url
            path = "" if path in (".", "./") else path
            hrefs[lang] = site_url + path if site_url else path or "./"
    listed = [{"lang": lang, "href": href} for lang, href in hrefs.items()]
    if default in hrefs:
        listed.append({"lang": "x-default", "href": hrefs[default]})
    return listed


def on_env(env: Any, config: Any, files: Any) -> Any:
    i18n = config.plugins["i18n"]
    site_url = config.get("site_url") or ""
    languages, default = list(i18n.all_languages), i18n.default_language
    env.filters["hreflang"] = lambda page: alternates(page, site_url, languages, default) if page else []
    return env
