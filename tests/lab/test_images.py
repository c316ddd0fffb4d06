"""Root filesystem tarballs cached by recipe hash: a second call imports, never debootstraps."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docker.errors
import pytest

from docs_tooling.lab import images
from docs_tooling.lab.errors import ImageBuildError
from docs_tooling.lab.images import Recipe, ensure_image, standin_recipe, tarball_path

if TYPE_CHECKING:
    from .conftest import Lab

pytestmark = pytest.mark.container


def test_image_present_is_reused_at_once(lab: Lab) -> None:
    said: list[str] = []
    started = time.monotonic()
    assert ensure_image(lab.client, standin_recipe(), lab.run_id, log=said.append) == lab.standin
    assert time.monotonic() - started < 2
    assert said == []


def test_cached_tarball_is_imported_without_debootstrap(lab: Lab) -> None:
    recipe = dataclasses.replace(standin_recipe(), cmd=("/bin/sh", "-c", "echo cache-test"))
    tarball = tarball_path(recipe)
    assert tarball == tarball_path(standin_recipe()) and tarball.exists()
    assert recipe.reference != lab.standin
    built_at = tarball.stat().st_mtime
    said: list[str] = []
    try:
        reference = ensure_image(lab.client, recipe, lab.run_id, log=said.append)
        assert [line for line in said if "debootstrap" in line] == []
        assert any(line.startswith(f"lab: imported {reference}") for line in said)
        assert lab.client.images.get(reference).attrs["Config"]["Cmd"] == ["/bin/sh", "-c", "echo cache-test"]
        assert tarball.stat().st_mtime == built_at
    finally:
        with contextlib.suppress(docker.errors.ImageNotFound):
            lab.client.images.remove(recipe.reference, force=True)


@pytest.mark.parametrize(("broken", "error"), [
    ({"packages": ("no-such-package-in-debian",)}, "E: Couldn't find these debs: no-such-package-in-debian"),
    ({"suite": "no-such-suite"}, "E: No such script: /usr/share/debootstrap/scripts/no-such-suite"),
], ids=["package", "suite"])
def test_failed_build_names_suite_and_error_and_leaves_nothing(lab: Lab, broken: dict[str, Any], error: str) -> None:
    recipe = dataclasses.replace(Recipe(name="broken", mirror_url=standin_recipe().mirror_url), **broken)
    before = set(tarball_path(recipe).parent.iterdir())
    with pytest.raises(ImageBuildError) as raised:
        images.build_rootfs(recipe, log=lambda _: None)
    headline = str(raised.value).splitlines()[0]
    assert headline.startswith(f"debootstrap of 'broken' (Debian {recipe.suite}, mirror ") and error in headline, headline
    after = set(tarball_path(recipe).parent.iterdir())
    assert not tarball_path(recipe).exists()
    assert {p.name for p in after - before} <= {tarball_path(recipe).with_suffix(".lock").name}


def test_recipe_hash_covers_packages_and_files() -> None:
    base = standin_recipe()
    assert dataclasses.replace(base, packages=("less",)).rootfs_digest() != base.rootfs_digest()
    assert dataclasses.replace(base, files=(("/etc/x", "y", 0o644),)).rootfs_digest() != base.rootfs_digest()
    assert Path(tarball_path(base)).name.startswith("standin-")
