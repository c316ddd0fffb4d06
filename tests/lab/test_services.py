"""The run's services: internal network, apt proxy, registry with the stand-in, devstack git fixture."""

from __future__ import annotations

import ipaddress
import json
import subprocess
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from docs_tooling.lab import labels
from docs_tooling.lab.gitfixture import BRANCHES, UPSTREAM_URLS

from .conftest import PAGE_IMAGE, git_with

if TYPE_CHECKING:
    from .conftest import Lab

pytestmark = pytest.mark.container


def test_network_is_internal_labelled_and_gateway_is_ours(lab: Lab) -> None:
    network = lab.client.networks.get(lab.services.network_name)
    assert network.attrs["Internal"] is True
    assert network.attrs["Labels"] == labels.labels_for(lab.run_id)
    subnet = ipaddress.ip_network(network.attrs["IPAM"]["Config"][0]["Subnet"])
    assert ipaddress.ip_address(lab.services.gateway) in subnet


def _via_proxy(proxy: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-x", proxy, url],
                          capture_output=True, text=True, timeout=60)


def test_apt_proxy_serves_the_host_mirror_only(lab: Lab) -> None:
    mirror = lab.services.mirror
    assert mirror is not None
    assert _via_proxy(lab.services.apt_proxy_url, f"{mirror.client_url}/dists/bookworm/Release").stdout == "200"
    # ForceManaged: any other host is refused by the proxy itself, nothing is fetched
    assert _via_proxy(lab.services.apt_proxy_url, "http://example.invalid/").stdout == "403"
    assert lab.services.apt_conf == f'Acquire::http::Proxy "{lab.services.apt_proxy_url}";\n'


def test_registry_holds_the_page_image_name(lab: Lab) -> None:
    registry = lab.services.registry
    assert registry is not None
    with urllib.request.urlopen(f"http://{registry.push_prefix}/v2/library/ubuntu/tags/list", timeout=10) as answer:
        assert json.load(answer) == {"name": "library/ubuntu", "tags": ["24.04"]}
    assert lab.services.standins == {PAGE_IMAGE: f"{registry.push_prefix}/library/ubuntu:24.04"}
    assert lab.services.registry_mirror_url == f"http://{lab.services.gateway}:{registry.port}"


def test_git_fixture_has_upstream_refs(lab: Lab, tmp_path: Path) -> None:
    result = git_with(lab.services.gitconfig, tmp_path, "ls-remote", "https://github.com/openstack/devstack")
    assert result.returncode == 0, result.stderr
    refs = {line.split("\t")[1] for line in result.stdout.splitlines()}
    assert {r.removeprefix("refs/heads/") for r in refs if r.startswith("refs/heads/")} == set(BRANCHES)
    tags = {r.removeprefix("refs/tags/") for r in refs if r.startswith("refs/tags/") and not r.endswith("^{}")}
    assert {"rocky-eol", "liberty-eol"} <= tags and all(tag.endswith("-eol") for tag in tags)
    assert "refs/heads/stable/rocky" not in refs


@pytest.mark.parametrize("url", [u + suffix for u in UPSTREAM_URLS for suffix in ("", ".git")])
def test_every_upstream_url_is_redirected(lab: Lab, tmp_path: Path, url: str) -> None:
    result = git_with(lab.services.gitconfig, tmp_path, "ls-remote", url, "refs/tags/rocky-eol")
    assert result.returncode == 0 and "refs/tags/rocky-eol" in result.stdout, result.stderr


def test_clone_of_stable_rocky_fails_as_upstream(lab: Lab, tmp_path: Path) -> None:
    result = git_with(lab.services.gitconfig, tmp_path, "clone", "https://github.com/openstack-dev/devstack", "-b", "stable/rocky")
    assert result.returncode == 128
    assert result.stderr.splitlines()[-1] == "fatal: Remote branch stable/rocky not found in upstream origin"


def test_clone_of_current_branch_works(lab: Lab, tmp_path: Path) -> None:
    result = git_with(lab.services.gitconfig, tmp_path, "clone", "https://opendev.org/openstack/devstack", "-b", "stable/2026.1")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "devstack" / "stack.sh").is_file()
