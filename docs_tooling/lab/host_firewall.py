"""The host's INPUT rules for the lab's bridges: a snippet machine reaches the lab's services, nothing else of the host.

An internal Docker network still gives the host an address on its bridge, so any host service listening on all
addresses would answer a snippet. For each lab bridge, rules at the top of INPUT (iptables and ip6tables) accept
replies to connections the host opened and, on the bridge's gateway address, the lab's service ports; they reject
everything else that comes in on that bridge. Each rule's comment is ``onlab-input <run id> <bridge>``, so the rules
of a run that was killed are removed at the next start (:func:`remove_stale`).
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Sequence

from docs_tooling.lab import labels
from docs_tooling.lab.errors import ServiceError

TAG = "onlab-input"
TOOLS = ("iptables", "ip6tables")
REJECT_WITH = {"iptables": "icmp-port-unreachable", "ip6tables": "icmp6-port-unreachable"}


def run_tool(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``iptables``/``ip6tables ARGS``, waiting for the xtables lock like every other user of it."""
    return subprocess.run([tool, "-w", "10", *args], capture_output=True, text=True, timeout=30)


def remove_rules_of_dead_runs(tool: str, chain: str, tag: str) -> int:
    """Delete the rules of ``chain`` whose comment is ``<tag> <run id> ...`` for a run whose owner is gone."""
    removed = 0
    for line in run_tool(tool, "-S", chain).stdout.splitlines():
        if tag not in line or not line.startswith(f"-A {chain} "):
            continue
        words = shlex.split(line)
        parts = words[words.index("--comment") + 1].split() if "--comment" in words else []
        if len(parts) >= 2 and parts[0] == tag and not labels.run_is_alive(parts[1]):
            removed += run_tool(tool, "-D", *words[1:]).returncode == 0
    return removed


def rules(tool: str, bridge: str, gateway: str | None, ports: Sequence[int], comment: str) -> list[list[str]]:
    """INPUT rule specs for ``bridge``, in the order they are to apply (first match wins)."""
    tag = ["-m", "comment", "--comment", comment]
    specs = [["-i", bridge, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", *tag, "-j", "ACCEPT"]]
    if tool == "iptables" and gateway and ports:
        specs.append(["-i", bridge, "-d", gateway, "-p", "tcp", "-m", "multiport",
                      "--dports", ",".join(map(str, sorted(ports))), *tag, "-j", "ACCEPT"])
    specs.append(["-i", bridge, "-p", "tcp", *tag, "-j", "REJECT", "--reject-with", "tcp-reset"])
    specs.append(["-i", bridge, *tag, "-j", "REJECT", "--reject-with", REJECT_WITH[tool]])
    return specs


def remove_stale() -> int:
    """Delete INPUT rules of lab runs whose owner process is gone; return how many."""
    return sum(remove_rules_of_dead_runs(tool, "INPUT", TAG) for tool in TOOLS)


class BridgeGuard:
    """The INPUT rules of one lab bridge, removed by :meth:`close` (or by :func:`remove_stale` after a kill)."""

    def __init__(self, bridge: str, run_id: str, gateway: str | None = None, ports: Sequence[int] = ()) -> None:
        self.bridge = bridge
        self.comment = f"{TAG} {run_id} {bridge}"
        self.added: list[tuple[str, list[str]]] = []
        remove_stale()
        try:
            for tool in TOOLS:
                for spec in reversed(rules(tool, bridge, gateway, ports, self.comment)):
                    done = run_tool(tool, "-I", "INPUT", "1", *spec)
                    if done.returncode != 0:
                        raise ServiceError(f"guarding bridge {bridge}: `{tool} -I INPUT 1 {shlex.join(spec)}` failed: "
                                           f"{done.stderr.strip()}")
                    self.added.append((tool, spec))
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        for tool, spec in reversed(self.added):
            run_tool(tool, "-D", "INPUT", *spec)
        self.added = []


def rules_of(run_id: str) -> list[str]:
    """The INPUT rules (``iptables -S`` lines, both tools) that run ``run_id`` holds."""
    return [f"{tool}: {line}" for tool in TOOLS for line in run_tool(tool, "-S", "INPUT").stdout.splitlines()
            if f"{TAG} {run_id} " in line]
