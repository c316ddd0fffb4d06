"""A local Docker registry (Debian's ``docker-registry``) standing in for Docker Hub, and the stand-in images in it."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import docker
import docker.errors

from docs_tooling.lab import labels, procs
from docs_tooling.lab.errors import ServiceError
from docs_tooling.lab.forward import Forwarder
from docs_tooling.lab.host import Log, ensure_commands, tail
from docs_tooling.lab.network import free_port, wait_for_port
from docs_tooling.lab.paths import lock_slot

STANDIN_FOR = "org.openstack-notes-docs.standin-for"


def hub_path(name: str) -> tuple[str, str]:
    """``ubuntu:24.04`` -> (``library/ubuntu``, ``24.04``): the Docker Hub repository path and tag of ``name``."""
    if "@" in name:
        raise ServiceError(f"image {name!r}: digests cannot be stood in for; name the image by tag")
    repo, _, tag = name.rpartition(":") if ":" in name.rsplit("/", 1)[-1] else (name, "", "latest")
    first = repo.split("/", 1)[0]
    if "/" in repo and ("." in first or ":" in first or first == "localhost"):
        if first not in ("docker.io", "index.docker.io"):
            raise ServiceError(f"image {name!r} is not on Docker Hub: a registry mirror only stands in for Docker Hub")
        repo = repo.split("/", 1)[1]
    return (repo if "/" in repo else f"library/{repo}"), tag


def registry_config(root: str, addr: str) -> str:
    """The registry's ``config.yml``: filesystem storage at ``root``, HTTP on ``addr``, no auth."""
    return json.dumps({  # JSON is YAML
        "version": 0.1, "log": {"level": "warn", "accesslog": {"disabled": True}},
        "storage": {"filesystem": {"rootdirectory": root}, "delete": {"enabled": True}, "cache": {"blobdescriptor": "inmemory"}},
        "http": {"addr": addr, "headers": {"X-Content-Type-Options": ["nosniff"]}},
    }, indent=1)


class Registry:
    """``docker-registry`` on 127.0.0.1 (where the host engine pushes), relayed to the lab network's gateway."""

    def __init__(self, state: Path, run_id: str, gateway: str, preferred_port: int = 5000) -> None:
        self.state, self.run_id, self.gateway, self.preferred_port = state, run_id, gateway, preferred_port
        self.images: list[str] = []  # ids of the images :meth:`publish` built
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._forwarder: Forwarder | None = None
        self._lock: IO[str] | None = None

    @property
    def _name(self) -> str:
        return f"docker-registry-{self.state.parent.name}"

    @property
    def push_prefix(self) -> str:
        """``127.0.0.1:PORT``: images tagged with it are pushed by the host engine (loopback needs no TLS)."""
        return f"127.0.0.1:{self.port}"

    @property
    def mirror_url(self) -> str:
        """``http://GATEWAY:PORT``: the ``--registry-mirror`` for engines inside the lab network."""
        return f"http://{self.gateway}:{self.port}"

    def start(self, log: Log = print) -> None:
        """Start the registry and the gateway relay.

        Its storage is a cache kept across runs (a later push finds the big layers there) that no other running
        registry uses; every tag in it is dropped first, so only the names this run publishes can be pulled.
        """
        ensure_commands({"docker-registry": "docker-registry"}, log, ServiceError)
        run = self.state
        run.mkdir(parents=True, exist_ok=True)
        try:
            storage, self._lock = lock_slot("registry")
        except OSError as exc:
            raise ServiceError(str(exc)) from exc
        for tags in (storage / "docker/registry/v2/repositories").glob("**/_manifests/tags"):
            shutil.rmtree(tags)
        self.port = free_port(["127.0.0.1", self.gateway], self.preferred_port)
        config = run / "config.yml"
        config.write_text(registry_config(str(storage), f"127.0.0.1:{self.port}"))
        out = run / "registry.log"
        self._proc = procs.spawn(self.run_id, self._name, ["docker-registry", "serve", str(config)], out)
        if not wait_for_port("127.0.0.1", self.port, 20, alive=lambda: self._proc is not None and self._proc.poll() is None):
            self.stop()
            raise ServiceError(f"docker-registry did not start on 127.0.0.1:{self.port}:\n{tail(out.read_text(errors='replace'))}")
        self._forwarder = Forwarder((self.gateway, self.port), ("127.0.0.1", self.port))
        log(f"lab: registry (docker-registry, pid {self._proc.pid}) on {self.push_prefix}, mirror {self.mirror_url}")

    def stop(self) -> None:
        """Stop the relay and the registry process this object started."""
        if self._forwarder is not None:
            self._forwarder.close()
            self._forwarder = None
        procs.release(self.run_id, self._name, self._proc, self._lock)
        self._proc = self._lock = None

    def publish(self, client: docker.DockerClient, standins: Mapping[str, str], files: Mapping[str, str],
                run_id: str, log: Log = print) -> dict[str, str]:
        """Push, for each page image name, its stand-in plus ``files`` (path -> text) under the Hub path of the name.

        ``{"ubuntu:24.04": "openstack-notes-docs/standin:abc"}`` pushes ``127.0.0.1:PORT/library/ubuntu:24.04``, so an
        engine using :attr:`mirror_url` pulls ``ubuntu:24.04`` unchanged. Returns name -> pushed reference.
        """
        built: dict[str, docker.models.images.Image] = {}
        pushed = {}
        for name, base in standins.items():
            if base not in built:
                built[base] = _add_files(client, base, files, run_id)
                self.images.append(built[base].id)
            repo, tag = hub_path(name)
            target = f"{self.push_prefix}/{repo}"
            built[base].tag(target, tag)
            for line in client.images.push(target, tag=tag, stream=True, decode=True):
                if "error" in line:
                    raise ServiceError(f"pushing {target}:{tag} to the lab registry failed: {line['error']}")
            pushed[name] = f"{target}:{tag}"
            log(f"lab: {name} is stood in for by {base} (+ apt proxy and git config), pushed as {target}:{tag}")
        return pushed


def _add_files(client: docker.DockerClient, base: str, files: Mapping[str, str], run_id: str) -> docker.models.images.Image:
    """``FROM base`` + ``COPY`` of ``files``: a build that runs nothing, so it needs no network."""
    try:
        client.images.get(base)  # a missing base would make the build try to pull it from the internet
    except docker.errors.ImageNotFound as exc:
        raise ServiceError(f"stand-in image {base} is not in the engine: make it first with images.ensure_image()") from exc
    context = io.BytesIO()
    steps = [f"FROM {base}"]
    with tarfile.open(fileobj=context, mode="w") as tar:
        for index, (path, text) in enumerate(sorted(files.items())):
            data = text.encode()
            info = tarfile.TarInfo(f"f{index}")
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
            steps.append(f"COPY f{index} {path}")
        dockerfile = ("\n".join(steps) + "\n").encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(dockerfile)
        tar.addfile(info, io.BytesIO(dockerfile))
    context.seek(0)
    try:
        image, _ = client.images.build(fileobj=context, custom_context=True, rm=True, forcerm=True, network_mode="none",
                                       labels={**labels.labels_for(run_id), STANDIN_FOR: base})
    except (docker.errors.BuildError, docker.errors.APIError) as exc:
        raise ServiceError(f"adding the lab's config files to {base} failed: {exc}") from exc
    return image
