"""A local copy of every Python package ``./dev`` installs, so a test can set up a fresh ``.venv`` with no network.

``./dev test`` fills it before pytest starts (set-up may use the package index; tests may not), once per content
of requirements.txt and per Python version: for this interpreter ``pip wheel`` of the requirements and of the build
backend that ``pip install -e .`` needs; for another CPython (Debian 13's, in its machine) ``pip download`` of their
wheels for that version, the ones built here (pure Python) taken from this interpreter's cache. A test then points
pip at it with ``PIP_NO_INDEX=1`` and ``PIP_FIND_LINKS``, see :func:`offline_pip_environ`.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

from docs_tooling.lab.paths import cache_subdir

DEBIAN_PYTHON = {"trixie": "3.13"}  # python3 of the Debian suites whose set-up a test runs in a machine (besides this one)
# The Linux wheel tags that x86-64 Debian 12 and 13 accept (glibc 2.36 and 2.41), for wheels of another Python version.
LINUX_TAGS = ("manylinux1_x86_64", "manylinux2014_x86_64",
              *(f"manylinux_2_{minor}_x86_64" for minor in (5, 12, 17, 24, 28, 31, 34, 35, 36)), "linux_x86_64")


def this_python() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def build_requirements(root: Path) -> list[str]:
    """What pip needs to build ``root`` itself (``pip install -e .``): pyproject.toml's ``build-system.requires``."""
    return tomllib.loads((root / "pyproject.toml").read_text())["build-system"]["requires"]


def location(root: Path, python: str | None = None) -> Path:
    """The wheelhouse for ``root``'s requirements and a Python version (``3.13``; default this interpreter's)."""
    wanted = (root / "requirements.txt").read_bytes() + "\n".join(build_requirements(root)).encode()
    digest = hashlib.sha256(wanted).hexdigest()[:16]
    return cache_subdir("wheels", f"py{(python or this_python()).replace('.', '')}-{digest}")


def _pip(argv: list[str], what: str, target: Path) -> str | None:
    done = subprocess.run([sys.executable, "-m", "pip", *argv], capture_output=True, text=True)
    if done.returncode == 0:
        return None
    last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
    return f"pip could not fill the wheel cache {target} ({what}): {last}"


def ensure(root: Path, python: str | None = None) -> tuple[Path, str | None]:
    """The filled wheelhouse for ``python`` (default this one), and None; or it and a one-line reason it is not."""
    python = python or this_python()
    target = location(root, python)
    done = target / ".complete"
    if done.exists():
        return target, None
    wanted = ["-r", str(root / "requirements.txt"), *build_requirements(root)]
    quiet = ["-q", "--disable-pip-version-check"]
    if python == this_python():
        problem = _pip(["wheel", *quiet, "-w", str(target), *wanted], "pip wheel", target)
    else:
        here, problem = ensure(root)  # the pure-Python wheels built here (from sdists) serve every version
        abi = f"cp{python.replace('.', '')}"
        tags = [arg for tag in LINUX_TAGS for arg in ("--platform", tag)]
        tags += [arg for tag in (abi, "abi3", "none") for arg in ("--abi", tag)]
        problem = problem or _pip(["download", *quiet, "-d", str(target), "--only-binary=:all:", "--python-version",
                                   python, "--implementation", "cp", *tags, "--find-links", str(here), *wanted],
                                  f"pip download for Python {python}", target)
    if problem:
        return target, problem
    done.write_text("")
    return target, None


def ensure_all(root: Path) -> list[str]:
    """Fill the wheelhouses of this Python and of :data:`DEBIAN_PYTHON`'s; the problems, one line each."""
    return [problem for python in (this_python(), *DEBIAN_PYTHON.values()) if (problem := ensure(root, python)[1])]


def offline_pip_environ(wheelhouse: Path) -> dict[str, str]:
    """Environment for pip (and so ``./dev``'s set-up) to install from ``wheelhouse`` only."""
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
