"""The lab of one test run, shared by every test that needs containers: engine, images, services.

Started on first use in this process and taken down at exit, so snippet items, the topology and the
lab's own tests use one network, one apt proxy, one registry and one git fixture.
"""

from __future__ import annotations

import atexit
import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import docker

from docs_tooling.lab import labels
from docs_tooling.lab.engine import ensure_engine
from docs_tooling.lab.engines import Engine
from docs_tooling.lab.images import ensure_image, reader_recipe, standin_recipe
from docs_tooling.lab.machine_image import machine_image, suite_machine_image
from docs_tooling.lab.outside_names import MirrorNames
from docs_tooling.lab.services import LabServices


@dataclass
class SharedLab:
    client: docker.DockerClient
    services: LabServices
    reader_image: str  # plain pages and chapter 4's LAN client
    standin_image: str
    machine_images: dict[str, str] = field(default_factory=dict)  # engine name or suite -> image, imported on first use

    def machine_image(self, engine: Engine) -> str:
        """The image of the reader's machine with ``engine`` (built or imported on first use)."""
        if engine.name not in self.machine_images:
            self.machine_images[engine.name] = ensure_image(self.client, machine_image(engine), self.services.run_id)
        return self.machine_images[engine.name]

    def suite_machine_image(self, suite: str) -> str:
        """The image of a fresh install of ``suite`` without Docker (built or imported on first use)."""
        if suite not in self.machine_images:
            self.machine_images[suite] = ensure_image(self.client, suite_machine_image(suite), self.services.run_id)
        return self.machine_images[suite]


_lab: SharedLab | None = None
_stack = contextlib.ExitStack()  # the services of _lab, closed by close()


def shared_lab(page_values: Sequence[Mapping[str, str]]) -> SharedLab:
    """The run's lab, started on first call (engine, cached images, services); closed at interpreter exit."""
    global _lab
    if _lab is not None:
        return _lab
    client = ensure_engine()
    run_id = labels.current_run_id()
    labels.cleanup(client)  # what killed runs left
    standin = ensure_image(client, standin_recipe(), run_id)
    reader = ensure_image(client, reader_recipe(), run_id)
    avoid = [v[key] for v in page_values for key in ("lan", "subnet")]
    mirrors = MirrorNames.from_values(list(page_values))
    services = _stack.enter_context(
        LabServices(client, standins={v["image"]: standin for v in page_values}, run_id=run_id, avoid_subnets=avoid,
                    mirrors=mirrors))
    _lab = SharedLab(client, services, reader, standin)
    atexit.register(close)
    return _lab


def describe() -> list[str]:
    """What stands in for what in this run's lab (empty when no lab was started)."""
    if _lab is None:
        return []
    services = _lab.services
    lines = [f"image {name} (as the pages pull it) <- local {_lab.standin_image}, pushed as {ref}, "
             f"served by registry mirror {services.registry_mirror_url}" for name, ref in services.standins.items()]
    lines.append(f"git: devstack's upstream URLs <- local fixture (url.<local>.insteadOf); apt <- proxy {services.apt_proxy_url}")
    mirrors = services.mirrors
    if services.front is not None:
        lines.append(f"mirrors: {', '.join(f'https://{n}' for n in mirrors.registry)} <- lab registry; "
                     f"{', '.join(f'https://{n}' for n in mirrors.git)} <- git fixture (TLS front, the run's own authority)")
    if mirrors.apt:
        lines.append(f"apt mirrors: {', '.join(mirrors.apt)} <- apt proxy, as the host's archive")
    return lines


def close() -> None:
    """Take the services down and remove everything the run made (idempotent)."""
    global _lab
    if _lab is None:
        return
    _lab = None
    _stack.close()
