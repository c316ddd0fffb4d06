"""Host chores: root check, installing missing Debian packages, running commands with clear errors."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from docs_tooling.lab.errors import LabError
from docs_tooling.lab.paths import cache_subdir

Log = Callable[[str], object]

_apt_updated = False
# apt-get waits this long for another process's dpkg lock (an install started by hand, unattended-upgrades), not failing
# at once with "Could not get lock"; the lock of :func:`one_install_at_a_time` orders this project's own processes.
APT_LOCK_TIMEOUT = 600


def apt_get(*args: str) -> list[str]:
    """``apt-get ARGS`` as the lab runs it on the host: waiting for dpkg's lock instead of failing on it."""
    return ["apt-get", "-o", f"DPkg::Lock::Timeout={APT_LOCK_TIMEOUT}", *args]


@contextmanager
def one_install_at_a_time() -> Iterator[None]:
    """Hold the host's install lock: parallel test workers on a fresh machine each find a package missing, and a second
    ``apt-get`` beside the first fails on dpkg's lock. The holder installs; the others wait, then find it installed."""
    with open(cache_subdir("host") / "apt.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def tail(text: str | bytes, lines: int = 15) -> str:
    """The last ``lines`` lines of ``text``, for error messages."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return "\n".join(text.strip().splitlines()[-lines:])


def require_root(what: str, error: type[LabError] = LabError) -> None:
    """Raise ``error`` unless running as root: ``what`` names the task that needs it."""
    if os.geteuid() != 0:
        raise error(f"{what} needs root (apt-get, dockerd, debootstrap): run the tests as root, e.g. `sudo -E ./dev test`")


def run(cmd: Sequence[str], what: str, error: type[LabError] = LabError, timeout: float | None = None,
        env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``cmd``; on failure raise ``error`` naming ``what`` with the output's last lines."""
    try:
        done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout,
                              env=None if env is None else {**os.environ, **env})
    except FileNotFoundError as exc:
        raise error(f"{what}: command {cmd[0]!r} not found") from exc
    except subprocess.TimeoutExpired as exc:
        raise error(f"{what}: `{' '.join(cmd)}` took more than {timeout:.0f} s") from exc
    if done.returncode != 0:
        output = done.stdout + done.stderr
        errors = [line.strip() for line in output.splitlines() if line.startswith("E: ")]  # apt's and debootstrap's
        headline = errors[-1] if errors else f"`{' '.join(cmd)}` exited {done.returncode}"
        raise error(f"{what}: {headline}\n{tail(output)}")
    return done


def ensure_commands(commands: Mapping[str, str], log: Log = print, error: type[LabError] = LabError) -> None:
    """Install the Debian package of each missing command (``{"debootstrap": "debootstrap"}``).

    Runs ``apt-get update`` once per process, then ``apt-get install -y`` with every missing package, holding the
    host's install lock (:func:`one_install_at_a_time`); what another process installed meanwhile is not installed again.
    """
    missing = sorted({package for command, package in commands.items() if shutil.which(command) is None})
    if not missing:
        return
    require_root(f"installing {', '.join(missing)}", error)
    with one_install_at_a_time():
        _install_missing(commands, log, error)


def _install_missing(commands: Mapping[str, str], log: Log, error: type[LabError]) -> None:
    global _apt_updated
    missing = sorted({package for command, package in commands.items() if shutil.which(command) is None})
    if not missing:
        return
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    hint = f"install them by hand: `apt-get update && apt-get install -y {' '.join(missing)}`"
    if not _apt_updated:
        log("lab: apt-get update")
        run(apt_get("update"), f"apt-get update failed ({hint})", error, timeout=600 + APT_LOCK_TIMEOUT, env=env)
        _apt_updated = True
    log(f"lab: apt-get install -y {' '.join(missing)}")
    run(apt_get("install", "-y", "--no-install-recommends", *missing), f"apt-get install failed ({hint})", error,
        timeout=1200 + APT_LOCK_TIMEOUT, env=env)
    still = [command for command in commands if shutil.which(command) is None]
    if still:
        raise error(f"after installing {', '.join(missing)}, {', '.join(still)} is still missing; {hint}")
