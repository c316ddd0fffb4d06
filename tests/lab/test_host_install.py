"""Installing a missing host package from parallel workers: one apt-get at a time, the others find it installed.

On a fresh machine both test workers found dockerd missing and ran apt-get at once; the second failed on dpkg's lock,
its worker collected no test, and pytest-xdist stopped the run ("Different tests were collected"). Here a stand-in
``apt-get`` fails the way the real one does when another holds the lock, and installs a command otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from docs_tooling.project import ROOT

pytestmark = pytest.mark.container

FAKE_APT = """#!/bin/sh
# apt-get as the tests need it: dpkg's lock is a directory; "install" makes the command after a while.
echo "$@" >> "{calls}"
case " $* " in *" update "*) exit 0 ;; esac
mkdir "{lock}" 2>/dev/null || {{ echo "E: Could not get lock {lock}. It is held by another process"; exit 100; }}
sleep 1
printf '#!/bin/sh\\n' > "{bin}/fakecmd" && chmod +x "{bin}/fakecmd"
rmdir "{lock}"
"""

WORKER = textwrap.dedent("""
    import sys
    from docs_tooling.lab import host
    host.require_root = lambda *args, **kwargs: None  # the stand-in apt-get needs no root
    try:
        host.ensure_commands({"fakecmd": "fake-package"}, log=lambda line: None)
    except host.LabError as exc:
        print(exc)
        sys.exit(1)
""")


def test_parallel_workers_install_a_missing_command_once(tmp_path: Path) -> None:
    bin_dir, calls = tmp_path / "bin", tmp_path / "apt-calls"
    bin_dir.mkdir()
    fake = bin_dir / "apt-get"
    fake.write_text(FAKE_APT.format(calls=calls, lock=tmp_path / "dpkg-lock", bin=bin_dir))
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER], env=env, stdout=subprocess.PIPE, text=True)
               for _ in range(3)]
    outputs = [(worker.wait(timeout=60), worker.stdout.read() if worker.stdout else "") for worker in workers]
    assert all(code == 0 for code, _ in outputs), f"a worker failed to install: {outputs}"
    installs = [line for line in calls.read_text().splitlines() if " install " in f" {line} "]
    assert len(installs) == 1, f"apt-get install ran {len(installs)} times, expected once: {installs}"
    assert "DPkg::Lock::Timeout=" in installs[0], f"apt-get does not wait for another process's lock: {installs[0]}"
