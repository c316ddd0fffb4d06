"""Times of the test lab's pieces: image builds uncached (debootstrap) vs cached (import), engine and services start-up.

    .venv/bin/python benchmarks/lab_images.py             # cached paths only (seconds)
    .venv/bin/python benchmarks/lab_images.py --uncached  # also debootstrap both recipes into a scratch cache (minutes)

Needs root. Everything it creates carries the lab's labels and is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docs_tooling.lab import engine, images, labels
from docs_tooling.lab.engines import ENGINES
from docs_tooling.lab.errors import LabError
from docs_tooling.lab.machine_image import machine_image
from docs_tooling.lab.nested_engine import NestedEngine
from docs_tooling.lab.services import LabServices

T = TypeVar("T")
rows: list[tuple[str, float]] = []


def timed(what: str, action: Callable[[], T]) -> T:
    started = time.monotonic()
    result = action()
    rows.append((what, time.monotonic() - started))
    print(f"{rows[-1][1]:8.1f} s  {what}", flush=True)
    return result


def quiet(_: str) -> None:
    pass


def import_as(client: object, tarball: Path, name: str, run_id: str) -> str:
    """Import ``tarball`` under a benchmark tag labelled with ``run_id`` (removed by the final cleanup)."""
    changes = [f"LABEL {key}={value}" for key, value in labels.labels_for(run_id).items()]
    client.api.import_image_from_file(str(tarball), repository=f"openstack-notes-docs/bench-{name}", tag=run_id,  # type: ignore[attr-defined]
                                      changes=changes)
    return f"openstack-notes-docs/bench-{name}:{run_id}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uncached", action="store_true", help="also debootstrap both recipes from scratch")
    args = parser.parse_args()
    was_running = engine.answering_client() is not None
    client = timed("engine: ensure_engine" + (" (already running)" if was_running else " (apt/dockerd start)"),
                   lambda: engine.ensure_engine(log=quiet))
    run_id = labels.new_run_id()
    labels.register_run(run_id)
    recipes = [images.standin_recipe(), images.reader_recipe()]
    try:
        if args.uncached:
            real_cache = os.environ.get("XDG_CACHE_HOME")
            with tempfile.TemporaryDirectory(prefix="lab-bench-") as scratch:
                os.environ["XDG_CACHE_HOME"] = scratch
                try:
                    for recipe in recipes:
                        tarball = timed(f"uncached: debootstrap + tar {recipe.name} ({len(recipe.packages)} extra packages)",
                                        lambda r=recipe: images.build_rootfs(r, log=quiet))
                        print(f"{'':8}    {tarball.stat().st_size / 2**20:.0f} MiB tarball")
                finally:
                    if real_cache is None:
                        os.environ.pop("XDG_CACHE_HOME", None)
                    else:
                        os.environ["XDG_CACHE_HOME"] = real_cache
        for recipe in recipes:
            images.ensure_image(client, recipe, run_id, log=quiet)  # build once if this machine has no tarball yet
            timed(f"cached: docker import of the {recipe.name} tarball",
                  lambda r=recipe: import_as(client, images.tarball_path(r), r.name, run_id))
            timed(f"present: ensure_image({recipe.name})", lambda r=recipe: images.ensure_image(client, r, run_id, log=quiet))
        standin, _reader = (images.ensure_image(client, r, run_id, log=quiet) for r in recipes)
        for attempt in ("first", "second"):
            services = timed(f"services: LabServices start ({attempt} in this process)",
                             lambda: LabServices(client, {"ubuntu:24.04": standin}, run_id=run_id, log=quiet).__enter__())
            if attempt == "first":
                machine = timed("nested engine (Engine 20.10): start until `docker info` answers",
                                lambda s=services: NestedEngine(s, images.ensure_image(client, machine_image(ENGINES[0]), run_id,
                                                                                       log=quiet), ENGINES[0], log=quiet))
                timed("nested engine: docker pull ubuntu:24.04 (from the lab registry)",
                      lambda m=machine: m.exec("docker pull -q ubuntu:24.04"))
                timed("nested engine: sudo apt-get install -y cpu-checker (through the apt proxy)",
                      lambda m=machine: m.exec("sudo apt-get install -y cpu-checker"))
                timed("nested engine: remove", machine.close)
            timed(f"services: LabServices close ({attempt})", services.close)
    except LabError as exc:
        print(f"lab: {exc}", file=sys.stderr)
        return 1
    finally:
        labels.cleanup(client, run_id)
        if engine.stop_started_engine():
            print("stopped the dockerd this benchmark started")
    return 0


if __name__ == "__main__":
    sys.exit(main())
