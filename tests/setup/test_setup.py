"""The README's promise for the distribution's own Python: ``./dev`` sets up ``.venv`` with ``/usr/bin/python3``
(3.11.2 on Debian 12) and the site tests pass in it; on a Debian 13 machine (Python 3.13) it sets up and builds. The
set-up is offline, from the wheel caches that ``./dev test`` fills before pytest starts (:mod:`docs_tooling.chores.wheelhouse`):
tests reach no package index."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from docs_tooling.chores import wheelhouse
from docs_tooling.lab.engines import ENGINES
from docs_tooling.lab.machine_image import SHIFT
from docs_tooling.lab.nested_engine import NestedEngine
from docs_tooling.runner.lab_values import run_lab
from tests.conftest import copy_working_files

pytestmark = pytest.mark.setup
SYSTEM_PYTHON = Path("/usr/bin/python3")


def python_version(python: Path | str) -> str:
    return subprocess.run([str(python), "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True, check=True).stdout.strip()


def working_tree_clone(root: Path, target: Path) -> Path:
    """A git clone of ``root`` (history for dates and translation stamps) with its working tree's files on top."""
    subprocess.run(["git", "clone", "-q", "--local", str(root), str(target)], check=True)
    return copy_working_files(root, target)


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


def owned_tar(sources: dict[str, Path], owner: int) -> bytes:
    """A tar of ``{name in the archive: folder}``, every member owned by ``owner``."""
    def own(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = owner
        info.uname = info.gname = ""
        return info

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, folder in sources.items():
            tar.add(folder, arcname=name, filter=own)
    return buffer.getvalue()


def test_fresh_debian_13_sets_up_and_builds(root: Path, tmp_path: Path) -> None:
    """A reader's Debian 13 machine (the one engine pages get on Engine 26.1): its own python3 and python3-venv from
    the suite, then ``./dev build`` and the site checks that cover every page, with pip offline from the wheel cache
    that ``./dev test`` filled for that Python."""
    suite = "trixie"
    wanted = wheelhouse.DEBIAN_PYTHON[suite]
    cache = wheelhouse.location(root, wanted)
    assert (cache / ".complete").exists(), f"the wheel cache {cache} is not filled: `./dev test` fills it before pytest"
    engine = next(e for e in ENGINES if e.suite == suite and not e.backport_suite)
    lab = run_lab()
    with NestedEngine(lab.services, lab.machine_image(engine), engine) as machine:
        def run(cmd: str, what: str) -> str:
            code, out = machine.exec(cmd)
            assert code == 0, f"on Debian 13 ({what}): `{cmd}` exited {code}:\n" + "\n".join(out.splitlines()[-40:])
            return out

        run("sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
            "python3 python3-venv git shellcheck > /dev/null", "installing python3, python3-venv, git, shellcheck")
        version = run("python3 -c 'import platform; print(platform.python_version())'", "python3").strip()
        assert version.rsplit(".", 1)[0] == wanted, f"Debian 13's python3 is {version}, wheelhouse.DEBIAN_PYTHON says {wanted}"
        uid = int(run("id -u", "the reader's uid"))
        project = working_tree_clone(root, tmp_path / "project")
        machine.container.put_archive("/machine/home/reader", owned_tar({"project": project, "wheels": cache}, SHIFT + uid))
        offline = " ".join(f"{key}={value}" for key, value in wheelhouse.offline_pip_environ(Path("/home/reader/wheels")).items())
        built = run(f"cd ~/project && env {offline} ./dev build 2>&1", "./dev build")
        assert "dev: setting up .venv" in built, built
        checks = run(f"cd ~/project && env {offline} ./dev test -m 'site and every_page' -n 0 -q -p no:cacheprovider 2>&1",
                     "the site checks of every page")
        assert " passed" in checks and " failed" not in checks, checks
