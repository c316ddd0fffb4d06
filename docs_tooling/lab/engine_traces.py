"""What a dockerd the lab started leaves on the host when it stops, and removing it again.

dockerd makes the ``docker0`` bridge, its chains (``DOCKER``, ``DOCKER-USER``, ``DOCKER-ISOLATION-STAGE-1`` and
``-2``, in the filter and nat tables), the rules that lead to them, sets the filter table's FORWARD policy to DROP
and turns on ``net.ipv4.ip_forward``; it removes none of these when it stops. Before the lab starts a dockerd it
records the host's state (:func:`record`); after stopping that dockerd it takes back what is new since
(:func:`remove`). What the host had before is its own and is never touched: a rule or chain is removed only when it
is new and names Docker's chains or ``docker0``.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docs_tooling.lab.host import Log
from docs_tooling.lab.host_firewall import TOOLS, run_tool
from docs_tooling.lab.paths import cache_subdir

TABLES = ("filter", "nat")
BRIDGE = "docker0"
FORWARDING = Path("/proc/sys/net/ipv4/ip_forward")


@dataclass
class HostState:
    """The host's links, its ``-S`` listing per tool and table (``iptables:filter``), and ``ip_forward``."""

    links: list[str] = field(default_factory=list)
    rules: dict[str, list[str]] = field(default_factory=dict)
    ip_forward: str = ""


def snapshot_file() -> Path:
    return cache_subdir("engine") / "host-before-dockerd.json"


def current() -> HostState:
    links = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    names = sorted(line.split(": ")[1].split("@")[0] for line in links.splitlines() if ": " in line)
    rules = {}
    for tool in TOOLS:
        for table in TABLES:
            done = run_tool(tool, "-t", table, "-S")
            rules[f"{tool}:{table}"] = done.stdout.splitlines() if done.returncode == 0 else []
    forwarding = FORWARDING.read_text().strip() if FORWARDING.exists() else ""
    return HostState(names, rules, forwarding)


def is_dockers(line: str) -> bool:
    return "DOCKER" in line or BRIDGE in line


def undo(before: HostState, now: HostState) -> list[list[str]]:
    """The commands that take ``now`` back to ``before`` for what dockerd made, in order: rules (last first), then
    the chains' flushing and deletion, the FORWARD policy, the bridge, ``ip_forward``."""
    commands: list[list[str]] = []
    for key, lines in now.rules.items():
        tool, table = key.split(":")
        old = set(before.rules.get(key, []))
        new = [line for line in lines if line not in old and is_dockers(line)]
        rules = [shlex.split(line) for line in new if line.startswith("-A ")]
        chains = [line.split()[1] for line in new if line.startswith("-N ")]
        commands += [[tool, "-t", table, "-D", *words[1:]] for words in reversed(rules)]
        commands += [[tool, "-t", table, "-F", chain] for chain in chains]
        commands += [[tool, "-t", table, "-X", chain] for chain in chains]
        policies = [line for line in before.rules.get(key, []) if line.startswith("-P ")]
        commands += [[tool, "-t", table, *shlex.split(line)] for line in policies if line not in lines]
    if BRIDGE in now.links and BRIDGE not in before.links:
        commands.append(["ip", "link", "delete", BRIDGE])
    if before.ip_forward and now.ip_forward != before.ip_forward:
        commands.append(["sysctl", "-qw", f"net.ipv4.ip_forward={before.ip_forward}"])
    return commands


def record(log: Log) -> None:
    """The host's state before the lab starts a dockerd; first the traces of a run whose dockerd was stopped without
    taking them back (killed), which otherwise would count as the host's own."""
    remove(log)
    path = snapshot_file()
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(asdict(current())))
    partial.replace(path)


def remove(log: Log) -> None:
    """After the dockerd the lab started has stopped: what it made since :func:`record`, taken back."""
    path = snapshot_file()
    if not path.exists():
        return
    before = HostState(**json.loads(path.read_text()))
    failed = []
    for command in undo(before, current()):
        done = run_tool(*command) if command[0] in TOOLS else subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            failed.append(f"{shlex.join(command)}: {done.stderr.strip()}")
    path.unlink()
    if failed:
        log("lab: could not take back what dockerd left on the host; run by hand:\n  " + "\n  ".join(failed))
