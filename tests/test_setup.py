"""The README's promise for the distribution's own Python: ``./dev`` sets up ``.venv`` with ``/usr/bin/python3``
(3.11.2 on Debian 12) and the site tests pass in it. The set-up is offline, from the wheel cache that ``./dev test``
fills before pytest starts (:mod:`docs_tooling.wheelhouse`): tests reach no package index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docs_tooling import wheelhouse

pytestmark = pytest.mark.setup
SYSTEM_PYTHON = Path("/usr/bin/python3")


def python_version(python: Path | str) -> str:
    return subprocess.run([str(python), "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True, check=True).stdout.strip()


def working_tree_clone(root: Path, target: Path) -> Path:
    """A git clone of ``root`` (history for dates and translation stamps) with its working tree's files on top."""
    subprocess.run(["git", "clone", "-q", "--local", str(root), str(target)], check=True)
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=root,
                           capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        if (root / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, target / name)
    return target


@pytest.mark.skipif(not SYSTEM_PYTHON.exists(), reason="this machine has no /usr/bin/python3 (the distribution's own)")
def test_fresh_venv_from_the_system_python_passes_the_site_tests(root: Path, tmp_path: Path) -> None:
    cache = wheelhouse.location(root)
    assert (cache / ".complete").exists(), f"the wheel cache {cache} is not filled: `./dev test` fills it before pytest"
    version = python_version(SYSTEM_PYTHON)
    assert version.rsplit(".", 1)[0] == f"{sys.version_info.major}.{sys.version_info.minor}", (
        f"{SYSTEM_PYTHON} is {version}, the wheel cache holds wheels for this venv's {sys.version.split()[0]}: run "
        f"./dev test with {SYSTEM_PYTHON} first on the PATH (rm -rf .venv first)")
    project = working_tree_clone(root, tmp_path / "project")
    environ = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    environ |= wheelhouse.offline_pip_environ(cache) | {"PATH": f"{SYSTEM_PYTHON.parent}:{environ.get('PATH', '')}"}
    done = subprocess.run(["./dev", "test", "-m", "site", "-p", "no:cacheprovider", "-q"], cwd=project, env=environ,
                          capture_output=True, text=True, timeout=1200)
    tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-40:])
    assert done.returncode == 0, f"./dev test -m site with a fresh .venv from {SYSTEM_PYTHON} ({version}) failed:\n{tail}"
    assert python_version(project / ".venv" / "bin" / "python") == version, tail
    assert " passed" in tail and " failed" not in tail, tail
