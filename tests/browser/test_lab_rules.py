"""The browser's rules are variables.py's: random value sets, valid and broken, give the same values or the same error.

docs/assets/lab_values.js ports :func:`macros.variables.derive`; this test runs both on the same inputs (the
Python in this process, the JavaScript in Chromium on a built page) and compares every derived value, and for a
broken set the variable, the value, the rule and its message in both languages.
"""

from __future__ import annotations

import functools
import ipaddress
import random
from collections.abc import Callable
from typing import Any

import pytest

from macros import variables
from tests.browser.served_site import Visit

pytestmark = pytest.mark.browser

SETS = 400
SEED = 13
# Values that break one rule each, alone or together with the others' defaults; some only with other values.
BROKEN: dict[str, list[str]] = {
    "host_ip": ["", "192.168.1.300", "1.2.3", "1.2.3.4.5", "01.2.3.4", "a.b.c.d", "1.2.3.-4", "１.2.3.4", "1..2.3"],
    "lan_prefix": ["", "7", "31", "x", "2 4", "-24", "²4", "99999999999999999999"],
    "subnet": ["", "172.17.0.0", "172.17.0.1/16", "172.17.0.0/33", "172.17.0.0/31", "172.17.0.0/16/1", "a/16",
               "172.17.0.0/x", "172.17.0.0/255.255.0.0", "172.17.0.0/", "/16", "172.17.0.0/016"],
    "container_ip": ["10.0.0.2", "172.17.0.1", "172.17.0.0", "172.17.255.255", "172.17.0.256"],
    "branch": ["", "/main", "main/", "a//b", "a..b", "x.lock", "a b", "ü"],
    "image": ["", "Ubuntu", "ubuntu:", "ubuntu:-x", "a..b", "ubuntu:24.04 "],
    "container_name": ["", "-lab", ".lab", "lab one", "lab/one"],
    "devstack_dir": ["", "_x", "dir/sub"],
    "devstack_repo": ["", "ftp://host/x", "https://host", "https://host/ x", "https://ho_st/x", "https://host:x/y"],
    "registry_mirror": ["", "docker.m.daocloud.io", "https://docker.m.daocloud.io/", "https://host:x", "ftp://host"],
    "apt_mirror": ["", "http://mirror/debian/", "http://mir ror", "http://mirror//debian", "http://mirror/a b"],
    "git_mirror": ["", "https://github.com/", "git@github.com:openstack", "https://ho_st"],
    "controller": ["", "-controller", "controller-", "ctl..lab", "ctl_lab", "c" * 64, "ctl.-lab", "ctl lab", "контроллер"],
    "region": ["", "-One", "Region One", "Region/One"],
}
SPACES = ["", "", "", "", " ", "\t", "\n", " \r\f\v"] * 4 + [" \u00a0"]  # ASCII space is stripped, U+00A0 is not


def random_valid(rnd: random.Random) -> dict[str, str]:
    """A value set that should pass: a LAN with its host, a subnet apart from it, sometimes a chosen container."""
    lan_prefix = rnd.randint(*variables.LAN_PREFIX_RANGE)
    lan = ipaddress.IPv4Network((rnd.choice([10, 192]) << 24 | rnd.getrandbits(24), lan_prefix), strict=False)
    host = lan.network_address + rnd.randint(1, lan.num_addresses - 2)
    prefix = rnd.randint(12, variables.MAX_SUBNET_PREFIX)
    subnet = ipaddress.IPv4Network((172 << 24 | 16 << 16 | rnd.getrandbits(20) << 0, prefix), strict=False)
    container = "" if rnd.random() < 0.6 else str(subnet.network_address + rnd.randint(2, subnet.num_addresses - 2))
    return {
        "host_ip": str(host), "lan_prefix": str(lan_prefix), "subnet": str(subnet), "container_ip": container,
        "branch": rnd.choice(["stable/2026.1", "rocky-eol", "master", "feature/a.b_c", "2025.2"]),
        "image": rnd.choice(["ubuntu:24.04", "debian:trixie", "registry.local/lab/ubuntu:noble-2026", "ubuntu"]),
        "container_name": rnd.choice(["openstack-lab", "lab.1", "My_Lab-2"]),
        "devstack_repo": rnd.choice(["https://opendev.org/openstack/devstack", "http://git.local:8080/devstack.git"]),
        "devstack_dir": rnd.choice(["devstack", "ds-2026.1", "x"]),
        "registry_mirror": rnd.choice(["https://docker.m.daocloud.io", "http://10.0.0.5:5000", "https://hub.corp.example"]),
        "apt_mirror": rnd.choice(["http://mirrors.tuna.tsinghua.edu.cn", "https://mirrors.aliyun.com", "http://m.local/pub/x"]),
        "git_mirror": rnd.choice(["https://github.com", "https://git.corp.example:8443/mirror"]),
        "controller": rnd.choice(["controller", "os-ctl1", "controller.lab.example", "C0NTROLLER", "c" * 63]),
        "region": rnd.choice(["RegionOne", "regionOne", "lab-1", "Shanghai_2"]),
    }


def _relation_breakers() -> list[Callable[[dict[str, str]], None]]:
    """Valid values that conflict with each other, made from the set's own LAN and subnet."""
    def lan(raw: dict[str, str]) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(f"{raw['host_ip']}/{raw['lan_prefix']}", strict=False)

    def subnet(raw: dict[str, str]) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(raw["subnet"])

    def host_on_edge(raw: dict[str, str]) -> None:
        raw["host_ip"] = str(lan(raw).network_address)

    def host_in_subnet(raw: dict[str, str]) -> None:
        raw["subnet"] = str(ipaddress.IPv4Network(f"{raw['host_ip']}/{raw['lan_prefix']}", strict=False))

    def subnet_in_lan(raw: dict[str, str]) -> None:  # overlaps the LAN, host_ip outside it
        raw["lan_prefix"], raw["host_ip"] = "16", "10.1.0.5"
        raw["subnet"] = "10.1.128.0/24"

    def container_reserved(raw: dict[str, str]) -> None:
        raw["container_ip"] = str(subnet(raw).network_address + 1)

    def container_outside(raw: dict[str, str]) -> None:
        raw["container_ip"] = str(subnet(raw).broadcast_address + 1)

    def no_client(raw: dict[str, str]) -> None:
        raw["lan_prefix"], raw["host_ip"] = "30", "10.0.0.6"

    return [host_on_edge, host_in_subnet, subnet_in_lan, container_reserved, container_outside, no_client]


def value_sets(count: int, seed: int) -> list[dict[str, str]]:
    """Half valid sets, half broken: in turn, one field with a bad value or two valid values in conflict; half of
    the sets padded with white space (ASCII space is stripped, U+00A0 is not)."""
    rnd = random.Random(seed)
    breakers: list[Callable[[dict[str, str]], None]] = [
        *(functools.partial(_break_field, name, bad) for name, values in BROKEN.items() for bad in values),
        *_relation_breakers(),
    ]
    out = []
    for index in range(count):
        raw = random_valid(rnd)
        if index % 2:
            breakers[index // 2 % len(breakers)](raw)
        if rnd.random() < 0.5:
            raw = {name: rnd.choice(SPACES) + value + rnd.choice(SPACES) for name, value in raw.items()}
        out.append(raw)
    return out


def _break_field(name: str, bad: str, raw: dict[str, str]) -> None:
    raw[name] = bad


def python_check(raw: dict[str, str]) -> dict[str, Any]:
    try:
        return {"values": variables.derive({name: value.strip(variables.SPACE) for name, value in raw.items()})}
    except variables.VariableError as exc:
        return {"error": {"name": exc.name, "value": exc.value, "rule": exc.rule, "en": exc.message("en"), "zh": exc.message("zh")}}


def test_browser_rules_equal_variables_py(visit: Visit) -> None:
    sets = value_sets(SETS, SEED)
    expected = [python_check(raw) for raw in sets]
    valid = sum("values" in e for e in expected)
    rules = {e["error"]["rule"] for e in expected if "error" in e}
    # The sample must mean something: many valid sets, many broken ones, and every rule a set can break.
    assert valid >= 100 and SETS - valid >= 100, f"{valid} valid of {SETS}"
    assert rules == set(variables.RULES) - {"unknown"}, f"rules never broken: {set(variables.RULES) - rules - {'unknown'}}"
    visit.open("/en/openstack-lab/")
    got = visit.tab.evaluate("sets => sets.map(raw => window.labValues.check(raw))", sets)
    differ = [f"{raw}\n    python:  {e}\n    browser: {g}" for raw, e, g in zip(sets, expected, got, strict=True) if e != g]
    assert not differ, f"{len(differ)} of {SETS} sets differ:\n" + "\n".join(differ[:5])
    assert not visit.errors, "\n".join(visit.errors)
