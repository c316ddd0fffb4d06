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


# Each rule's message, English and Chinese, with ``{fields}`` filled in. The build says the English one; the
# browser's panel (docs_tooling/build/lab_panel.py hands it these) says the page's language.
RULES: dict[str, tuple[str, str]] = {
    "empty": ("must not be empty", "不能为空"),
    "ipv4": ("not an IPv4 address (expected four numbers 0-255, e.g. 192.168.1.199)",
             "不是 IPv4 地址（应为四个 0–255 的数，例如 192.168.1.199）"),
    "cidr": ("not an IPv4 network in CIDR form (e.g. 172.17.0.0/16)", "不是 CIDR 形式的 IPv4 网络（例如 172.17.0.0/16）"),
    "prefix_range": ("prefix length must be 0-32 (e.g. 172.17.0.0/16)", "前缀长度必须在 0–32 之间（例如 172.17.0.0/16）"),
    "host_bits": ("host bits set; the network address is {network}", "主机位不为零；网络地址应为 {network}"),
    "subnet_size": ("prefix must be /30 or shorter to hold a gateway and a container",
                    "前缀必须为 /30 或更短，才能容纳网关和一个容器"),
    "lan_prefix": ("must be a whole number from 8 to 30", "必须是 8 到 30 之间的整数"),
    "lan_edge": ("is the network or broadcast address of its LAN {lan}", "是其局域网 {lan} 的网络地址或广播地址"),
    "host_in_subnet": ("inside subnet {subnet}; the Docker host must be outside the containers' network",
                       "位于子网 {subnet} 之内；Docker 宿主机必须在容器网络之外"),
    "overlap": ("overlaps the LAN {lan} of host_ip; choose a range apart from the LAN",
                "与 host_ip 所在的局域网 {lan} 重叠；请选择与局域网不相交的范围"),
    "outside_subnet": ("outside subnet {subnet}", "不在子网 {subnet} 之内"),
    "reserved": ("is the gateway, network or broadcast address of {subnet}", "是 {subnet} 的网关、网络地址或广播地址"),
    "no_client": ("LAN {lan} has no room for a second machine beside host_ip", "局域网 {lan} 中除 host_ip 外容不下第二台机器"),
    "branch": ("not a valid git branch or tag name (e.g. stable/2026.1 or rocky-eol)",
               "不是有效的 git 分支或标签名（例如 stable/2026.1 或 rocky-eol）"),
    "image": ("not a valid image reference (e.g. ubuntu:24.04)", "不是有效的镜像引用（例如 ubuntu:24.04）"),
    "name": ("letters, digits, '.', '_' and '-' only, starting with a letter or digit",
             "只能包含字母、数字、“.”、“_”和“-”，并以字母或数字开头"),
    "url": ("not an http(s) URL of a repository", "不是代码仓库的 http(s) URL"),
    "hostname": ("not a host name: labels of letters, digits and '-', dot-separated, each 1-63 long and neither starting nor"
                 " ending with '-' (e.g. controller)",
                 "不是主机名：由点分隔的标签组成，每个标签由字母、数字和“-”组成，长度 1–63，不以“-”开头或结尾（例如 controller）"),
    "mirror": ("not an http(s) address without a trailing slash (e.g. https://docker.m.daocloud.io)",
               "不是末尾不带斜杠的 http(s) 地址（例如 https://docker.m.daocloud.io）"),
    "unknown": ("unknown variable; known ones are {known}", "未知变量；已知的变量有 {known}"),
}


class VariableError(DocsError):
    """A value breaks a rule; the message names the variable, the value and the rule (in English)."""

    def __init__(self, name: str, value: str, rule: str, source: str = "", **fields: str) -> None:
        where = source or f"{ENV_PREFIX}{name.upper()}"
        super().__init__(f"{where}={value!r}: {RULES[rule][0].format(**fields)}")
        self.name, self.value, self.rule, self.fields = name, value, rule, fields

    def message(self, lang: str) -> str:
        """The rule's message in ``lang`` (``en`` or ``zh``), without the variable and value."""
        return RULES[self.rule][lang == "zh"].format(**self.fields)


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
    # The OpenStack chapter (openstack-debian.md): the name every endpoint and configuration file uses for the machine
    # that runs the services, and the region the endpoints are registered in.
    "controller": Base("controller", "the host name of the OpenStack machine, as endpoints and configuration use it",
                       "OpenStack 主机的主机名（端点和配置文件使用它）"),
    "region": Base("RegionOne", "the OpenStack region the endpoints belong to", "端点所属的 OpenStack 区域"),
    # Mirrors (the mirrors page): third parties, not the projects themselves; sources on the page.
    "registry_mirror": Base("https://docker.m.daocloud.io", "a Docker Hub mirror (registry-mirrors in daemon.json)",
                            "Docker Hub 镜像加速地址（daemon.json 的 registry-mirrors）"),
    "apt_mirror": Base("http://mirrors.tuna.tsinghua.edu.cn", "a Debian mirror, in place of the archive the sources name",
                       "Debian 软件源镜像，代替软件源里写的地址"),
    "git_mirror": Base("https://github.com", "where git fetches instead of git_base (url.<mirror>.insteadOf)",
                       "git 用来代替 git_base 的地址（url.<镜像>.insteadOf）"),
}

# Whole-value patterns (fullmatch), in the subset of syntax Python's re and JavaScript's RegExp read alike: the
# browser's panel uses these very strings.
PATTERNS: dict[str, str] = {
    "branch": r"(?!/)(?!.*//)(?!.*\.\.)[A-Za-z0-9._/-]+(?<!/)(?<!\.lock)",
    "image": r"[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?",
    "name": r"[a-zA-Z0-9][a-zA-Z0-9_.-]*",
    "hostname": r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*",
    "url": r"https?://[A-Za-z0-9.-]+(:[0-9]+)?/[!-~]+",
    "mirror": r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~-]+)*",
    "octet": r"0|[1-9][0-9]{0,2}",
    "number": r"[0-9]+",
}
# What every value is stripped of: ASCII white space (str.strip() and JavaScript's trim() differ beyond it).
SPACE = " \t\n\r\f\v"
MIRRORS = ("registry_mirror", "apt_mirror", "git_mirror")  # checked with the "mirror" pattern
LAN_PREFIX_RANGE = (8, 30)
MAX_SUBNET_PREFIX = 30


def _matches(kind: str, value: str) -> bool:
    return re.fullmatch(PATTERNS[kind], value) is not None


def _ipv4(name: str, value: str) -> ipaddress.IPv4Address:
    """Four decimal numbers 0-255 without leading zeros, as Python's ipaddress reads them."""
    octets = value.split(".")
    if len(octets) != 4 or not all(_matches("octet", o) and int(o) <= 255 for o in octets):
        raise VariableError(name, value, "ipv4")
    return ipaddress.IPv4Address(value)


def _network(name: str, value: str) -> ipaddress.IPv4Network:
    """ADDRESS/PREFIX with the host bits clear, room for a gateway and a container."""
    address, slash, prefix = value.partition("/")
    if not slash or "/" in prefix:
        raise VariableError(name, value, "cidr")
    try:
        _ipv4(name, address)
    except VariableError:
        raise VariableError(name, value, "cidr") from None
    if not _matches("number", prefix) or int(prefix) > 32:
        raise VariableError(name, value, "prefix_range")
    net = ipaddress.IPv4Network(f"{address}/{int(prefix)}", strict=False)
    if str(net.network_address) != address:
        raise VariableError(name, value, "host_bits", network=str(net.network_address))
    if net.prefixlen > MAX_SUBNET_PREFIX:
        raise VariableError(name, value, "subnet_size")
    return net


def _pattern(kind: str, rule: str) -> Callable[[str, str], str]:
    def check(name: str, value: str) -> str:
        if not value:
            raise VariableError(name, value, "empty")
        if not _matches(kind, value):
            raise VariableError(name, value, rule)
        return value

    return check


_check_branch = _pattern("branch", "branch")
_check_image = _pattern("image", "image")
_check_name = _pattern("name", "name")
_check_hostname = _pattern("hostname", "hostname")


def _check_url(name: str, value: str) -> str:
    if not _matches("url", value):
        raise VariableError(name, value, "url")
    return value


def _check_prefix(name: str, value: str) -> int:
    low, high = LAN_PREFIX_RANGE
    if not _matches("number", value) or not low <= int(value) <= high:
        raise VariableError(name, value, "lan_prefix")
    return int(value)


def raw_values(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Base values with the ``DOCS_<NAME>`` overrides of ``environ`` applied."""
    environ = os.environ if environ is None else environ
    return {name: environ.get(ENV_PREFIX + name.upper(), base.default).strip(SPACE) for name, base in BASE.items()}


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
    for key in unknown_overrides(environ):
        names = ", ".join(ENV_PREFIX + n.upper() for n in BASE)
        raise VariableError(key[len(ENV_PREFIX):].lower(), (environ or os.environ)[key], "unknown",
                            source=key, known=names)
    return derive(raw_values(environ))


def derive(raw: Mapping[str, str]) -> dict[str, str]:
    """Check the base values ``raw`` (stripped) in a fixed order and add the derived values; the first broken rule
    raises :class:`VariableError`. The browser's panel (docs/assets/lab_values.js) follows the same steps."""
    host = _ipv4("host_ip", raw["host_ip"])
    lan = ipaddress.IPv4Network(f"{host}/{_check_prefix('lan_prefix', raw['lan_prefix'])}", strict=False)
    if host in (lan.network_address, lan.broadcast_address):
        raise VariableError("host_ip", raw["host_ip"], "lan_edge", lan=str(lan))
    subnet = _network("subnet", raw["subnet"])
    if host in subnet:
        raise VariableError("host_ip", raw["host_ip"], "host_in_subnet", subnet=str(subnet))
    if lan.overlaps(subnet):
        raise VariableError("subnet", raw["subnet"], "overlap", lan=str(lan))
    gateway, first = subnet.network_address + 1, subnet.network_address + 2
    container = _ipv4("container_ip", raw["container_ip"]) if raw["container_ip"] else first
    if container not in subnet:
        raise VariableError("container_ip", str(container), "outside_subnet", subnet=str(subnet))
    if container in (gateway, subnet.network_address, subnet.broadcast_address):
        raise VariableError("container_ip", str(container), "reserved", subnet=str(subnet))
    # An example second machine on the LAN: the LAN's second host address (the first is usually the router), or the
    # third when that is host_ip.
    client = lan.network_address + (3 if host == lan.network_address + 2 else 2)
    if client >= lan.broadcast_address:
        raise VariableError("lan_prefix", raw["lan_prefix"], "no_client", lan=str(lan))
    _check_branch("branch", raw["branch"])
    _check_image("image", raw["image"])
    _check_name("container_name", raw["container_name"])
    _check_name("devstack_dir", raw["devstack_dir"])
    _check_url("devstack_repo", raw["devstack_repo"])
    for name in MIRRORS:
        if not _matches("mirror", raw[name]):
            raise VariableError(name, raw[name], "empty" if not raw[name] else "mirror")
    _check_hostname("controller", raw["controller"])
    _check_name("region", raw["region"])
    scheme, rest = raw["devstack_repo"].split("://", 1)
    derived = {
        "container_ip": str(container),
        "gateway": str(gateway),
        "network": str(subnet.network_address),
        "netmask": str(subnet.netmask),
        "prefix": str(subnet.prefixlen),
        "lan": str(lan),
        "lan_netmask": str(lan.netmask),
        "client_ip": str(client),
        "git_base": f"{scheme}://{rest.split('/', 1)[0]}",
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
    "git_base": ("scheme and host of devstack_repo, where DevStack's code comes from", "devstack_repo 的协议和主机，DevStack 代码的来源"),
}
