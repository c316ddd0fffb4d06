"""A local copy of every Python package ``./dev`` installs, so a test can set up a fresh ``.venv`` with no network.

``./dev test`` fills it before pytest starts (set-up may use the package index; tests may not), once per content
of requirements.txt: ``pip wheel`` of the requirements and of the build backend that ``pip install -e .`` needs.
A test then points pip at it with ``PIP_NO_INDEX=1`` and ``PIP_FIND_LINKS``, see :func:`offline_pip_environ`.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

from docs_tooling.lab.paths import cache_subdir


def build_requirements(root: Path) -> list[str]:
    """What pip needs to build ``root`` itself (``pip install -e .``): pyproject.toml's ``build-system.requires``."""
    return tomllib.loads((root / "pyproject.toml").read_text())["build-system"]["requires"]


def location(root: Path) -> Path:
    """The wheelhouse for ``root``'s requirements and this interpreter's version (binary wheels depend on it)."""
    wanted = (root / "requirements.txt").read_bytes() + "\n".join(build_requirements(root)).encode()
    digest = hashlib.sha256(wanted).hexdigest()[:16]
    return cache_subdir("wheels", f"py{sys.version_info.major}{sys.version_info.minor}-{digest}")


def ensure(root: Path) -> tuple[Path, str | None]:
    """The filled wheelhouse, and None; or a one-line reason it could not be filled (pip's last line)."""
    target = location(root)
    done = target / ".complete"
    if done.exists():
        return target, None
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "-w", str(target)]
    for what in (["-r", str(root / "requirements.txt")], build_requirements(root)):
        done_pip = subprocess.run(pip + what, capture_output=True, text=True)
        if done_pip.returncode != 0:
            last = (done_pip.stderr.strip().splitlines() or ["(no output)"])[-1]
            return target, f"pip could not fill the wheel cache {target} (`pip wheel {' '.join(what)}`): {last}"
    done.write_text("")
    return target, None


def offline_pip_environ(wheelhouse: Path) -> dict[str, str]:
    """Environment for pip (and so ``./dev``'s set-up) to install from ``wheelhouse`` only."""
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
