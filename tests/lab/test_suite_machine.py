"""The machine a page with ``suite:`` gets: a fresh install of that suite, booted with nothing running, whose root holds
every capability inside its own user namespace, with a UTF-8 locale, /run as a boot leaves it, apt through the proxy
and no route out. (What it cannot do to the host: tests/sandbox/.)"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from docs_tooling.lab.suite_machine import SuiteMachine
from docs_tooling.runner.pytest_plugin import all_snippets

if TYPE_CHECKING:
    from .conftest import Lab

pytestmark = pytest.mark.container
ALL_CAPABILITIES = "000001ffffffffff"  # every capability this kernel has (41)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "machine" in metafunc.fixturenames:
        suites = sorted({s.meta.suite for s in all_snippets(metafunc.config) if s.meta.suite})  # those pages ask for
        metafunc.parametrize("machine", suites, indirect=True, scope="module")


@pytest.fixture(scope="module")
def machine(lab: Lab, request: pytest.FixtureRequest) -> Iterator[SuiteMachine]:
    with SuiteMachine(lab.services, lab.suite_machine_image(request.param), request.param) as machine:
        yield machine


def ok(machine: SuiteMachine, cmd: str, user: str = "reader") -> str:
    code, out = machine.exec(cmd, user=user)
    assert code == 0, f"`{cmd}` exited {code}:\n{out}"
    return out


def test_machine_boots_fresh(machine: SuiteMachine) -> None:
    assert machine.stock is not None and machine.stock.problems() == [], machine.stock
    assert machine.stock.codename == machine.suite
    assert "docker" not in ok(machine, "ls /usr/bin /usr/sbin")


def test_fresh_boot_sees_what_nobody_should_have_started(machine: SuiteMachine) -> None:
    """The check has teeth: a listening socket and a leftover process are named."""
    ok(machine, "setsid perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalPort => 4789, Listen => 1); sleep 300'"
                " > /dev/null 2>&1 < /dev/null &")
    for _ in range(50):
        state = machine.fresh_boot()
        if state.listening:
            break
        time.sleep(0.1)
    problems = "; ".join(state.problems())
    assert "sockets listen before any snippet ran: 0.0.0.0:4789" in problems, problems
    assert "processes nobody started run: perl -MIO::Socket::INET" in problems, problems
    ok(machine, "pkill -f IO::Socket::INET")


def test_root_holds_every_capability_in_its_own_namespace(machine: SuiteMachine) -> None:
    assert f"CapEff:\t{ALL_CAPABILITIES}" in ok(machine, "sudo grep CapEff /proc/self/status")
    ok(machine, "sudo unshare --mount --net true")  # what libvirt and nova's privsep helpers do
    assert "/proc/self/ns/user" in ok(machine, "ls /proc/self/ns/user")
    uid_map = ok(machine, "cat /proc/self/uid_map").split()
    assert uid_map[:2] == ["0", "100000"], uid_map  # the machine's root is an unprivileged id of the host


def test_the_shell_and_sudo_have_a_utf8_locale(machine: SuiteMachine) -> None:
    assert ok(machine, "echo \"$LANG\"").strip() == "C.UTF-8"
    assert ok(machine, "sudo sh -c 'echo $LANG'").strip() == "C.UTF-8"  # services started with sudo get it


def test_run_is_as_a_boot_leaves_it(machine: SuiteMachine) -> None:
    assert ok(machine, "stat -c %a /run/lock").strip() == "1777"
    assert ok(machine, "readlink -f /var/lock").strip() == "/run/lock"


def test_apt_through_the_proxy_and_no_route_out(lab: Lab, machine: SuiteMachine) -> None:
    ok(machine, "sudo apt-get update -q")
    assert "default" not in ok(machine, "ip route")
    code, out = machine.exec("curl -sS -m 10 http://example.com/")
    assert code != 0 and "Could not resolve host" in out
