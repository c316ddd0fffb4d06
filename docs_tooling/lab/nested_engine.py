"""The reader's machine with its own Docker Engine: a :class:`NamespacedMachine` whose dockerd uses the lab registry.

The machine starts as a fresh install of its suite would: ``ip_forward`` 0 at boot, no firewall rule, no
``daemon.json``; Debian's init script starts dockerd (``sudo service docker restart`` restarts it).
"""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
import shlex
from dataclasses import dataclass

import docker.errors

from docs_tooling.lab import labels
from docs_tooling.lab.engines import ENGINES, Engine
from docs_tooling.lab.host import Log, tail
from docs_tooling.lab.machine_image import DOCKERD_OPTS_PATH
from docs_tooling.lab.namespaced_machine import MEMORY, PIDS, NamespacedMachine
from docs_tooling.lab.network import DOCKER_DEFAULT_BRIDGE
from docs_tooling.lab.services import LabServices


@dataclass(frozen=True)
class StockState:
    """What a machine looked like before the first snippet: the facts a fresh install shows."""

    boot_ip_forward: str  # before dockerd started
    daemon_json: bool
    forward_policy: str  # after dockerd started: DROP when dockerd turned forwarding on itself
    docker_user_rules: tuple[str, ...]  # rules in DOCKER-USER besides Docker's own RETURN
    server_version: str

    def problems(self) -> list[str]:
        found = []
        if self.boot_ip_forward != "0":
            found.append(f"net.ipv4.ip_forward was {self.boot_ip_forward} at boot (a fresh install has 0)")
        if self.daemon_json:
            found.append("/etc/docker/daemon.json exists before the page wrote one")
        if self.docker_user_rules:
            found.append(f"DOCKER-USER holds rules nobody typed: {'; '.join(self.docker_user_rules)}")
        if self.forward_policy != "DROP":
            found.append(f"the FORWARD policy is {self.forward_policy}, not the DROP that dockerd sets when it turns "
                         "forwarding on itself")
        return found


class NestedEngine(NamespacedMachine):
    """A reader's machine of ``engine`` whose dockerd uses the lab registry as mirror (not when ``docker-hub`` is
    ``blocked``), its ``/var/lib/docker`` a volume of its own.

    ``bip`` is passed to the inner dockerd when the page's subnet is not Docker's default. Inner containers get
    ``--dns 127.0.0.1``.
    """

    def __init__(self, services: LabServices, image: str, engine: Engine = ENGINES[0], name: str | None = None,
                 hostname: str = "reader", bip: str | None = None, lan: tuple[str, str] | None = None,
                 mem_limit: str = MEMORY, pids_limit: int = PIDS, blocked: frozenset[str] = frozenset(),
                 log: Log = print) -> None:
        self.engine = engine
        self.what = f"Engine {engine.name}"
        mirror = [] if "docker-hub" in blocked else ["--registry-mirror", services.registry_mirror_url]
        options = [*mirror, "--dns", "127.0.0.1"]
        if bip and ipaddress.ip_interface(bip).network != DOCKER_DEFAULT_BRIDGE:
            options += ["--bip", bip]  # the reader's docker0 is elsewhere than Docker's default
        self.dockerd_options = options
        self.stock: StockState | None = None
        name = name or f"onlab-reader-{services.run_id}-{secrets.token_hex(3)}"
        self.volume = services.client.volumes.create(f"{name}-docker", labels=labels.labels_for(services.run_id))
        try:
            super().__init__(services, image, name=name, hostname=hostname, lan=lan, mem_limit=mem_limit,
                             pids_limit=pids_limit, blocked=blocked,
                             files={DOCKERD_OPTS_PATH: (shlex.join(options) + "\n", 0o644)},
                             binds={self.volume.name: "/var/lib/docker"}, log=log)
            self.stock = self.stock_state()
        except BaseException:
            self.close()
            raise

    def _ready(self) -> bool:
        return self.exec(["docker", "info"], user="root")[0] == 0

    def _ready_message(self) -> str:
        return (" (Docker Hub blocked)" if "docker-hub" in self.blocked
                else f" (registry mirror {self.services.registry_mirror_url})")

    def _logs(self) -> str:
        assert self.container is not None
        text = tail(self.container.logs())
        # Each file on its own: `tail` of a missing file fails, and the other file's lines still count.
        _, log = self.exec("for f in /run/lab/docker-start.log /var/log/docker.log; do echo \"== $f\"; "
                           "tail -n 15 \"$f\" 2>&1; done; ps -eo pid,stat,args", user="root")
        return f"{text}\n{log}".strip() or "(no log, no output)"

    def stock_state(self) -> StockState:
        """The facts of :class:`StockState`, read in the machine."""
        def out(cmd: str) -> str:
            return self.exec(cmd, user="root")[1].strip()

        rules = [line for line in out("iptables -S DOCKER-USER").splitlines()
                 if line.startswith("-A") and line != "-A DOCKER-USER -j RETURN"]
        policy = out("iptables -S FORWARD | sed -n 's/^-P FORWARD //p'")
        return StockState(boot_ip_forward=out("cat /run/lab/boot-ip-forward"),
                          daemon_json=self.exec("test -e /etc/docker/daemon.json", user="root")[0] == 0,
                          forward_policy=policy, docker_user_rules=tuple(rules),
                          server_version=out("docker version --format '{{.Server.Version}}'"))

    def close(self) -> None:
        """Remove the container and its /var/lib/docker volume."""
        super().close()
        volume = getattr(self, "volume", None)
        if volume is not None:
            with contextlib.suppress(docker.errors.NotFound):
                volume.remove(force=True)

    def __enter__(self) -> NestedEngine:
        return self

