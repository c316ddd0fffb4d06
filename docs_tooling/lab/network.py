"""The lab's ``internal=True`` Docker network, on a subnet that clashes with no route or network, and free ports."""

from __future__ import annotations

import ipaddress
import random
import socket
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import docker
import docker.errors

from docs_tooling.lab import labels
from docs_tooling.lab.errors import ServiceError

Net = ipaddress.IPv4Network
CANDIDATES = ipaddress.ip_network("10.201.0.0/16")  # /24 subnets are picked from here
DOCKER_DEFAULT_BRIDGE = ipaddress.ip_network("172.17.0.0/16")  # docker0 of an engine with no `bip` set
ALWAYS_AVOID = (DOCKER_DEFAULT_BRIDGE,)  # also inside nested engines


def host_routes() -> list[Net]:
    """IPv4 destinations routed on this host (from ``/proc/net/route``), except the default route."""
    routes = []
    for line in Path("/proc/net/route").read_text().splitlines()[1:]:
        fields = line.split()
        dest, mask = (socket.inet_ntoa(int(value, 16).to_bytes(4, "little")) for value in (fields[1], fields[7]))
        if mask != "0.0.0.0":
            routes.append(ipaddress.ip_network(f"{dest}/{mask}", strict=False))
    return routes


def docker_subnets(client: docker.DockerClient) -> list[Net]:
    """Subnets of every Docker network of the engine."""
    found = []
    for network in client.networks.list():
        for config in (network.attrs.get("IPAM") or {}).get("Config") or []:
            if "Subnet" in config and ":" not in config["Subnet"]:
                found.append(ipaddress.ip_network(config["Subnet"], strict=False))
    return found


def pick_subnet(taken: Iterable[Net]) -> Net:
    """A free /24 from 10.201.0.0/16 overlapping nothing in ``taken``, chosen at random."""
    taken = [*taken, *ALWAYS_AVOID]
    subnets = list(CANDIDATES.subnets(new_prefix=24))
    random.shuffle(subnets)
    for subnet in subnets:
        if not any(subnet.overlaps(other) for other in taken):
            return subnet
    raise ServiceError(f"no free /24 subnet left in {CANDIDATES}: remove unused Docker networks (`docker network prune`)")


def create_internal_network(client: docker.DockerClient, name: str, run_id: str,
                            avoid: Iterable[str] = ()) -> tuple[docker.models.networks.Network, str]:
    """Create a labelled ``internal=True`` bridge network; return it and its gateway (the host's address on it)."""
    avoid_nets = [ipaddress.ip_network(a, strict=False) for a in avoid]
    for _ in range(5):
        subnet = pick_subnet([*host_routes(), *docker_subnets(client), *avoid_nets])
        gateway = str(next(subnet.hosts()))
        ipam = docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet=str(subnet), gateway=gateway)])
        try:
            network = client.networks.create(name, driver="bridge", internal=True, ipam=ipam,
                                             labels=labels.labels_for(run_id), check_duplicate=True)
            return network, gateway
        except docker.errors.APIError as exc:
            if "overlap" not in str(exc).lower():
                raise ServiceError(f"creating network {name} failed: {exc.explanation or exc}") from exc
    raise ServiceError(f"creating network {name}: every subnet tried overlapped another network")


def port_is_free(host: str, port: int) -> bool:
    """Whether a TCP listener could bind ``host:port`` now."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
            return True
        except OSError:
            return False


def free_port(hosts: Iterable[str], preferred: int, tries: int = 200) -> int:
    """The first port from ``preferred`` up that is free on every host in ``hosts``.

    Counting up (not a kernel-chosen port): apt-cacher-ng cannot bind ports above 32767.
    """
    hosts = list(hosts)
    for port in range(preferred, preferred + tries):
        if all(port_is_free(host, port) for host in hosts):
            return port
    raise ServiceError(f"no free TCP port in {preferred}-{preferred + tries - 1} on {', '.join(hosts)}")


def wait_for_port(host: str, port: int, timeout: float, alive: Callable[[], bool] | None = None) -> bool:
    """Poll until ``host:port`` accepts a connection; stop early when ``alive()`` turns false."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            if alive is not None and not alive():
                return False
            time.sleep(0.1)
    return False
