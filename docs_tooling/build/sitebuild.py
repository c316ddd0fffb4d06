"""Run ``mkdocs build --strict`` for a project folder with chosen variable values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from macros import variables


def build(root: Path, site_dir: Path, environ: dict[str, str] | None = None,
          capture_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Build the site of ``root`` into ``site_dir``.

    Only ``environ``'s DOCS_* values apply (the caller's own DOCS_* are ignored), so a build is
    reproducible whatever the shell exported. ``capture_dir`` receives each page's rendered Markdown.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(variables.ENV_PREFIX)}
    env.update(environ or {})
    env["NO_MKDOCS_2_WARNING"] = "1"
    if capture_dir is not None:
        env[variables.CAPTURE_ENV] = str(capture_dir)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root, env=env, capture_output=True, text=True,
    )
