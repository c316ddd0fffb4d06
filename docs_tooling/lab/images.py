"""Root filesystems from ``debootstrap``, cached as tarballs by recipe hash, imported into the engine."""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import docker
import docker.errors

from docs_tooling.lab import labels
from docs_tooling.lab.errors import ImageBuildError
from docs_tooling.lab.host import Log, ensure_commands, require_root, run
from docs_tooling.lab.mirror import AptMirror, find_mirror
from docs_tooling.lab.paths import cache_subdir

REPOSITORY = "openstack-notes-docs"
FORMAT = 1  # bump when the way recipes are built changes, to invalidate cached tarballs


@dataclass(frozen=True)
class Recipe:
    """What goes into an image: debootstrap ``--include`` packages, files written, commands run in a chroot."""

    name: str
    packages: tuple[str, ...] = ()
    files: tuple[tuple[str, str, int], ...] = ()  # (absolute path, content, mode)
    remove: tuple[str, ...] = ()  # absolute paths or globs, files or trees, deleted before the files are written
    commands: tuple[tuple[str, ...], ...] = ()  # run with chroot after the files are written
    cmd: tuple[str, ...] = ("/bin/bash",)
    suite: str = "bookworm"
    variant: str = "minbase"
    mirror_url: str = ""
    # (suite, packages): installed over the root from a newer suite (apt pinned to it for these packages only)
    backport: tuple[str, tuple[str, ...]] | None = None

    def rootfs_digest(self) -> str:
        """Hash of everything that shapes the root filesystem: names its cached tarball."""
        # a field left at None is left out, so that adding an optional field keeps the cached tarballs valid
        data = {"format": FORMAT, **{k: v for k, v in self.__dict__.items() if k != "cmd" and v is not None}}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    def digest(self) -> str:
        """Hash of the whole recipe (root filesystem and image settings): names the image."""
        return hashlib.sha256(json.dumps([self.rootfs_digest(), self.cmd]).encode()).hexdigest()

    @property
    def reference(self) -> str:
        """``openstack-notes-docs/<name>:<hash>``."""
        return f"{REPOSITORY}/{self.name}:{self.digest()[:12]}"

    def tarball(self) -> Path:
        return tarball_path(self)

    def build(self, log: Log = print) -> Path:
        return build_rootfs(self, log)


class ImageSource(Protocol):
    """What :func:`ensure_image` imports: a cached tarball, built on demand, named by a digest."""

    name: str
    cmd: tuple[str, ...]

    @property
    def reference(self) -> str: ...

    def tarball(self) -> Path: ...

    def build(self, log: Log = print) -> Path: ...


SOURCES_PATH = "/etc/apt/sources.list.d/debian.sources"


def sources_files(mirror: AptMirror) -> tuple[tuple[str, str, int], ...]:
    return ((SOURCES_PATH, mirror.sources(), 0o644),)


DOCS = ("/usr/share/doc/*", "/usr/share/man/*", "/usr/share/info/*")  # nobody reads them in a test; ~40 MB less to move


def standin_recipe(mirror: AptMirror | None = None) -> Recipe:
    """A minimal Debian 12 root standing in for the images pages pull (``ubuntu:24.04`` and the like).

    Like those images it has no package lists: ``apt-get update`` comes first.
    """
    mirror = mirror or find_mirror()
    return Recipe(name="standin", files=sources_files(mirror), mirror_url=mirror.url,
                  remove=("/etc/apt/sources.list", "/var/lib/apt/lists/*", "/var/cache/apt/*.bin", *DOCS))


READER_PACKAGES = ("sudo", "docker.io", "git", "curl", "ca-certificates", "iproute2", "iptables", "iputils-ping",
                   "procps", "kmod", "less")
TOOLS = tuple(p for p in READER_PACKAGES if p != "docker.io")  # the engine machines take Docker from their suite
SUDOERS = ("/etc/sudoers.d/reader", "reader ALL=(ALL) NOPASSWD:ALL\n", 0o440)


def add_reader(groups: str) -> tuple[str, ...]:
    """The command that creates user ``reader`` with a home, bash and the supplementary ``groups`` (comma-separated)."""
    return ("useradd", "--create-home", "--shell", "/bin/bash", "--groups", groups, "reader")


ADD_READER = add_reader("sudo,docker")


def reader_recipe(mirror: AptMirror | None = None) -> Recipe:
    """The reader's Debian 12 machine without a running engine (plain pages, chapter 4's LAN client): tools, user
    ``reader`` (passwordless sudo, group docker)."""
    mirror = mirror or find_mirror()
    return Recipe(
        name="reader", packages=READER_PACKAGES, mirror_url=mirror.url,
        remove=("/etc/apt/sources.list", "/var/cache/apt/*.bin", *DOCS),
        files=(*sources_files(mirror), SUDOERS),
        commands=(ADD_READER,),
    )


def tarball_path(recipe: Recipe) -> Path:
    """Where the root filesystem tarball of ``recipe`` is cached."""
    return cache_subdir("rootfs") / f"{recipe.name}-{recipe.rootfs_digest()}.tar"


def build_rootfs(recipe: Recipe, log: Log = print) -> Path:
    """Debootstrap ``recipe`` into a temporary directory and tar it to its cache path (atomic rename)."""
    target = tarball_path(recipe)
    require_root(f"building the {recipe.name!r} root filesystem", ImageBuildError)
    ensure_commands({"debootstrap": "debootstrap", "tar": "tar"}, log, ImageBuildError)
    debs = cache_subdir("debootstrap-debs")
    work = Path(tempfile.mkdtemp(prefix=f"build-{recipe.name}-", dir=target.parent))
    root = work / "root"
    try:
        started = time.monotonic()
        log(f"lab: debootstrap {recipe.name} ({recipe.suite}, {recipe.variant}, {len(recipe.packages)} extra packages)")
        include = [f"--include={','.join(recipe.packages)}"] if recipe.packages else []
        run(["debootstrap", f"--variant={recipe.variant}", f"--cache-dir={debs}", *include, recipe.suite, str(root),
             recipe.mirror_url], f"debootstrap of {recipe.name!r} (Debian {recipe.suite}, mirror {recipe.mirror_url}) failed",
            ImageBuildError, timeout=1800)
        _remove(root, recipe.remove)
        for path, content, mode in recipe.files:
            dest = root / path.lstrip("/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(content)
            dest.chmod(mode)
        if recipe.backport:
            _install_backport(root, recipe, log)
            _remove(root, recipe.remove)
        for command in recipe.commands:
            run(["chroot", str(root), *command], f"building {recipe.name!r}: chroot command failed", ImageBuildError)
        for junk in ("var/cache/apt/archives", "var/log", "tmp"):
            for item in (root / junk).glob("*"):
                if item.is_file():
                    item.unlink()
        partial = work / "rootfs.tar"
        run(["tar", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-C", str(root), "-cf", str(partial), "."],
            f"packing {recipe.name!r}", ImageBuildError)
        partial.replace(target)
        log(f"lab: built {target.name} in {time.monotonic() - started:.1f} s")
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _remove(root: Path, patterns: tuple[str, ...]) -> None:
    for pattern in patterns:
        for path in root.glob(pattern.lstrip("/")):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def _install_backport(root: Path, recipe: Recipe, log: Log) -> None:
    """apt-get install ``PACKAGE/SUITE`` in the chroot, the newer suite pinned low so that nothing else comes from it;
    its sources, pin and lists are removed afterwards, so the machine's apt sees its own suite only."""
    assert recipe.backport is not None
    suite, packages = recipe.backport
    added = {
        "etc/apt/sources.list.d/lab-backport.sources": (f"Types: deb\nURIs: {recipe.mirror_url}\nSuites: {suite}\n"
                                                        "Components: main\nCheck-Valid-Until: no\n"
                                                        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"),
        "etc/apt/preferences.d/lab-backport": f"Package: *\nPin: release n={suite}\nPin-Priority: 100\n",
        "usr/sbin/policy-rc.d": "#!/bin/sh\nexit 101\n",  # no service starts in the chroot
        "etc/resolv.conf": Path("/etc/resolv.conf").read_text() if Path("/etc/resolv.conf").exists() else "",
    }
    for path, text in added.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    (root / "usr/sbin/policy-rc.d").chmod(0o755)
    log(f"lab: {recipe.name}: installing {', '.join(packages)} from {suite}")
    what = f"building {recipe.name!r}: installing {', '.join(packages)} from {suite} (mirror {recipe.mirror_url})"
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    run(["chroot", str(root), "apt-get", "update"], what, ImageBuildError, timeout=600, env=env)
    run(["chroot", str(root), "apt-get", "install", "-y", "--no-install-recommends", *(f"{p}/{suite}" for p in packages),
         "systemd-standalone-sysusers"], what, ImageBuildError, timeout=1200, env=env)
    for path in added:
        (root / path).unlink(missing_ok=True)
    for stale in (root / "var/lib/apt/lists").glob(f"*_dists_{suite}_*"):
        stale.unlink()


def ensure_image(client: docker.DockerClient, recipe: ImageSource, run_id: str | None = None, log: Log = print) -> str:
    """The reference of ``recipe``'s image in the engine: reuse it, else import the cached tarball, else build it.

    Images are shared by runs (labelled without a run id); ``run_id`` (default :func:`labels.current_run_id`) is
    registered as going, so :func:`labels.cleanup` removes the images only once no run is left.
    """
    labels.register_run(run_id or labels.current_run_id())
    reference = recipe.reference
    if _present(client, reference):
        return reference
    target = recipe.tarball()
    with open(target.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build and one import per recipe, even with parallel workers
        if _present(client, reference):
            return reference
        if not target.exists():
            recipe.build(log)
        started = time.monotonic()
        repository, tag = reference.rsplit(":", 1)
        changes = [f"LABEL {key}={value}" for key, value in labels.labels_for(None).items()]
        changes.append(f"CMD {json.dumps(list(recipe.cmd))}")
        try:
            client.api.import_image_from_file(str(target), repository=repository, tag=tag, changes=changes)
        except docker.errors.APIError as exc:
            raise ImageBuildError(f"docker import of {target} failed: {exc.explanation or exc}; delete the file to rebuild it") from exc
    log(f"lab: imported {reference} in {time.monotonic() - started:.1f} s")
    return reference


def _present(client: docker.DockerClient, reference: str) -> bool:
    try:
        client.images.get(reference)
        return True
    except docker.errors.ImageNotFound:
        return False
