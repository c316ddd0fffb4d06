"""The offline copy as one .zip, deterministic: the same files give the same bytes, whatever the day or machine.

Entries are sorted by path, below one folder (what the archive unpacks to), with a fixed date (1980-01-01, the
earliest a zip can hold), mode 644 and the same compression level; nothing of the build machine goes in.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def write_archive(folder: Path, target: Path, top: str) -> int:
    """Zip every file below ``folder`` into ``target`` as ``top/<path>``; returns the archive's size in bytes."""
    files = sorted((path.relative_to(folder).as_posix(), path) for path in folder.rglob("*") if path.is_file())
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, path in files:
            info = zipfile.ZipInfo(f"{top}/{name}", FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(target)
    return target.stat().st_size


def folder_size(folder: Path) -> int:
    """Bytes of all files below ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
