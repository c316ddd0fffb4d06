"""``./dev build``: the published site, strictly, with the offline copy's archive; ``--offline``: the offline copy alone."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from docs_tooling.build import offline, offline_archive

HELP = "build the site into site/ (strict: any warning fails) with the offline copy's archive; --offline: only that copy"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", help=f"output folder (default site/; with --offline {offline.ARCHIVE_NAME}/)")
    parser.add_argument("--offline", action="store_true",
                        help="a copy of the site that works opened from disk (file://), and its .zip beside the folder")


def run(args: argparse.Namespace) -> int:
    if args.offline:
        return build_offline(Path(args.site_dir or offline.ARCHIVE_NAME).absolute())
    return build_published(Path(args.site_dir or "site"))


def mkdocs_build(site_dir: Path, **environ: str) -> int:
    """``mkdocs build --strict`` into ``site_dir`` with the caller's environment (its DOCS_* values) and ``environ``."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    return subprocess.call(command, env={**os.environ, **environ})


def build_offline(site_dir: Path) -> int:
    """The offline copy into ``site_dir`` and its archive into ``<site_dir>.zip``; read from disk, it has no public
    address (no canonical or absolute alternate links, whatever SITE_URL says)."""
    if mkdocs_build(site_dir, SITE_OFFLINE="true", SITE_URL="", **{offline.ARCHIVE_ENV: ""}):
        return 1
    archive = site_dir.with_name(f"{site_dir.name}.zip")
    size = offline_archive.write_archive(site_dir, archive, offline.ARCHIVE_NAME)
    print(f"dev: offline copy {site_dir}/index.html ({offline_archive.folder_size(site_dir):,} bytes); "
          f"archive {archive} ({size:,} bytes)")
    return 0


def build_published(site_dir: Path) -> int:
    """The offline copy's archive first (in a temporary folder), then the site, which publishes it."""
    with tempfile.TemporaryDirectory(prefix="offline-") as temporary:
        copy = Path(temporary) / offline.ARCHIVE_NAME
        print(f"dev: building the offline copy for {offline.ARCHIVE_URI}", flush=True)
        if build_offline(copy):
            return 1
        print(f"dev: building the site into {site_dir}/", flush=True)
        return mkdocs_build(site_dir, SITE_OFFLINE="false", **{offline.ARCHIVE_ENV: str(copy.with_name(f"{copy.name}.zip"))})
