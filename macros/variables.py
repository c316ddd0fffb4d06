"""The values a reader adapts to their own lab: defaults, overrides, derived values, validation.

One source of truth. Every page and every test takes its values from :func:`load`.
A reader overrides any base value with an environment variable ``DOCS_<NAME>``
(``DOCS_HOST_IP=10.20.0.5 mkdocs serve``); derived values follow automatically.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from docs_tooling.errors import DocsError

ENV_PREFIX = "DOCS_"


class VariableError(DocsError):
    """A value breaks a rule; the message names the variable, the value and the rule."""

    def __init__(self, name: str, value: str, rule: str, source: str = "") -> None:
        where = source or f"{ENV_PREFIX}{name.upper()}"
        super().__init__(f"{where}={value!r}: {rule}")
        self.name, self.value, self.rule = name, value, rule


@dataclass(frozen=True)
class Base:
    """A value the reader may override, with its default and what it means (English, Chinese)."""

    default: str
    doc: str
    doc_zh: str


# Base values: the only values written by hand.
BASE: dict[str, Base] = {
    "host_ip": Base("192.168.1.199", "the Docker host's address on the reader's LAN", "Docker 宿主机在局域网中的地址"),
    "lan_prefix": Base("24", "prefix length of the reader's LAN (the network of host_ip)", "局域网（host_ip 所在网络）的前缀长度"),
    "subnet": Base("172.17.0.0/16", "Docker's default bridge network on the Docker host", "Docker 宿主机上默认网桥的子网"),
    "container_ip": Base("", "address of the first container (default: second address of subnet)",
                         "第一个容器的地址（默认为子网的第二个地址）"),
    "branch": Base("stable/2026.1", "the DevStack branch or tag the commands clone", "命令克隆的 DevStack 分支或标签"),
    "image": Base("ubuntu:24.04", "the image the lab container runs", "实验容器使用的镜像"),
    "container_name": Base("openstack-lab", "the name given to the lab container", "实验容器的名字"),
    "devstack_repo": Base("https://opendev.org/openstack/devstack", "DevStack's repository", "DevStack 的代码仓库"),
    "devstack_dir": Base("devstack", "the folder the DevStack clone goes to", "DevStack 克隆到的目录"),
}

_BRANCH_RE = re.compile(r"^(?!/)(?!.*//)(?!.*\.\.)[A-Za-z0-9._/-]+(?<!/)(?<!\.lock)$")
_IMAGE_RE = re.compile(r"^[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$")
_NAME_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")


def _ipv4(name: str, value: str) -> ipaddress.IPv4Address:
    try:
        return ipaddress.IPv4Address(value)
    except ValueError:
        raise VariableError(name, value, "not an IPv4 address (expected four numbers 0-255, e.g. 192.168.1.199)") from None


def _network(name: str, value: str) -> ipaddress.IPv4Network:
    try:
        net = ipaddress.IPv4Network(value, strict=True)
    except ipaddress.NetmaskValueError:
        raise VariableError(name, value, "prefix length must be 0-32 (e.g. 172.17.0.0/16)") from None
    except ValueError as exc:
        if "has host bits set" in str(exc):
            base = ipaddress.IPv4Network(value, strict=False).network_address
            raise VariableError(name, value, f"host bits set; the network address is {base}") from None
        raise VariableError(name, value, "not an IPv4 network in CIDR form (e.g. 172.17.0.0/16)") from None
    if net.prefixlen > 30:
        raise VariableError(name, value, "prefix must be /30 or shorter to hold a gateway and a container")
    return net


def _pattern(regex: re.Pattern[str], rule: str) -> Callable[[str, str], str]:
    def check(name: str, value: str) -> str:
        if not value:
            raise VariableError(name, value, "must not be empty")
        if not regex.match(value):
            raise VariableError(name, value, rule)
        return value

    return check


_check_branch = _pattern(_BRANCH_RE, "not a valid git branch or tag name (e.g. stable/2026.1 or rocky-eol)")
_check_image = _pattern(_IMAGE_RE, "not a valid image reference (e.g. ubuntu:24.04)")
_check_name = _pattern(_NAME_RE, "letters, digits, '.', '_' and '-' only, starting with a letter or digit")


def _check_url(name: str, value: str) -> str:
    if not re.match(r"^https?://[A-Za-z0-9.-]+(:\d+)?/\S+$", value):
        raise VariableError(name, value, "not an http(s) URL of a repository")
    return value


def _check_prefix(name: str, value: str) -> int:
    if not value.isdigit() or not 8 <= int(value) <= 30:
        raise VariableError(name, value, "must be a whole number from 8 to 30")
    return int(value)


def raw_values(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Base values with the ``DOCS_<NAME>`` overrides of ``environ`` applied."""
    environ = os.environ if environ is None else environ
    return {name: environ.get(ENV_PREFIX + name.upper(), base.default).strip() for name, base in BASE.items()}


# Set by the tooling itself, not a value of the reader's.
CAPTURE_ENV = "DOCS_CAPTURE_DIR"


def overrides(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``DOCS_*`` values a reader exported (their own lab), without the tooling's own variable."""
    environ = os.environ if environ is None else environ
    return {k: v for k, v in environ.items() if k.startswith(ENV_PREFIX) and k != CAPTURE_ENV}


def unknown_overrides(environ: Mapping[str, str] | None = None) -> list[str]:
    """``DOCS_*`` variables that match no base value (a likely typo)."""
    known = {ENV_PREFIX + name.upper() for name in BASE}
    return sorted(k for k in overrides(environ) if k not in known)


def load(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """All page variables: base values (overridden from ``environ``) plus derived ones, validated.

    Raises :class:`VariableError` with one line naming the variable, the value and the rule.
    """
    raw = raw_values(environ)
    for key in unknown_overrides(environ):
        names = ", ".join(ENV_PREFIX + n.upper() for n in BASE)
        raise VariableError(key[len(ENV_PREFIX):].lower(), (environ or os.environ)[key],
                            f"unknown variable; known ones are {names}", source=key)
    host = _ipv4("host_ip", raw["host_ip"])
    lan = ipaddress.IPv4Network(f"{host}/{_check_prefix('lan_prefix', raw['lan_prefix'])}", strict=False)
    if host in (lan.network_address, lan.broadcast_address):
        raise VariableError("host_ip", raw["host_ip"], f"is the network or broadcast address of its LAN {lan}")
    subnet = _network("subnet", raw["subnet"])
    if host in subnet:
        raise VariableError("host_ip", raw["host_ip"], f"inside subnet {subnet}; the Docker host must be outside the containers' network")
    if lan.overlaps(subnet):
        raise VariableError("subnet", raw["subnet"], f"overlaps the LAN {lan} of host_ip; choose a range apart from the LAN")
    hosts = subnet.hosts()
    gateway, first = next(hosts), next(hosts)
    container = _ipv4("container_ip", raw["container_ip"]) if raw["container_ip"] else first
    if container not in subnet:
        raise VariableError("container_ip", str(container), f"outside subnet {subnet}")
    if container in (gateway, subnet.network_address, subnet.broadcast_address):
        raise VariableError("container_ip", str(container), f"is the gateway, network or broadcast address of {subnet}")
    # An example second machine on the LAN: skip the first address (usually the router).
    client = next((ip for ip in list(lan.hosts())[1:] if ip != host), None)
    if client is None:
        raise VariableError("lan_prefix", raw["lan_prefix"], f"LAN {lan} has no room for a second machine beside host_ip")
    _check_branch("branch", raw["branch"])
    _check_image("image", raw["image"])
    _check_name("container_name", raw["container_name"])
    _check_name("devstack_dir", raw["devstack_dir"])
    _check_url("devstack_repo", raw["devstack_repo"])
    derived = {
        "container_ip": str(container),
        "gateway": str(gateway),
        "network": str(subnet.network_address),
        "netmask": str(subnet.netmask),
        "prefix": str(subnet.prefixlen),
        "lan": str(lan),
        "lan_netmask": str(lan.netmask),
        "client_ip": str(client),
    }
    return {**raw, **derived}


# What each derived value means (English, Chinese), for the home page's table of values.
DERIVED_DOC: dict[str, tuple[str, str]] = {
    "gateway": ("first address of subnet: the docker0 bridge on the Docker host", "子网的第一个地址：Docker 宿主机上的 docker0 网桥"),
    "network": ("network address of subnet", "子网的网络地址"),
    "netmask": ("netmask of subnet", "子网的子网掩码"),
    "prefix": ("prefix length of subnet", "子网的前缀长度"),
    "lan": ("the LAN that holds host_ip", "host_ip 所在的局域网"),
    "lan_netmask": ("netmask of the LAN", "局域网的子网掩码"),
    "client_ip": ("an example second machine on the LAN (second LAN address that is not host_ip)",
                  "局域网中另一台机器的示例地址（局域网第二个不是 host_ip 的地址）"),
}
