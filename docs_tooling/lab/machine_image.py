"""The image of a reader's machine in a user namespace of its own: a small outer root (the lab's own tools) and, under
``/machine``, the reader's root filesystem with every owner shifted by :data:`SHIFT`. The root is that of an engine's
Debian suite with its Docker Engine (:func:`machine_image`), or a fresh install of a suite without one
(:func:`suite_machine_image`, for pages whose services need a root with every capability in its own namespaces).

The container runs :file:`machine/init.sh`, which starts ``/machine`` in a user namespace mapping its ids 0-65535 to
the host's ``SHIFT``-``SHIFT+65535``: the machine's root owns its own files and nothing of the host's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from docs_tooling.lab.engines import Engine
from docs_tooling.lab.errors import ImageBuildError
from docs_tooling.lab.host import Log
from docs_tooling.lab.images import (
    ADD_READER,
    DOCS,
    FORMAT,
    REPOSITORY,
    SUDOERS,
    TOOLS,
    Recipe,
    add_reader,
    sources_files,
    tarball_path,
)
from docs_tooling.lab.mirror import AptMirror, find_mirror
from docs_tooling.lab.paths import cache_subdir
from docs_tooling.lab.suites import FRESH_INSTALL

SHIFT, COUNT = 100000, 65536
SCRIPTS = Path(__file__).with_name("machine")
SCRIPT_NAMES = ("init.sh", "stage2.sh", "enter.sh")
INIT, ENTER = "/lab/init.sh", "/lab/enter.sh"
DOCKERD_OPTS_PATH = "/etc/lab/dockerd-opts"  # written by the lab at start: registry mirror, DNS, bridge address
# Appended to the package's /etc/default/docker (sourced by Debian's init script); listed in the contributor guide.
DEFAULT_DOCKER_LAB = f"""
# Added by the docs lab; not on a reader's machine (see the contributor guide, "What the lab configures"):
# this host's open-file and process limits cannot be raised, so the init script's `ulimit` calls may fail here;
# the lab's engine options (registry mirror, DNS) are read from {DOCKERD_OPTS_PATH}.
ulimit() {{ command ulimit "$@" 2>/dev/null || true; }}
[ ! -r {DOCKERD_OPTS_PATH} ] || DOCKER_OPTS="$DOCKER_OPTS $(cat {DOCKERD_OPTS_PATH})"
# On a reader's machine systemd runs dockerd: `service docker stop|restart` waits until dockerd has exited (SIGKILL
# only after systemd's stop timeout, 90 s by default) and `start|restart` returns once the new dockerd answers
# (Type=notify). Debian's init script sends SIGKILL after 10 s, while dockerd may still be stopping containers, and
# returns at once after starting it. Here the init script waits as systemd does: lab_start_stop_daemon stands in for
# the command (under the script's set -e). Debian 12's and 13's init script is sh (dash), which expands aliases in a
# script and takes no function name with a dash; forky's is bash, which takes such a function and expands no alias.
# Alive: its state, read once, is not Z (a zombie not yet reaped by the machine's init). No state (it was reaped
# meanwhile) is not alive: a check in two reads (kill -0, then /proc) took a process reaped between them for alive.
lab_alive() {{ lab_state=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) && [ -n "$lab_state" ] && [ "$lab_state" != Z ]; }}
lab_start_stop_daemon() {{
  pidfile=""; previous=""
  for arg do [ "$previous" != --pidfile ] || pidfile=$arg; previous=$arg; done
  case " $* " in
    *" --stop "*)
      pid=$(cat "$pidfile" 2>/dev/null || true)
      if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 900); do
          if ! lab_alive "$pid"; then rm -f "$pidfile"; return 0; fi
          sleep 0.1
        done
      fi
      command start-stop-daemon "$@" ;;
    *" --start "*)
      command start-stop-daemon "$@" || return
      for _ in $(seq 600); do  # the dockerd just started answers (not one still stopping)
        [ "$(cat /var/run/docker.pid 2>/dev/null)" = "$(cat "$pidfile" 2>/dev/null)" ] && docker version > /dev/null 2>&1 && return 0
        sleep 0.1
      done
      echo "dockerd did not answer within 60 s: see /var/log/docker.log" >&2
      return 1 ;;
    *) command start-stop-daemon "$@" ;;
  esac
}}
if [ -n "${{BASH_VERSION:-}}" ]; then eval 'start-stop-daemon() {{ lab_start_stop_daemon "$@"; }}'
else alias start-stop-daemon=lab_start_stop_daemon; fi
"""


# What a machine without Docker has beyond FRESH_INSTALL, and why (listed in the contributor guide): tini, the init
# that reaps the machine's orphans (a fresh install's init is systemd, which cannot run here; an engine machine has
# tini from docker.io); a UTF-8 locale, as Debian's cloud images set it (the installer sets the language chosen):
# without one, Python embedded in uWSGI (Debian's OpenStack APIs) reads configuration files as ASCII.
SUITE_EXTRA = ("tini",)
LOCALE = ("/etc/default/locale", "LANG=C.UTF-8\n", 0o644)


def shim_recipe(mirror: AptMirror | None = None) -> Recipe:
    """The outer root: ``unshare``/``nsenter`` (util-linux), ``newuidmap`` (uidmap) and ``ip`` (iproute2)."""
    mirror = mirror or find_mirror()
    ids = f"root:{SHIFT}:{COUNT}\n"
    return Recipe(name="machine-shim", packages=("iproute2", "uidmap"), mirror_url=mirror.url,
                  remove=("/etc/apt/sources.list", "/var/lib/apt/lists/*", "/var/cache/apt/*.bin", *DOCS),
                  files=(("/etc/subuid", ids, 0o644), ("/etc/subgid", ids, 0o644)), cmd=(INIT,))


def machine_recipe(engine: Engine, mirror: AptMirror | None = None) -> Recipe:
    """The reader's machine of ``engine``: its suite's tools, what a fresh install adds (``FRESH_INSTALL``) and
    Docker packages, user ``reader`` (sudo, docker)."""
    mirror = dataclasses.replace(mirror or find_mirror(), suite=engine.suite)
    backport = (engine.backport_suite, engine.backport_packages) if engine.backport_suite else None
    append = ("sh", "-c", f"printf '%s' {_sh_quote(DEFAULT_DOCKER_LAB)} >> /etc/default/docker")
    return Recipe(
        name=f"machine-{engine.name}", packages=(*TOOLS, *FRESH_INSTALL[engine.suite], *engine.packages),
        suite=engine.suite, mirror_url=mirror.url,
        remove=("/etc/apt/sources.list", "/var/cache/apt/*.bin", *DOCS),
        files=(*sources_files(mirror), SUDOERS), backport=backport, commands=(ADD_READER, append))


def suite_recipe(suite: str, mirror: AptMirror | None = None) -> Recipe:
    """A fresh install of ``suite`` without Docker: its tools, what a fresh install adds (``FRESH_INSTALL``), the
    machine's init and locale (``SUITE_EXTRA``, ``LOCALE``), user ``reader`` (sudo)."""
    mirror = dataclasses.replace(mirror or find_mirror(), suite=suite)
    return Recipe(
        name=f"machine-{suite}", packages=(*TOOLS, *FRESH_INSTALL[suite], *SUITE_EXTRA), suite=suite,
        mirror_url=mirror.url, remove=("/etc/apt/sources.list", "/var/cache/apt/*.bin", *DOCS),
        files=(*sources_files(mirror), SUDOERS, LOCALE), commands=(add_reader("sudo"),))


def _sh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@dataclass(frozen=True)
class MachineImage:
    """The composed image of one machine (an :class:`~docs_tooling.lab.images.ImageSource`): ``machine-28.5``,
    ``machine-trixie``."""

    name: str
    shim: Recipe
    machine: Recipe
    cmd: tuple[str, ...] = (INIT,)

    def digest(self) -> str:
        scripts = {name: (SCRIPTS / name).read_text() for name in SCRIPT_NAMES}
        data = [FORMAT, SHIFT, COUNT, self.shim.rootfs_digest(), self.machine.rootfs_digest(), scripts, list(self.cmd)]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    @property
    def reference(self) -> str:
        return f"{REPOSITORY}/{self.name}:{self.digest()[:12]}"

    def tarball(self) -> Path:
        return cache_subdir("rootfs") / f"{self.name}-{self.digest()}.tar"

    def build(self, log: Log = print) -> Path:
        """Both roots (built if not cached), then one tarball: the shim, ``/lab`` scripts, ``/machine`` shifted."""
        parts = []
        for recipe in (self.shim, self.machine):
            path = tarball_path(recipe)
            if not path.exists():
                recipe.build(log)
            parts.append(path)
        target = self.tarball()
        partial = target.with_suffix(".partial")
        started = time.monotonic()
        try:
            with tarfile.open(partial, "w") as out:
                _copy_members(out, parts[0], prefix="", shift=0)
                for name in SCRIPT_NAMES:
                    data = (SCRIPTS / name).read_bytes()
                    info = tarfile.TarInfo(f"lab/{name}")
                    info.size, info.mode, info.mtime = len(data), 0o755, int(time.time())
                    out.addfile(info, io.BytesIO(data))
                _copy_members(out, parts[1], prefix="machine/", shift=SHIFT)
            partial.replace(target)
        except (OSError, tarfile.TarError) as exc:
            partial.unlink(missing_ok=True)
            raise ImageBuildError(f"composing {target.name} from {parts[0].name} and {parts[1].name}: {exc}") from exc
        log(f"lab: composed {target.name} in {time.monotonic() - started:.1f} s")
        return target


def _copy_members(out: tarfile.TarFile, source: Path, prefix: str, shift: int) -> None:
    """Every member of ``source`` into ``out``, renamed below ``prefix`` (hard links too) with owners + ``shift``."""
    with tarfile.open(source) as tar:
        for member in tar:
            name = member.name.removeprefix("./").rstrip("/")
            if not name and not prefix:
                continue  # the outer root itself
            member.name = (prefix + name).rstrip("/") or "."
            if member.islnk():
                member.linkname = prefix + member.linkname.removeprefix("./")
            if shift:
                member.uid, member.gid, member.uname, member.gname = member.uid + shift, member.gid + shift, "", ""
            out.addfile(member, tar.extractfile(member) if member.isreg() else None)


def machine_image(engine: Engine, mirror: AptMirror | None = None) -> MachineImage:
    """The machine of ``engine``: its suite with its Docker Engine."""
    mirror = mirror or find_mirror()
    return MachineImage(f"machine-{engine.name}", shim_recipe(mirror), machine_recipe(engine, mirror))


def suite_machine_image(suite: str, mirror: AptMirror | None = None) -> MachineImage:
    """A fresh install of ``suite`` (one of :data:`SUITES`) without a Docker Engine."""
    mirror = mirror or find_mirror()
    return MachineImage(f"machine-{suite}", shim_recipe(mirror), suite_recipe(suite, mirror))
