"""mkdocs hook: during ``mkdocs serve``, a failed rebuild shows its error in the browser, not only in the terminal.

mkdocs 1.6 keeps the last good pages after a failed rebuild, and its server holds every page request until a
build succeeds ("The server will appear stuck until build errors are resolved"): the browser waits with no word.
This hook writes the error over every page of the served site and lets the server answer again (the epoch that
mkdocs' live-reload script polls moves on), so open tabs reload onto the error. The next good build writes the
pages back and reloads them as usual. ``mkdocs build`` is not affected.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

_serving: dict[str, Any] = {}  # while `mkdocs serve` runs: its "server", and the "pages" of the last good build

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build error</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
pre{{background:#fff3f3;border-left:4px solid #c62828;padding:1rem;white-space:pre-wrap}}</style></head>
<body><h1>The site did not build · 站点构建失败</h1>
<p>Fix the file named below and save it: this tab reloads by itself. The terminal running <code>./dev serve</code>
shows the same message.</p>
<p>修正下面提到的文件并保存，本页会自动重新加载。运行 <code>./dev serve</code> 的终端里有同样的信息。</p>
<pre>{message}</pre></body></html>
"""


def error_page(error: BaseException) -> str:
    message = str(error).strip() or type(error).__name__
    return PAGE.format(message=html.escape(message))


def html_pages(site_dir: Path) -> list[str]:
    return sorted(str(page.relative_to(site_dir)) for page in site_dir.rglob("*.html"))


def show_error(site_dir: Path, pages: list[str], error: BaseException) -> None:
    """Write the error page at each of ``pages`` (paths in ``site_dir``; the failed build may have emptied it), and
    as ``404.html``, which the server answers for any other path."""
    text = error_page(error)
    for name in {*pages, "index.html", "404.html"}:
        page = site_dir / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")


def release_waiting_browsers(server: LiveReloadServer) -> None:
    """Let the server answer page requests again and tell polling tabs to reload (mkdocs 1.6's live-reload state)."""
    with server._epoch_cond:
        server._visible_epoch = server._wanted_epoch
        server._epoch_cond.notify_all()


def on_serve(server: LiveReloadServer, config: Any, builder: Any) -> LiveReloadServer:
    _serving.update(server=server, pages=html_pages(Path(server.root)))
    return server


def on_post_build(config: Any) -> None:
    if "server" in _serving:
        _serving["pages"] = html_pages(Path(_serving["server"].root))


def on_build_error(error: Exception) -> None:
    if "server" not in _serving:
        return
    show_error(Path(_serving["server"].root), _serving["pages"], error)
    release_waiting_browsers(_serving["server"])
