"""The outside mirror names: which values the lab can stand in for, and the TLS front routing by server name (local
sockets only: no Docker needed)."""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from docs_tooling.lab.aptproxy import acng_config
from docs_tooling.lab.errors import ServiceError
from docs_tooling.lab.mirror import AptMirror
from docs_tooling.lab.network import free_port
from docs_tooling.lab.outside_names import MirrorNames, TlsFront, make_certificates
from macros import variables

pytestmark = pytest.mark.container


def test_names_come_from_every_value_set() -> None:
    other = variables.load({"DOCS_REGISTRY_MIRROR": "https://hub.corp.example", "DOCS_APT_MIRROR": "http://m.local/pub"})
    names = MirrorNames.from_values([variables.load({}), other])
    assert names.registry == ("docker.m.daocloud.io", "hub.corp.example")
    assert names.git == ("github.com",)
    assert names.apt == ("http://mirrors.tuna.tsinghua.edu.cn", "http://m.local/pub")


@pytest.mark.parametrize(("env", "named"), [
    ({"DOCS_REGISTRY_MIRROR": "http://10.0.0.5:5000"}, "DOCS_REGISTRY_MIRROR='http://10.0.0.5:5000'"),
    ({"DOCS_GIT_MIRROR": "https://git.corp.example:8443"}, "DOCS_GIT_MIRROR='https://git.corp.example:8443'"),
    ({"DOCS_APT_MIRROR": "https://mirrors.aliyun.com"}, "DOCS_APT_MIRROR='https://mirrors.aliyun.com'"),
])
def test_a_mirror_the_lab_cannot_stand_in_for_is_one_line(env: dict[str, str], named: str) -> None:
    with pytest.raises(ServiceError) as caught:
        MirrorNames.from_values([variables.load(env)])
    assert str(caught.value).startswith(named) and "\n" not in str(caught.value)


def test_the_apt_proxy_serves_the_mirror_paths_as_the_archive() -> None:
    mirror = AptMirror("http://archive.test/debian", "http://archive.test/debian-security")
    conf = acng_config(mirror, "/c", "/l", "/r", 3142, ["127.0.0.1"], also_as=["http://mirrors.tuna.tsinghua.edu.cn"])
    assert "Remap-labdebian: archive.test/debian mirrors.tuna.tsinghua.edu.cn/debian /debian ; " in conf
    assert "mirrors.tuna.tsinghua.edu.cn/debian-security /debian-security ; http://archive.test/debian-security" in conf


class _Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"backend saw {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TlsFront, Path]]:
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    ca, cert, key = make_certificates(tmp_path_factory.mktemp("names"), ("mirror.test", "unrouted.test"), "test")
    tls = TlsFront("127.0.0.1", {"mirror.test": ("127.0.0.1", backend.server_address[1])}, cert, key,
                   port=free_port(["127.0.0.1"], 8443))
    yield tls, ca
    tls.close()
    backend.shutdown()


def _get(front: TlsFront, ca: Path, name: str) -> bytes:
    context = ssl.create_default_context(cafile=str(ca))
    with socket.create_connection(("127.0.0.1", front.port), timeout=10) as raw, \
            context.wrap_socket(raw, server_hostname=name) as tls:
        tls.sendall(f"GET /v2/ HTTP/1.0\r\nHost: {name}\r\n\r\n".encode())
        data = b""
        while chunk := tls.recv(4096):
            data += chunk
        return data


def test_the_front_relays_a_name_to_its_service(front: tuple[TlsFront, Path]) -> None:
    assert _get(*front, "mirror.test").endswith(b"backend saw /v2/")


def test_a_name_without_a_service_gets_no_answer(front: tuple[TlsFront, Path]) -> None:
    try:
        answer = _get(*front, "unrouted.test")
    except (ssl.SSLError, ConnectionError):
        answer = b""
    assert answer == b""


def test_a_name_outside_the_certificate_is_refused(front: tuple[TlsFront, Path]) -> None:
    with pytest.raises(ssl.SSLCertVerificationError):
        _get(*front, "registry-1.docker.io")
