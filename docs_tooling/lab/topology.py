"""Chapter 4's network from real containers: a LAN, a Docker host with its own engine, and a Linux client.

``with Topology(services, values, reader_image, machine_image, engine) as topo:`` creates, each labelled for the run:

- the LAN: an ``internal`` Docker network on ``values["lan"]`` (no route out);
- the Docker host: a :class:`NestedEngine` of the given engine at exactly ``host_ip`` on the LAN, its default bridge
  on the page's ``subnet``;
- a Linux client (the reader image, capabilities as a plain page's) at ``client_ip``, default route removed: it reaches only what the
  page's route command makes it reach, and never the outer host;
- two ACCEPT rules in the outer engine's ``DOCKER-USER`` chain, for LAN <-> inner subnet on the LAN's bridge only
  (the outer engine drops routed traffic on an internal network otherwise).

Everything is removed on exit, also after a failure, Ctrl-C, SIGTERM/SIGHUP, or at interpreter exit; rules that
a killed run left are removed the next time a topology comes up. ``up_seconds``/``down_seconds`` say how long it took.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import ipaddress
import json
import shlex
import signal
import threading
import time
from collections.abc import Mapping
from types import FrameType, TracebackType
from typing import IO, Any

import docker
import docker.errors

from docs_tooling.lab import labels
from docs_tooling.lab.engines import Engine
from docs_tooling.lab.errors import LabError
from docs_tooling.lab.host import Log, require_root, tail
from docs_tooling.lab.host_firewall import BridgeGuard, remove_rules_of_dead_runs, run_tool
from docs_tooling.lab.nested_engine import NestedEngine
from docs_tooling.lab.network import docker_subnets, host_routes
from docs_tooling.lab.paths import cache_subdir
from docs_tooling.lab.services import LabServices

TOPOLOGY_LABEL = "org.openstack-notes-docs.topology"
RULE_TAG = "openstack-notes-docs-topology"  # iptables comment: "<tag> <run id> <name>"
CHAIN = "DOCKER-USER"
CLIENT_MEMORY, CLIENT_PIDS = "1g", 1024
# sudo switches user and writes an audit record; apt drops to its _apt user and sets file owners.
SUDO_AND_APT_CAPS = ("SETUID", "SETGID", "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL")
LAN_WAIT = 1200.0  # seconds to wait for another process's topology on the same LAN (a page run, a parallel worker)


class TopologyError(LabError):
    """The topology could not be built or queried; the message says which part and why."""


def firewall_rules(bridge: str, lan: str, subnet: str, comment: str) -> list[list[str]]:
    """The two rule specs (without ``-I``/``-D CHAIN``): LAN -> subnet and back, on ``bridge`` only."""
    return [["-i", bridge, "-o", bridge, "-s", src, "-d", dst, "-m", "comment", "--comment", comment, "-j", "ACCEPT"]
            for src, dst in ((lan, subnet), (subnet, lan))]


def remove_stale_rules() -> int:
    """Delete DOCKER-USER rules of topologies whose run is gone (a killed run); return how many."""
    return remove_rules_of_dead_runs("iptables", CHAIN, RULE_TAG)


_ACTIVE: set[Topology] = set()
_HELD_LANS: set[str] = set()
_handlers_installed = False


def _close_all() -> None:
    for topology in list(_ACTIVE):
        with contextlib.suppress(Exception):
            topology.close()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _install_handlers() -> None:
    """At exit, and on SIGTERM/SIGHUP (turned into KeyboardInterrupt so ``finally`` blocks run), take topologies down."""
    global _handlers_installed
    if _handlers_installed:
        return
    _handlers_installed = True
    atexit.register(_close_all)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) in (signal.SIG_DFL, None):
                signal.signal(sig, _interrupt)


class Topology:
    """The LAN, the Docker host at ``host_ip`` and the client at ``client_ip``, for one set of page values."""

    def __init__(self, services: LabServices, values: Mapping[str, str], reader_image: str, machine_image: str,
                 engine: Engine, name: str = "default", log: Log = print) -> None:
        self.services, self.client, self.log = services, services.client, log
        self.values, self.reader_image, self.name = dict(values), reader_image, name
        self.machine_image, self.release = machine_image, engine  # the matrix engine the Docker host runs
        self.run_id = services.run_id
        self.lan = ipaddress.IPv4Network(values["lan"])
        self.subnet = ipaddress.IPv4Network(values["subnet"])
        self.host_ip, self.client_ip = values["host_ip"], values["client_ip"]
        suffix = f"{name}-{self.run_id}"
        self.lan_name, self.host_name, self.client_name = f"topo-lan-{suffix}", f"topo-dockerhost-{suffix}", f"topo-client-{suffix}"
        self.comment = f"{RULE_TAG} {self.run_id} {name}"
        self.labels = {**labels.labels_for(self.run_id), TOPOLOGY_LABEL: name}
        self.network: docker.models.networks.Network | None = None
        self.bridge = ""
        self.rules: list[list[str]] = []
        self.guard: BridgeGuard | None = None  # the host serves nothing on the LAN
        self.engine: NestedEngine | None = None
        self.client_container: docker.models.containers.Container | None = None
        self.up_seconds = self.down_seconds = self.wait_seconds = 0.0  # wait: for another process's topology on the LAN
        self._lock: IO[str] | None = None

    # -- building and removing --------------------------------------------------------------------------------------

    def __enter__(self) -> Topology:
        _install_handlers()
        _ACTIVE.add(self)
        started = time.monotonic()
        try:
            self._build()
        except BaseException:
            self.close()
            raise
        self.up_seconds = time.monotonic() - started - self.wait_seconds
        self.log(f"topology {self.name}: up in {self.up_seconds:.1f} s (LAN {self.lan}, Docker host {self.host_ip}, "
                 f"client {self.client_ip}, inner bridge {self.subnet})")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def _check_free(self) -> None:
        """The LAN must clash with no route or network of this machine; the inner subnet (which exists only inside
        the Docker host, like the outer docker0's 172.17.0.0/16 may) must clash with no network the Docker host is on."""
        services = ipaddress.IPv4Network(self.services.network.attrs["IPAM"]["Config"][0]["Subnet"])
        taken = [(net, "a route of this machine") for net in host_routes()]
        taken += [(net, "a Docker network of the outer engine") for net in docker_subnets(self.client)]
        for net, owner in taken:
            if self.lan.overlaps(net):
                raise TopologyError(f"topology {self.name}: the LAN {self.lan} (from host_ip and lan_prefix) overlaps {net}, "
                                    f"{owner}: pick other values, or remove that network")
        for net, owner in ((services, "the lab services' network"), (self.lan, "the LAN")):
            if self.subnet.overlaps(net):
                raise TopologyError(f"topology {self.name}: subnet {self.subnet} overlaps {net}, {owner}")

    def _take_lan(self) -> None:
        """Hold the LAN for this topology: another process's topology on the same LAN is waited for (up to LAN_WAIT)."""
        key = str(self.lan)
        if key in _HELD_LANS:
            raise TopologyError(f"topology {self.name}: this process already has a topology on LAN {key}; take it down first")
        lock = open(cache_subdir("topology") / f"lan-{self.lan.network_address}-{self.lan.prefixlen}.lock", "w")  # noqa: SIM115
        started = time.monotonic()
        deadline, waiting = started + LAN_WAIT, False
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    lock.close()
                    raise TopologyError(f"topology {self.name}: LAN {key} stayed in use by another process for "
                                        f"{LAN_WAIT:.0f} s (another test run?)") from None
                if not waiting:
                    self.log(f"topology {self.name}: waiting for another process's topology on LAN {key}")
                    waiting = True
                time.sleep(0.5)
        self._lock = lock
        self.wait_seconds = time.monotonic() - started
        _HELD_LANS.add(key)

    def _release_lan(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None
            _HELD_LANS.discard(str(self.lan))

    def _lan_gateway(self) -> str:
        """The outer host's address on the LAN bridge: the first LAN address that is neither host_ip nor client_ip."""
        for address in self.lan.hosts():
            if str(address) not in (self.host_ip, self.client_ip):
                return str(address)
        raise TopologyError(f"topology {self.name}: LAN {self.lan} has no address left for its bridge beside "
                            f"{self.host_ip} and {self.client_ip}: use a shorter lan_prefix")

    def _build(self) -> None:
        require_root("changing the outer engine's DOCKER-USER chain", TopologyError)
        if self.services.network is None:
            raise TopologyError("the lab services are not started: use `with LabServices(...) as services:` first")
        self._take_lan()
        stale = remove_stale_rules()
        if stale:
            self.log(f"topology {self.name}: removed {stale} firewall rule(s) a killed run left")
        self._check_free()
        ipam = docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet=str(self.lan), gateway=self._lan_gateway())])
        self.network = self.client.networks.create(self.lan_name, driver="bridge", internal=True, ipam=ipam,
                                                   labels=self.labels, check_duplicate=True)
        self.bridge = f"br-{self.network.id[:12]}"
        for spec in firewall_rules(self.bridge, str(self.lan), str(self.subnet), self.comment):
            done = run_tool("iptables", "-I", CHAIN, *spec)
            if done.returncode != 0:
                raise TopologyError(f"topology {self.name}: `iptables -I {CHAIN} {shlex.join(spec)}` failed: {done.stderr.strip()}")
            self.rules.append(spec)
        self.guard = BridgeGuard(self.bridge, self.run_id)
        prefix = self.subnet.prefixlen
        self.engine = NestedEngine(self.services, self.machine_image, self.release, name=self.host_name,
                                   hostname="dockerhost", bip=f"{self.values['gateway']}/{prefix}",
                                   lan=(self.lan_name, self.host_ip), log=self.log)
        self._start_client()

    def _start_client(self) -> None:
        api = self.client.api
        # Like a plain page's machine: only what sudo and apt need, plus ip route (NET_ADMIN) and ping (NET_RAW).
        host_config = api.create_host_config(cap_drop=["ALL"], cap_add=[*SUDO_AND_APT_CAPS, "NET_ADMIN", "NET_RAW"], init=True,
                                             network_mode=self.lan_name, mem_limit=CLIENT_MEMORY, pids_limit=CLIENT_PIDS)
        networking = api.create_networking_config({self.lan_name: api.create_endpoint_config(ipv4_address=self.client_ip)})
        created = api.create_container(self.reader_image, ["sleep", "infinity"], name=self.client_name, hostname="client",
                                       labels=self.labels, host_config=host_config, networking_config=networking)
        self.client_container = self.client.containers.get(created["Id"])
        self.client_container.start()
        code, out = self.client_exec("ip route del default 2>/dev/null; ip -4 route show default")
        if code != 0 or out.strip():
            raise TopologyError(f"topology {self.name}: could not remove the client's default route: {out.strip()}")

    def close(self) -> None:
        """Remove the client, the Docker host (and its volume), the LAN and the firewall rules; keep going on errors."""
        started = time.monotonic()
        errors: list[str] = []
        if self.client_container is not None:
            try:
                self.client_container.remove(force=True, v=True)
            except docker.errors.NotFound:
                pass
            except docker.errors.DockerException as exc:
                errors.append(f"client: {exc}")
            self.client_container = None
        if self.engine is not None:
            try:
                self.engine.close()
            except docker.errors.DockerException as exc:
                errors.append(f"Docker host: {exc}")
            self.engine = None
        for spec in self.rules:
            done = run_tool("iptables", "-D", CHAIN, *spec)
            if done.returncode != 0:
                errors.append(f"iptables -D {CHAIN} {shlex.join(spec)}: {done.stderr.strip()}")
        self.rules = []
        if self.guard is not None:
            self.guard.close()
            self.guard = None
        if self.network is not None:
            try:
                self.network.remove()
            except docker.errors.NotFound:
                pass
            except docker.errors.DockerException as exc:
                errors.append(f"LAN network: {exc}")
            self.network = None
        self._release_lan()
        _ACTIVE.discard(self)
        self.down_seconds = time.monotonic() - started
        if errors:
            raise TopologyError(f"topology {self.name}: taking it down left: " + "; ".join(errors))

    # -- using it ---------------------------------------------------------------------------------------------------

    def _engine(self) -> NestedEngine:
        if self.engine is None:
            raise TopologyError(f"topology {self.name} is not up")
        return self.engine

    def host_exec(self, cmd: str, user: str = "root") -> tuple[int, str]:
        """Run ``cmd`` (bash) on the Docker host; (exit code, output)."""
        return self._engine().exec(cmd, user=user)

    def client_exec(self, cmd: str, user: str = "root") -> tuple[int, str]:
        """Run ``cmd`` (bash) on the client; (exit code, output)."""
        if self.client_container is None:
            raise TopologyError(f"topology {self.name} is not up")
        result = self.client_container.exec_run(["bash", "-c", cmd], user=user)
        return result.exit_code, result.output.decode("utf-8", "replace")

    def host_shell_argv(self, user: str = "reader") -> list[str]:
        """``docker exec -it ...``: a login shell on the Docker host, for a pseudo-terminal session."""
        return shlex.split(self._engine().shell_command(user))

    def client_shell_argv(self, user: str = "reader") -> list[str]:
        """``docker exec -it ...``: a login shell on the client, for a pseudo-terminal session."""
        return ["docker", "exec", "-it", "-u", user, "-w", f"/home/{user}", self.client_name, "bash", "-l"]

    def host_json(self, cmd: str) -> Any:
        """The JSON a command on the Docker host prints (``docker ... inspect``, ``ip -j ...``)."""
        code, out = self.host_exec(cmd)
        if code != 0:
            raise TopologyError(f"on the Docker host, `{cmd}` exited {code}:\n{tail(out)}")
        return json.loads(out)

    def client_json(self, cmd: str) -> Any:
        """The JSON a command on the client prints (``ip -j ...``)."""
        code, out = self.client_exec(cmd)
        if code != 0:
            raise TopologyError(f"on the client, `{cmd}` exited {code}:\n{tail(out)}")
        return json.loads(out)

    def in_container(self, container: str, cmd: str) -> tuple[int, str]:
        """Run ``cmd`` in the network namespace of the inner ``container`` with the Docker host's tools (``ip``)."""
        code, pid = self.host_exec(f"docker inspect -f '{{{{.State.Pid}}}}' {shlex.quote(container)}")
        if code != 0 or not pid.strip().isdigit() or pid.strip() == "0":
            raise TopologyError(f"the inner container {container} is not running on the Docker host: {pid.strip()}")
        return self.host_exec(f"nsenter -t {pid.strip()} -n {cmd}")

    def docker_host_lan_address(self) -> str:
        """The Docker host's address on the LAN, as the outer engine reports it."""
        container = self._engine().container
        container.reload()
        return container.attrs["NetworkSettings"]["Networks"][self.lan_name]["IPAddress"]
