"""The reader's machine on each engine: its own Docker Engine pulling through the lab registry, apt through the proxy,
no route out, and as a fresh install leaves it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from docs_tooling.lab.namespaced_machine import CAPABILITIES
from docs_tooling.lab.nested_engine import NestedEngine
from docs_tooling.lab.registry import STANDIN_FOR
from docs_tooling.runner.pytest_plugin import selected_engines

if TYPE_CHECKING:
    from .conftest import Lab

pytestmark = pytest.mark.container


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "machine" in metafunc.fixturenames:
        chosen = selected_engines(metafunc.config)
        metafunc.parametrize("machine", chosen, ids=[e.name for e in chosen], indirect=True, scope="module")


@pytest.fixture(scope="module")
def machine(lab: Lab, request: pytest.FixtureRequest) -> Iterator[NestedEngine]:
    engine = request.param
    with NestedEngine(lab.services, lab.machine_image(engine), engine) as machine:
        yield machine


def test_machine_starts_stock(machine: NestedEngine) -> None:
    """ip_forward 0 at boot, no daemon.json, no rule in DOCKER-USER; dockerd (started by Debian's init script) then
    turned forwarding on and set the FORWARD policy to DROP, as on a fresh host."""
    assert machine.stock is not None and machine.stock.problems() == []
    assert machine.stock.server_version.startswith(machine.engine.version + ".")
    assert ok(machine, "cat /proc/sys/net/ipv4/ip_forward").strip() == "1"
    assert "dockerd" in ok(machine, "ps -eo args", user="root")


def ok(machine: NestedEngine, cmd: str, user: str = "reader") -> str:
    code, out = machine.exec(cmd, user=user)
    assert code == 0, f"`{cmd}` exited {code}:\n{out}"
    return out


def test_not_privileged_explicit_capabilities(machine: NestedEngine) -> None:
    host_config = machine.container.attrs["HostConfig"]
    assert host_config["Privileged"] is False
    assert sorted(host_config["CapAdd"]) == sorted(CAPABILITIES) and host_config["CapDrop"] == ["ALL"]
    assert host_config["Memory"] > 0 and host_config["PidsLimit"] > 0


def test_reader_pulls_page_image_through_the_lab_registry(lab: Lab, machine: NestedEngine) -> None:
    out = ok(machine, "docker pull ubuntu:24.04")
    assert "docker.io/library/ubuntu:24.04" in out
    label = ok(machine, f"docker image inspect -f '{{{{index .Config.Labels \"{STANDIN_FOR}\"}}}}' ubuntu:24.04")
    assert label.strip() == lab.standin
    assert "VERSION_CODENAME=bookworm" in ok(machine, "docker run --rm ubuntu:24.04 cat /etc/os-release")


def test_reader_installs_with_sudo_apt_through_the_proxy(lab: Lab, machine: NestedEngine) -> None:
    ok(machine, "sudo apt-get install -y cpu-checker")
    # sudo's secure_path has the sbin directories that a user's PATH lacks on Debian; the page runs `sudo kvm-ok`
    assert ok(machine, "sudo sh -c 'command -v kvm-ok'").strip() == "/usr/sbin/kvm-ok"
    assert lab.services.apt_proxy is not None
    log = (lab.services.apt_proxy.state / "apt-cacher.log").read_text()
    assert "cpu-checker" in log  # the package came through our apt-cacher-ng


def test_container_of_the_inner_engine_uses_proxy_and_git_config(machine: NestedEngine) -> None:
    ok(machine, "docker pull -q ubuntu:24.04")
    out = ok(machine, "docker run --rm ubuntu:24.04 sh -c 'apt-get update && apt-get install -y iproute2 && ip -V'")
    assert "ip utility" in out
    assert "insteadOf = https://opendev.org/openstack/devstack" in ok(machine, "docker run --rm ubuntu:24.04 cat /etc/gitconfig")


def test_git_clone_on_the_reader_machine(machine: NestedEngine) -> None:
    code, out = machine.exec("cd $(mktemp -d) && git clone https://github.com/openstack-dev/devstack -b stable/rocky")
    assert code == 128 and "fatal: Remote branch stable/rocky not found in upstream origin" in out
    out = ok(machine, "cd $(mktemp -d) && git clone -q https://opendev.org/openstack/devstack -b rocky-eol && "
                      "git -C devstack describe --tags")
    assert out.strip().endswith("rocky-eol")


def test_no_route_out(machine: NestedEngine) -> None:
    assert "default" not in ok(machine, "ip route")
    started = time.monotonic()
    code, out = machine.exec("curl -sS -m 10 http://example.com/")
    assert code != 0 and "Could not resolve host" in out and time.monotonic() - started < 5
    code, out = machine.exec("ping -c1 -W2 192.0.2.1")
    assert code != 0 and "Network is unreachable" in out
    ok(machine, "docker pull -q ubuntu:24.04")
    code, out = machine.exec("docker run --rm ubuntu:24.04 sh -c 'exec 3<>/dev/tcp/192.0.2.1/80' 2>&1; echo rc=$?")
    assert "rc=0" not in out
