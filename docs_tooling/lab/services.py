"""``LabServices``: one test run's internal network, apt proxy, registry with stand-in images, git fixture, and the
outside mirror names standing for them (:mod:`docs_tooling.lab.outside_names`)."""

from __future__ import annotations

import contextlib
import secrets
import shutil
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TypeVar

import docker
import docker.errors

from docs_tooling.lab import labels, procs
from docs_tooling.lab.aptproxy import AptProxy
from docs_tooling.lab.errors import LabError, ServiceError
from docs_tooling.lab.gitfixture import GitFixture
from docs_tooling.lab.host import Log
from docs_tooling.lab.host_firewall import BridgeGuard
from docs_tooling.lab.mirror import AptMirror, find_mirror
from docs_tooling.lab.network import create_internal_network
from docs_tooling.lab.outside_names import CA_PATH, HTTPS_PORT, MirrorNames, TlsFront, make_certificates
from docs_tooling.lab.registry import Registry

APT_CONF_PATH = "/etc/apt/apt.conf.d/80lab-proxy"
GITCONFIG_PATH = "/etc/gitconfig"
T = TypeVar("T")


class LabServices:
    """Context manager starting the run's services; on exit (also on error or Ctrl-C) removes what it made.

    Several may be open in one process, even with the same run id. When the last one of a run closes, the whole run
    is swept (:func:`labels.cleanup` with the run id): nested engines left open, the run's state, and the shared base
    images if no other run is going.

    ``standins`` maps each image name the pages pull to a local image standing in for it
    (``{"ubuntu:24.04": "openstack-notes-docs/standin:..."}``); each is pushed to the registry with the apt proxy
    and git configuration added, so that an engine using :attr:`registry_mirror_url` pulls the name unchanged.
    """

    def __init__(self, client: docker.DockerClient, standins: Mapping[str, str] | None = None, run_id: str | None = None,
                 avoid_subnets: Iterable[str] = (), mirror: AptMirror | None = None, mirrors: MirrorNames | None = None,
                 log: Log = print) -> None:
        self.client, self.log = client, log
        self.run_id = run_id or labels.current_run_id()
        self.key = secrets.token_hex(3)  # this instance, among others of the same run
        self._wanted_standins = dict(standins or {})
        self._avoid = list(avoid_subnets)
        self.mirror = mirror
        self.mirrors = mirrors or MirrorNames()
        self.front: TlsFront | None = None
        self.ca_certificate = ""  # PEM of the run's authority, when stand-in names are served
        self.network: docker.models.networks.Network | None = None
        self.gateway = ""
        self.standins: dict[str, str] = {}  # page image name -> reference pushed to the lab registry
        self.apt_proxy: AptProxy | None = None
        self.registry: Registry | None = None
        self.git: GitFixture | None = None
        self.guard: BridgeGuard | None = None
        self._counted = False

    @property
    def network_name(self) -> str:
        """Name of the run's ``internal=True`` network."""
        return f"onlab-{self.run_id}-{self.key}"

    @property
    def bridge(self) -> str:
        """The host's interface of the run network (Docker names a user bridge after the network's id)."""
        return f"br-{self._need(self.network).id[:12]}"

    @property
    def apt_proxy_url(self) -> str:
        """``http://GATEWAY:PORT`` of the apt proxy, as containers on the network reach it."""
        return self._need(self.apt_proxy).url(self.gateway)

    @property
    def registry_mirror_url(self) -> str:
        """``http://GATEWAY:PORT``: pass as ``--registry-mirror`` to an engine on the network."""
        return self._need(self.registry).mirror_url

    @property
    def gitconfig(self) -> str:
        """git config text redirecting devstack's upstream URLs to the fixture (``url.<local>.insteadOf``)."""
        return self._need(self.git).gitconfig()

    @property
    def apt_conf(self) -> str:
        """``/etc/apt/apt.conf.d`` text sending apt through the proxy."""
        return self._need(self.apt_proxy).apt_conf(self.gateway)

    def container_files(self, blocked: Iterable[str] = ()) -> dict[str, str]:
        """Files (path -> text) that give a container on the network apt through the proxy and the git redirects (not
        when ``opendev`` is ``blocked``)."""
        files = {APT_CONF_PATH: self.apt_conf}
        if "opendev" not in blocked:
            files[GITCONFIG_PATH] = self.gitconfig
        return files

    @property
    def hosts(self) -> dict[str, str]:
        """Outside name -> address a machine's ``/etc/hosts`` gives it (the gateway, where the TLS front answers)."""
        return {name: self.gateway for name in self.mirrors.https_names} if self.front else {}

    def machine_files(self, blocked: Iterable[str] = ()) -> dict[str, str]:
        """:meth:`container_files` plus the run's authority for ``update-ca-certificates`` (when names are served)."""
        files = self.container_files(blocked)
        if self.ca_certificate:
            files[CA_PATH] = self.ca_certificate
        return files

    def _need(self, part: T | None) -> T:
        if part is None:
            raise ServiceError("the lab services are not started: use `with LabServices(client, ...) as services:`")
        return part

    def __enter__(self) -> LabServices:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def start(self) -> None:
        """Network, apt proxy, registry, git fixture, then the stand-in images; prints what it started."""
        labels.register_run(self.run_id)
        _open[self.run_id] = _open.get(self.run_id, 0) + 1
        self._counted = True
        labels.cleanup(self.client)  # what killed earlier runs left (never objects of a run still going)
        self.mirror = self.mirror or find_mirror()
        state = procs.run_dir(self.run_id) / f"services-{self.key}"
        self.network, self.gateway = create_internal_network(self.client, self.network_name, self.run_id, self._avoid)
        self.log(f"lab: network {self.network_name} (internal, {self.network.attrs['IPAM']['Config'][0]['Subnet']}), "
                 f"host gateway {self.gateway}")
        self.apt_proxy = AptProxy(state / "apt-cacher-ng", self.run_id, self.mirror, ["127.0.0.1", self.gateway],
                                  also_as=self.mirrors.apt)
        self.apt_proxy.start(self.log)
        self.registry = Registry(state / "registry", self.run_id, self.gateway)
        self.registry.start(self.log)
        self.git = GitFixture(state / "git", self.gateway)
        self.git.start(self.log)
        ports = [self.apt_proxy.port, self.registry.port, self.git.port]
        if self.mirrors.https_names:
            ca, cert, key = make_certificates(state / "names", self.mirrors.https_names, self.run_id, self.log)
            routes = {**{name: ("127.0.0.1", self.registry.port) for name in self.mirrors.registry},
                      **{name: (self.gateway, self.git.port) for name in self.mirrors.git}}
            self.front = TlsFront(self.gateway, routes, cert, key)
            self.ca_certificate = ca.read_text()
            ports.append(HTTPS_PORT)
            self.log(f"lab: {', '.join(f'https://{n}' for n in routes)} <- TLS front {self.gateway}:{HTTPS_PORT} "
                     f"(certificate of the run's own authority)")
        self.guard = BridgeGuard(self.bridge, self.run_id, self.gateway, ports)
        self.log(f"lab: host INPUT on {self.bridge}: only ports {', '.join(map(str, ports))} of {self.gateway} answer")
        self.standins = self.registry.publish(self.client, self._wanted_standins, self.container_files(), self.run_id,
                                              self.log)

    def close(self) -> None:
        """Stop what this object started; remove its network (and containers on it) and images; sweep the run if last."""
        errors: list[str] = []
        for part in (self.front, self.git, self.registry, self.apt_proxy):
            if part is not None:
                try:
                    part.close() if isinstance(part, TlsFront) else part.stop()
                except (OSError, LabError) as exc:
                    errors.append(str(exc))
        images = self.registry.images if self.registry else []
        self.git = self.registry = self.apt_proxy = self.front = None
        if self.guard is not None:
            self.guard.close()
            self.guard = None
        try:
            self._remove_own(images)
            if getattr(self, "_counted", False):
                self._counted = False
                _open[self.run_id] -= 1
                if not _open[self.run_id]:
                    labels.cleanup(self.client, self.run_id)
        except docker.errors.DockerException as exc:
            errors.append(str(exc))
        shutil.rmtree(procs.runs_dir() / self.run_id / f"services-{self.key}", ignore_errors=True)
        if errors:
            raise ServiceError("stopping the lab services: " + "; ".join(errors))

    def _remove_own(self, images: list[str]) -> None:
        if self.network is not None:
            self.network.reload()
            for container_id in self.network.attrs.get("Containers") or {}:
                with contextlib.suppress(docker.errors.NotFound):
                    self.client.containers.get(container_id).remove(force=True, v=True)
            with contextlib.suppress(docker.errors.NotFound):
                self.network.remove()
            self.network = None
        for image in images:
            with contextlib.suppress(docker.errors.NotFound):
                self.client.images.remove(image, force=True)


_open: dict[str, int] = {}  # run id -> LabServices of that run open in this process
