"""What chapter 4 (``openstack-lab``) tells the reader about the network, and its commands run on a :class:`Topology`.

:class:`Chapter4Page` finds the page's snippets (``docker pull``, the interactive ``docker run``, the Linux, Windows
and macOS route commands) and parses the values they carry. :class:`Chapter4Run` types the pull and run snippets
into a reader's shell on the Docker host, starts a TCP listener in the chapter's container, probes it from the
client, runs the page's Linux route snippet there, and probes again.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import shlex
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from docs_tooling.extract.snippets import Snippet
from docs_tooling.lab.errors import LabError
from docs_tooling.lab.host import Log, tail
from docs_tooling.lab.topology import Topology
from docs_tooling.project import LANGS
from docs_tooling.runner.session import Result, ShellSession

PAGE = "openstack-lab"
LINUX_ROUTE_ID = "linux-route"
LISTEN_PORT = 8080
_IP = r"\d{1,3}(?:\.\d{1,3}){3}"
PULL_RE = re.compile(r"\bdocker\s+pull\s+(?P<image>\S+)")
NAME_RE = re.compile(r"--name[= ](?P<name>\S+)")
LINUX_RE = re.compile(rf"\bip\s+(?:-4\s+)?route\s+add\s+(?P<dest>{_IP}(?:/\d{{1,2}})?)\s+via\s+(?P<gw>{_IP})\b")
WINDOWS_RE = re.compile(rf"\broute(?:\.exe)?\s+(?:[-/]p\s+)?add\s+(?P<dest>{_IP})\s+mask\s+(?P<mask>{_IP})\s+(?P<gw>{_IP})\b",
                        re.IGNORECASE)
MACOS_RE = re.compile(rf"\broute\s+(?:-n\s+)?add\s+-net\s+(?P<dest>{_IP})\s+-netmask\s+(?P<mask>{_IP})\s+(?P<gw>{_IP})\b")
# A one-connection-at-a-time TCP server in Perl (perl-base is in every Debian image): answers a token and the peer.
LISTENER = ("use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => {port}, Listen => 5, ReuseAddr => 1) "
            "or die qq(listen: $!); while (my $c = $s->accept) {{ print $c qq({token} ) . $c->peerhost . qq(\\n); close $c }}")


class PageError(LabError):
    """Chapter 4 lacks a snippet the topology needs, or a snippet has an unexpected form."""


@dataclass(frozen=True)
class Route:
    """A route a page prints: destination network and the gateway it goes via, and the snippet it is in."""

    destination: ipaddress.IPv4Network
    gateway: ipaddress.IPv4Address
    snippet: Snippet

    @property
    def network(self) -> str:
        return str(self.destination.network_address)

    @property
    def netmask(self) -> str:
        return str(self.destination.netmask)

    @property
    def where(self) -> str:
        return self.snippet.where_all()


def parse_route(snippet: Snippet, pattern: re.Pattern[str], form: str) -> Route:
    """The single route command of ``form`` in ``snippet``; :class:`PageError` naming the snippet otherwise."""
    matches = list(pattern.finditer(snippet.code))
    if len(matches) != 1:
        raise PageError(f"{snippet.where_all()}: expected exactly one `{form}` command, found {len(matches)} in:\n{snippet.code}")
    m = matches[0]
    mask = m.groupdict().get("mask")
    try:
        network = ipaddress.IPv4Network(f"{m['dest']}/{mask}" if mask else m["dest"], strict=True)
        return Route(network, ipaddress.IPv4Address(m["gw"]), snippet)
    except ValueError as exc:
        raise PageError(f"{snippet.where_all()}: {m.group(0)!r}: {exc}") from None


@dataclass(frozen=True)
class Printed:
    """A value as the page prints it, and where (``file:line`` of each language)."""

    name: str
    value: str
    where: tuple[str, ...]

    def __str__(self) -> str:
        places = "; ".join(self.where) if self.where else f"not printed on docs/*/{PAGE}.md"
        return f"{self.name} = {self.value} (printed at {places})"


class Chapter4Page:
    """Chapter 4's network snippets, rendered with one set of values, and the values they carry."""

    def __init__(self, root: Path, snippets: list[Snippet], values: Mapping[str, str]) -> None:
        self.root, self.values = root, dict(values)
        self.snippets = [s for s in snippets if s.page == PAGE]
        if not self.snippets:
            raise PageError(f"docs/zh/{PAGE}.md has no shell snippets")
        self.pull = self._one("`docker pull IMAGE`", lambda s: s.meta.runs_on_linux and bool(PULL_RE.search(s.code)))
        self.run = self._one("interactive `docker run` (interactive: true)", lambda s: s.meta.interactive and "docker run" in s.code)
        self.linux_route = self._one(f"`id: {LINUX_ROUTE_ID}`", lambda s: s.meta.id == LINUX_ROUTE_ID)
        self.windows_route = self._one("Windows `route add` (runs: windows)",
                                       lambda s: s.meta.runs == "windows" and bool(WINDOWS_RE.search(s.code)))
        self.macos_route = self._one("macOS `route -n add -net` (runs: macos)",
                                     lambda s: s.meta.runs == "macos" and bool(MACOS_RE.search(s.code)))
        self.image = PULL_RE.search(self.pull.code)["image"]  # type: ignore[index]
        name = NAME_RE.search(self.run.code)
        if name is None:
            raise PageError(f"{self.run.where_all()}: the `docker run` snippet names no container (--name)")
        self.container_name = name["name"]
        if self.image not in shlex.split(self.run.code):
            raise PageError(f"{self.run.where_all()}: runs another image than the one pulled at {self.pull.where_all()} ({self.image})")
        self.linux = parse_route(self.linux_route, LINUX_RE, "ip route add NET/PREFIX via GATEWAY")
        self.windows = parse_route(self.windows_route, WINDOWS_RE, "route -p add NET mask NETMASK GATEWAY")
        self.macos = parse_route(self.macos_route, MACOS_RE, "route -n add -net NET -netmask NETMASK GATEWAY")
        after = [s for s in self.snippets if s.position > self.linux_route.position]
        self.client_checks = [s for s in after if s.meta.runs == "client"]  # e.g. the page's ping, run after the route
        # everything the reader types before the route, in page order (pull, run, the Docker host's preparation, ...)
        self.before_route = [s for s in self.snippets if s.position < self.linux_route.position and s.meta.runs_on_linux]

    def _one(self, what: str, test: Callable[[Snippet], bool]) -> Snippet:
        found = [s for s in self.snippets if test(s)]
        if len(found) != 1:
            places = ", ".join(s.where() for s in found) or "none"
            raise PageError(f"docs/zh/{PAGE}.md: expected one {what} snippet, found {len(found)} ({places})")
        return found[0]

    def printed(self, name: str) -> Printed:
        """``values[name]`` and where the page prints it: lines with ``{{ name }}``, snippets whose code carries it."""
        value = self.values[name]
        macro = re.compile(r"\{\{\s*" + re.escape(name) + r"\s*\}\}")
        where: list[str] = []
        for lang in LANGS:
            path = f"docs/{lang}/{PAGE}.md"
            lines = [n for n, text in enumerate((self.root / path).read_text(encoding="utf-8").split("\n"), 1) if macro.search(text)]
            if lines:
                where.append(f"{path}:" + ",".join(map(str, lines)))
        return Printed(name, value, tuple(where))


@dataclass(frozen=True)
class Probe:
    """What the client got from the chapter's container: ping, and a TCP connection to the listener."""

    ping: Result
    tcp: Result
    token: str

    @property
    def ping_ok(self) -> bool:
        return self.ping.exit == 0

    @property
    def tcp_ok(self) -> bool:
        return self.tcp.exit == 0 and self.token in self.tcp.output

    @property
    def peer(self) -> str | None:
        """The client address the listener saw (no NAT on the way: the client's own address)."""
        m = re.search(re.escape(self.token) + rf" ({_IP})", self.tcp.output)
        return m.group(1) if m else None

    @property
    def ttl(self) -> int | None:
        m = re.search(r"ttl=(\d+)", self.ping.output)
        return int(m.group(1)) if m else None

    def describe(self) -> str:
        return (f"ping exit {self.ping.exit}: {tail(self.ping.output, 3)!r}; "
                f"TCP exit {self.tcp.exit}: {tail(self.tcp.output, 3)!r}")


class Chapter4Run:
    """The page's commands on a topology, in the page's order, with probes before and after the route."""

    def __init__(self, topology: Topology, page: Chapter4Page, log: Log = print) -> None:
        self.topology, self.page, self.log = topology, page, log
        self.engine = topology.release.name
        self.token = f"chapter4-{secrets.token_hex(4)}"
        self.host_shell: ShellSession | None = None
        self.client_shell: ShellSession | None = None
        self.pull: Result | None = None
        self.run: Result | None = None
        self.listener_from_host: Result | None = None
        self.before: Probe | None = None
        self.route: Result | None = None
        self.after: Probe | None = None
        self.checks: list[tuple[Snippet, Result]] = []

    def _snippet(self, shell: ShellSession, snippet: Snippet) -> Result:
        if snippet.meta.interactive:
            result = shell.open_shell(snippet.code, snippet.meta.timeout)
        else:
            result = shell.run(snippet.code, snippet.meta.timeout, may_leave_shell=snippet.meta.runs == "lab")
        self.log(f"chapter 4 ({self.topology.name}): {snippet.code.splitlines()[0]!r} -> exit {result.exit} "
                 f"in {result.seconds:.1f} s")
        return result

    def start(self) -> None:
        """Every command of the page before the route, in order, on its machine; then the listener, a probe, the
        Linux route on the client, a probe again, and the page's checks after the route (the ping)."""
        page, topo = self.page, self.topology
        self.host_shell = ShellSession(topo.host_shell_argv())
        self.client_shell = ShellSession(topo.client_shell_argv())
        for snippet in page.before_route:
            if snippet.meta.engine_skip_reason(self.engine):
                continue
            shell = self.client_shell if snippet.meta.runs == "client" else self.host_shell
            result = self._snippet(shell, snippet)
            if snippet is page.pull:
                self.pull = result
            elif snippet is page.run:
                self.run = result
            meta = snippet.meta.for_engine(self.engine)
            if result.exit not in meta.exit:
                _, log = topo.host_exec("tail -n 15 /var/log/docker.log")  # what dockerd said last, for a failed docker command
                raise PageError(f"{snippet.where_all()}: `{snippet.code}` exited {result.exit} on Engine {self.engine}:\n"
                                f"{tail(result.output)}\nthe Docker host's /var/log/docker.log ends:\n{log.strip()}")
        code, state = topo.host_exec(f"docker inspect -f '{{{{.State.Running}}}}' {shlex.quote(page.container_name)}")
        if code != 0 or state.strip() != "true":
            raise PageError(f"after the page's commands before {page.linux_route.where_all()}, the container "
                            f"{page.container_name} is not running on the Docker host: {state.strip()}")
        self._start_listener()
        self.before = self.probe()
        self.route = self._snippet(self.client_shell, page.linux_route)
        self.after = self.probe(attempts=3)
        self.checks = [(s, self._snippet(self.client_shell, s)) for s in page.client_checks]

    def container_ip_from_engine(self) -> str:
        """The chapter's container's address as the Docker host's engine reports it."""
        code, out = self.topology.host_exec(
            f"docker inspect -f '{{{{.NetworkSettings.IPAddress}}}}' {shlex.quote(self.page.container_name)}")
        if code != 0 or not out.strip():
            raise PageError(f"the Docker host's engine reports no address for {self.page.container_name}: {out.strip()}")
        return out.strip()

    def _start_listener(self) -> None:
        script = LISTENER.format(port=LISTEN_PORT, token=self.token)
        name = shlex.quote(self.page.container_name)
        code, out = self.topology.host_exec(f"docker exec -d {name} perl -e {shlex.quote(script)}", user="reader")
        if code != 0:
            raise PageError(f"could not start a listener in {self.page.container_name}: {tail(out)}")
        ip = self.container_ip_from_engine()
        for _ in range(20):  # the listener answers on the Docker host itself, so a failure later is the network's
            self.listener_from_host = _result(*self.topology.host_exec(_tcp_command(ip)))
            if self.token in self.listener_from_host.output:
                return
            time.sleep(0.25)
        raise PageError(f"the listener in {self.page.container_name} does not answer on {ip}:{LISTEN_PORT} from the Docker "
                        f"host: {tail(self.listener_from_host.output if self.listener_from_host else '')}")

    def probe(self, attempts: int = 1) -> Probe:
        """Ping ``container_ip`` and connect to the listener from the client (root, no shell of the reader's)."""
        ip = self.page.values["container_ip"]
        probe = None
        for _ in range(attempts):
            ping = _result(*self.topology.client_exec(f"ping -n -c 2 -i 0.2 -W 1 {ip}"))
            tcp = _result(*self.topology.client_exec(_tcp_command(ip)))
            probe = Probe(ping, tcp, self.token)
            if probe.ping_ok and probe.tcp_ok:
                break
        assert probe is not None
        return probe

    def close(self) -> None:
        """Close the shells (the topology removes the containers)."""
        for shell in (self.client_shell, self.host_shell):
            if shell is not None:
                shell.close()
        self.client_shell = self.host_shell = None


def _tcp_command(ip: str) -> str:
    return f"timeout 3 bash -c 'exec 3<>/dev/tcp/{ip}/{LISTEN_PORT} && cat <&3'"


def _result(code: int, output: str) -> Result:
    return Result(code, output, 0.0)
