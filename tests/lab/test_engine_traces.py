"""What a dockerd the lab started leaves on the host is taken back, and only that (docs_tooling/lab/engine_traces.py).

The listings are Docker Engine 20.10's (Debian 12's docker.io) on a host whose firewall had rules of its own.
"""

from __future__ import annotations

import pytest

from docs_tooling.lab.engine_traces import HostState, undo

pytestmark = pytest.mark.container

HOST_FILTER = ["-P INPUT ACCEPT", "-P FORWARD ACCEPT", "-P OUTPUT ACCEPT",
               "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"]  # the host's own
DOCKER_FILTER = [
    "-N DOCKER", "-N DOCKER-ISOLATION-STAGE-1", "-N DOCKER-ISOLATION-STAGE-2", "-N DOCKER-USER",
    "-A FORWARD -j DOCKER-USER", "-A FORWARD -j DOCKER-ISOLATION-STAGE-1",
    "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-A FORWARD -o docker0 -j DOCKER",
    "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT", "-A FORWARD -i docker0 -o docker0 -j ACCEPT",
    "-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
    "-A DOCKER-ISOLATION-STAGE-1 -j RETURN", "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP",
    "-A DOCKER-ISOLATION-STAGE-2 -j RETURN", "-A DOCKER-USER -j RETURN"]
HOST_NAT = ["-P PREROUTING ACCEPT", "-P INPUT ACCEPT", "-P OUTPUT ACCEPT", "-P POSTROUTING ACCEPT"]
DOCKER_NAT = ["-N DOCKER", "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
              "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
              "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE", "-A DOCKER -i docker0 -j RETURN"]

BEFORE = HostState(["eth0", "lo"], {"iptables:filter": HOST_FILTER, "iptables:nat": HOST_NAT}, "0")
AFTER = HostState(["docker0", "eth0", "lo"],
                  {"iptables:filter": [line.replace("-P FORWARD ACCEPT", "-P FORWARD DROP") for line in HOST_FILTER]
                   + DOCKER_FILTER, "iptables:nat": HOST_NAT + DOCKER_NAT}, "1")


def apply(state: HostState, commands: list[list[str]]) -> HostState:
    """``commands`` carried out on a copy of ``state`` (what iptables, ip and sysctl would do)."""
    rules = {key: list(lines) for key, lines in state.rules.items()}
    links, forwarding = list(state.links), state.ip_forward
    for command in commands:
        if command[0] == "ip":
            links.remove(command[-1])
            continue
        if command[0] == "sysctl":
            forwarding = command[-1].split("=")[1]
            continue
        lines = rules[f"{command[0]}:{command[2]}"]
        verb, rest = command[3], command[4:]
        if verb == "-D":
            lines.remove(" ".join(["-A", *rest]))
        elif verb == "-F":
            lines[:] = [line for line in lines if not line.startswith(f"-A {rest[0]} ")]
        elif verb == "-X":  # iptables refuses to delete a chain that holds rules or that a rule leads to
            assert not any(line.startswith(f"-A {rest[0]} ") for line in lines), f"{rest[0]} deleted while not empty"
            jumps = [line for line in lines if line.endswith(f" -j {rest[0]}")]
            assert not jumps, f"{rest[0]} deleted while rules still lead to it: {jumps}"
            lines.remove(f"-N {rest[0]}")
        elif verb == "-P":
            lines[:] = [f"-P {rest[0]} {rest[1]}" if line.startswith(f"-P {rest[0]} ") else line for line in lines]
    return HostState(links, rules, forwarding)


def test_what_dockerd_made_is_taken_back_and_the_host_s_own_kept() -> None:
    assert apply(AFTER, undo(BEFORE, AFTER)) == BEFORE


def test_a_host_that_had_docker_s_traces_before_keeps_them() -> None:
    """Traces already there when the lab started its dockerd are the host's (another engine's, its admin's)."""
    assert undo(AFTER, AFTER) == []


def test_nothing_to_take_back_when_dockerd_made_nothing() -> None:
    assert undo(BEFORE, BEFORE) == []
