"""The host's INPUT rules for the lab's bridges: in place while the lab runs, in the right order, gone after a kill."""

from __future__ import annotations

import subprocess

import pytest

from docs_tooling.lab import host_firewall, labels
from docs_tooling.runner.lab_values import run_lab

pytestmark = pytest.mark.sandbox


def test_the_run_network_bridge_admits_only_the_lab_services() -> None:
    services = run_lab().services
    held = host_firewall.rules_of(services.run_id)
    mine = [line for line in held if f" {services.bridge}" in line]
    v4 = [line.removeprefix("iptables: ") for line in mine if line.startswith("iptables: ")]
    assert [line.split(" -j ")[-1].split()[0] for line in v4] == ["ACCEPT", "ACCEPT", "REJECT", "REJECT"], v4
    assert "--ctstate RELATED,ESTABLISHED" in v4[0]
    ports = {services.apt_proxy.port, services.registry.port, services.git.port}  # type: ignore[union-attr]
    if services.front is not None:  # the mirror names' TLS front (the mirrors page)
        ports.add(services.front.port)
    assert f"-d {services.gateway}/32" in v4[1] and set(map(int, v4[1].split("--dports ")[1].split()[0].split(","))) == ports
    assert any(line.startswith("ip6tables: ") and "REJECT" in line for line in mine)


def test_rules_of_a_killed_run_are_removed_at_the_next_start() -> None:
    dead = "1-1-dead00"  # pid 1 with another start time: a run whose owner is gone
    assert not labels.run_is_alive(dead)
    bridge = "br-sandboxtest"
    guard = host_firewall.BridgeGuard(bridge, dead, "192.0.2.1", [8000])
    count = sum(len(host_firewall.rules(tool, bridge, "192.0.2.1", [8000], guard.comment)) for tool in host_firewall.TOOLS)
    try:
        assert len(host_firewall.rules_of(dead)) == count == 7  # iptables: 4 (one for the ports); ip6tables: 3
        assert host_firewall.remove_stale() == count
        assert host_firewall.rules_of(dead) == []
    finally:
        guard.close()
    listed = subprocess.run(["iptables", "-S", "INPUT"], capture_output=True, text=True, check=True).stdout
    assert bridge not in listed
