"""A reader's machine that is a fresh install of a Debian suite without Docker (snippet metadata ``suite:``).

Its root holds every capability over the machine's own namespaces, as a real machine's root does, so that services
which set their own capabilities (libvirt, OpenStack's privsep helpers) run; none of it reaches the host
(:mod:`docs_tooling.lab.namespaced_machine`). Nothing runs at boot but the machine's init.
"""

from __future__ import annotations

from dataclasses import dataclass

from docs_tooling.lab.host import Log
from docs_tooling.lab.namespaced_machine import NamespacedMachine
from docs_tooling.lab.services import LabServices
from docs_tooling.lab.suites import NAMES as SUITE_NAMES

PS = "ps -eo args="
# What runs at boot (stage2.sh: the init, and the sleep its shell became), and the command that lists the processes.
EXPECTED = ("/usr/bin/tini ", "sleep infinity", PS, f"bash -c {PS}")


@dataclass(frozen=True)
class FreshBoot:
    """What a suite machine looked like before the first snippet: the facts a freshly booted install shows."""

    suite: str  # the suite the page asked for
    codename: str  # VERSION_CODENAME of /etc/os-release
    boot_ip_forward: str
    listening: tuple[str, ...]  # local addresses with a listening socket
    processes: tuple[str, ...]  # command lines besides the init's

    def problems(self) -> list[str]:
        found = []
        if self.codename != self.suite:
            found.append(f"/etc/os-release names {self.codename or 'no codename'}, not {self.suite}")
        if self.boot_ip_forward != "0":
            found.append(f"net.ipv4.ip_forward was {self.boot_ip_forward} at boot (a fresh install has 0)")
        if self.listening:
            found.append(f"sockets listen before any snippet ran: {', '.join(self.listening)}")
        if self.processes:
            found.append(f"processes nobody started run: {'; '.join(self.processes)}")
        return found


class SuiteMachine(NamespacedMachine):
    """A fresh install of ``suite`` (one of :data:`~docs_tooling.lab.machine_image.SUITES`), on the run's network."""

    def __init__(self, services: LabServices, image: str, suite: str, name: str | None = None,
                 blocked: frozenset[str] = frozenset(), log: Log = print) -> None:
        self.suite = suite
        self.what = SUITE_NAMES[suite]
        self.stock: FreshBoot | None = None
        super().__init__(services, image, name=name, blocked=blocked, log=log)
        try:
            self.stock = self.fresh_boot()
        except BaseException:
            self.close()
            raise

    def fresh_boot(self) -> FreshBoot:
        """The facts of :class:`FreshBoot`, read in the machine."""
        def out(cmd: str) -> str:
            return self.exec(cmd, user="root")[1].strip()

        listening = out("ss -Hltnu | awk '{print $5}' | sort -u").split()
        processes = [args for args in out(PS).splitlines() if not args.startswith(EXPECTED)]
        return FreshBoot(suite=self.suite, codename=out(". /etc/os-release; echo \"${VERSION_CODENAME:-}\""),
                         boot_ip_forward=out("cat /run/lab/boot-ip-forward"), listening=tuple(listening),
                         processes=tuple(processes))
