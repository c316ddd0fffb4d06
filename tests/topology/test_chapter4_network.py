"""Chapter 4's network claims, proved against real containers for each value set (ids ``default``, ``other``).

Every test compares what the page prints (its snippets, or the lines that print a variable) with what the Docker
host's engine, the chapter's container or the client report; a contradiction names the value and ``file:line``.
"""

from __future__ import annotations

import ipaddress
import json
import shlex
from typing import Any

import pytest

from docs_tooling.lab import engines
from docs_tooling.runner.output_checks import check_output
from tests.topology.chapter4 import Chapter4Run, Printed, Route

pytestmark = pytest.mark.topology


def _bridge(chapter4: Chapter4Run) -> dict[str, Any]:
    """``docker network inspect bridge`` on the Docker host."""
    return chapter4.topology.host_json("docker network inspect bridge")[0]


def _ipam(chapter4: Chapter4Run) -> dict[str, str]:
    return _bridge(chapter4)["IPAM"]["Config"][0]


def _in_container(chapter4: Chapter4Run, cmd: str) -> Any:
    """JSON of an ``ip -j`` command run in the chapter's container's network namespace."""
    code, out = chapter4.topology.in_container(chapter4.page.container_name, cmd)
    assert code == 0, f"`{cmd}` in {chapter4.page.container_name}'s network namespace exited {code}: {out}"
    return json.loads(out)


def _contradicted(printed: Printed | str, engine: object, source: str) -> str:
    return f"{printed}, but {source} reports {engine}"


def _printed_route(route: Route, name: str, value: str) -> str:
    return f"{name} = {value} (printed in `{route.snippet.code.strip()}` at {route.where})"


def test_container_address(chapter4: Chapter4Run) -> None:
    """The chapter's container has container_ip, as docker inspect, the bridge and the container itself report."""
    printed = chapter4.page.printed("container_ip")
    assert printed.where, f"docs/*/{chapter4.page.snippets[0].page}.md never prints container_ip ({{{{ container_ip }}}})"
    inspected = chapter4.container_ip_from_engine()
    assert inspected == printed.value, _contradicted(printed, inspected, "`docker inspect` on the Docker host")
    entries = [c["IPv4Address"] for c in _bridge(chapter4)["Containers"].values() if c["Name"] == chapter4.page.container_name]
    assert entries, f"`docker network inspect bridge` lists no container {chapter4.page.container_name}"
    on_bridge = entries[0].split("/")[0]
    assert on_bridge == printed.value, _contradicted(printed, on_bridge, "`docker network inspect bridge` (Containers)")
    local = [a["local"] for i in _in_container(chapter4, "ip -j -4 addr show dev eth0") for a in i["addr_info"]]
    assert local == [printed.value], _contradicted(printed, local, "`ip addr` in the container")


def test_bridge_gateway(chapter4: Chapter4Run) -> None:
    """The default bridge's gateway is gateway, and the container's default route goes via it."""
    printed = chapter4.page.printed("gateway")
    assert printed.where, "the page never prints gateway ({{ gateway }})"
    ipam = _ipam(chapter4)
    # Engine 20.10 lists no Gateway for a default bridge left at its default; later engines must list the right one
    if "Gateway" in ipam or engines.by_name(chapter4.engine).major_minor() >= (26, 0):
        assert ipam.get("Gateway") == printed.value, _contradicted(printed, ipam.get("Gateway"),
                                                                   "`docker network inspect bridge` (IPAM)")
    docker0 = [a["local"] for i in chapter4.topology.host_json("ip -j -4 addr show dev docker0") for a in i["addr_info"]]
    assert docker0 == [printed.value], _contradicted(printed, docker0, "`ip addr show docker0` on the Docker host")
    default = [r.get("gateway") for r in _in_container(chapter4, "ip -j -4 route show default")]
    assert default == [printed.value], _contradicted(printed, default, "`ip route` in the container (default via)")


def test_bridge_subnet(chapter4: Chapter4Run) -> None:
    """The default bridge's subnet is the subnet the page's Linux route sends to the Docker host."""
    route = chapter4.page.linux
    printed = _printed_route(route, "subnet", str(route.destination))
    ipam = _ipam(chapter4)
    assert ipam["Subnet"] == str(route.destination), _contradicted(printed, ipam["Subnet"], "`docker network inspect bridge`")
    kernel = [r["dst"] for r in _in_container(chapter4, "ip -j -4 route show proto kernel")]
    assert kernel == [str(route.destination)], _contradicted(printed, kernel, "`ip route` in the container (connected network)")
    prose = chapter4.page.printed("subnet")
    assert prose.value == ipam["Subnet"], _contradicted(prose, ipam["Subnet"], "`docker network inspect bridge`")


def test_bridge_netmask(chapter4: Chapter4Run) -> None:
    """The netmask the page prints is the bridge's, as the engine and the container's address report it."""
    engine = ipaddress.IPv4Network(_ipam(chapter4)["Subnet"])
    prefix = [a["prefixlen"] for i in _in_container(chapter4, "ip -j -4 addr show dev eth0") for a in i["addr_info"]]
    assert prefix == [engine.prefixlen], f"the container's address has prefix {prefix}, the bridge {engine}"
    printed = chapter4.page.printed("netmask")
    assert printed.value == str(engine.netmask), _contradicted(printed, engine.netmask, "`docker network inspect bridge`")
    for route in (chapter4.page.windows, chapter4.page.macos):
        shown = _printed_route(route, "netmask", route.netmask)
        assert route.netmask == str(engine.netmask), _contradicted(shown, engine.netmask, "`docker network inspect bridge`")


@pytest.mark.parametrize("system", ["windows", "macos"])
def test_foreign_route_values(chapter4: Chapter4Run, system: str) -> None:
    """The Windows/macOS route (parsed, not run): destination, netmask and gateway are the engine's and the LAN's."""
    route: Route = getattr(chapter4.page, system)
    engine = ipaddress.IPv4Network(_ipam(chapter4)["Subnet"])
    host = chapter4.topology.docker_host_lan_address()
    checks = [("network", route.network, str(engine.network_address), "`docker network inspect bridge`"),
              ("netmask", route.netmask, str(engine.netmask), "`docker network inspect bridge`"),
              ("host_ip", str(route.gateway), host, "the outer engine (the Docker host's LAN address)")]
    for name, shown, real, source in checks:
        assert shown == real, _contradicted(_printed_route(route, name, shown), real, source)
        expected = chapter4.page.values[name]
        assert shown == expected, f"{_printed_route(route, name, shown)}, but the value set says {expected}"


def test_linux_route_added_as_printed(chapter4: Chapter4Run) -> None:
    """The page's Linux route ran on the client, and the client's table holds exactly that route, via the Docker host."""
    route, result = chapter4.page.linux, chapter4.route
    assert result is not None and result.exit in route.snippet.meta.exit, (
        f"{route.where}: `{route.snippet.code}` exited {result and result.exit} on the client:\n{result and result.output}")
    table = chapter4.topology.client_json(f"ip -j -4 route show {shlex.quote(str(route.destination))}")
    assert [(r["dst"], r.get("gateway")) for r in table] == [(str(route.destination), str(route.gateway))], (
        f"{route.where}: the client's routing table for {route.destination} is {table}")
    host = chapter4.topology.docker_host_lan_address()
    subnet = _ipam(chapter4)["Subnet"]
    assert str(route.gateway) == host, _contradicted(_printed_route(route, "host_ip", str(route.gateway)), host,
                                                     "the outer engine (the Docker host's LAN address)")
    assert str(route.destination) == subnet, _contradicted(_printed_route(route, "subnet", str(route.destination)), subnet,
                                                           "`docker network inspect bridge` on the Docker host")


def test_traffic_takes_the_route(chapter4: Chapter4Run) -> None:
    """The client sends to container_ip via the Docker host, which forwards without NAT: one hop, the client's address."""
    ip = chapter4.page.values["container_ip"]
    host = chapter4.topology.docker_host_lan_address()
    got = chapter4.topology.client_json(f"ip -j route get {ip}")[0]
    assert got.get("gateway") == host, f"`ip route get {ip}` on the client says {got}, not via the Docker host {host}"
    after = chapter4.after
    assert after is not None and after.tcp_ok, f"no TCP answer from {ip} after the route: {after and after.describe()}"
    assert after.peer == chapter4.page.values["client_ip"], (
        f"the container saw the connection come from {after.peer}, not from the client {chapter4.page.values['client_ip']}")
    assert after.ttl == 63, f"ping replies from {ip} arrived with ttl={after.ttl}: expected 63 (64 minus one router)"


def test_unreachable_before_route(chapter4: Chapter4Run) -> None:
    """Before the page's route is added, the client reaches neither by ping nor by TCP the container it answers on."""
    listener = chapter4.listener_from_host
    assert listener is not None and chapter4.token in listener.output, "the listener did not answer on the Docker host"
    before = chapter4.before
    assert before is not None
    assert not before.ping_ok and not before.tcp_ok, (
        f"the client reached {chapter4.page.values['container_ip']} before adding the route: {before.describe()}")


def test_reachable_after_route(chapter4: Chapter4Run) -> None:
    """After the route, the client reaches container_ip: ping, TCP to the listener, and the page's own client checks."""
    after = chapter4.after
    assert after is not None and after.ping_ok and after.tcp_ok, (
        f"the client does not reach {chapter4.page.values['container_ip']} after `{chapter4.page.linux_route.code}` "
        f"({chapter4.page.linux.where}): {after and after.describe()}")
    for snippet, result in chapter4.checks:
        problems = check_output(snippet.meta, result.output)
        if result.exit not in snippet.meta.exit:
            problems.insert(0, f"exit status {result.exit}")
        assert not problems, f"{snippet.where_all()}: `{snippet.code}` on the client: {'; '.join(problems)}\n{result.output}"
