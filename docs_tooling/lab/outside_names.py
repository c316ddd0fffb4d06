"""Outside HTTPS names the lab stands in for (a Docker Hub mirror, a git mirror), as the pages name them.

A certificate authority of the run signs one certificate for all the names; a TLS front on port 443 of the lab
network's gateway ends each connection's TLS and relays it to the lab service behind the name the client asked for
(SNI): the registry for a registry mirror, the git fixture for a git mirror. A machine resolves the names to the
gateway (``/etc/hosts``) and trusts the run's authority (``update-ca-certificates``), as a reader's machine resolves
and trusts the real hosts; the command the page shows runs unchanged. Nothing here reaches the real hosts.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from docs_tooling.lab.errors import ServiceError
from docs_tooling.lab.forward import copy_stream
from docs_tooling.lab.host import Log, ensure_commands, run

# What a page's machine may be cut off from, as a reader in mainland China is (snippet metadata ``blocked``): the lab
# then leaves out what stands in for it (the engine's registry mirror; git's redirects of DevStack's upstream URLs).
BLOCKABLE = {"docker-hub": "Docker Hub", "opendev": "opendev.org and GitHub (DevStack's upstream URLs)"}
HTTPS_PORT = 443
CA_PATH = "/usr/local/share/ca-certificates/onlab-run-ca.crt"  # where update-ca-certificates takes local authorities
DAYS = "2"


@dataclass(frozen=True)
class MirrorNames:
    """The mirror addresses of every value set of a run: which outside name stands for which lab service."""

    registry: tuple[str, ...] = ()  # host names of registry mirrors (https)
    git: tuple[str, ...] = ()  # host names of git mirrors (https)
    apt: tuple[str, ...] = ()  # apt mirror URLs (http), served by the apt proxy

    @classmethod
    def from_values(cls, value_sets: list[Mapping[str, str]]) -> MirrorNames:
        """From the page values (``registry_mirror``, ``git_mirror``, ``apt_mirror``); one line per unusable value."""
        def hosts(name: str) -> tuple[str, ...]:
            found = []
            for values in value_sets:
                parts = urlsplit(values[name])
                if parts.scheme != "https" or parts.port not in (None, HTTPS_PORT):
                    raise ServiceError(f"DOCS_{name.upper()}={values[name]!r}: the lab stands in for https:// mirrors on "
                                       "port 443 only; give an https:// address without a port to run the pages' tests")
                found.append(parts.hostname or "")
            return tuple(dict.fromkeys(found))

        apt = []
        for values in value_sets:
            if not values["apt_mirror"].startswith("http://"):
                raise ServiceError(f"DOCS_APT_MIRROR={values['apt_mirror']!r}: the lab stands in for http:// apt mirrors "
                                   "only (apt tunnels https through a proxy, which then cannot serve it); give an http:// address")
            apt.append(values["apt_mirror"])
        return cls(registry=hosts("registry_mirror"), git=hosts("git_mirror"), apt=tuple(dict.fromkeys(apt)))

    @property
    def https_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.registry, *self.git)))


def make_certificates(state: Path, names: tuple[str, ...], run_id: str, log: Log = print) -> tuple[Path, Path, Path]:
    """(authority certificate, server certificate, server key) in ``state``: a new authority for this run only."""
    ensure_commands({"openssl": "openssl"}, log, ServiceError)
    state.mkdir(parents=True, exist_ok=True)
    ca_key, ca_crt, key, csr, crt, ext = (state / n for n in ("ca.key", "ca.crt", "server.key", "server.csr", "server.crt",
                                                              "server.ext"))
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out", str(ca_crt),
         "-days", DAYS, "-subj", f"/CN=openstack-notes docs lab {run_id}",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        "making the lab's certificate authority", ServiceError)
    run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={names[0]}"],
        "making the stand-in names' certificate request", ServiceError)
    ext.write_text("basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                   f"subjectAltName={','.join(f'DNS:{name}' for name in names)}\n")
    run(["openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca_crt), "-CAkey", str(ca_key), "-CAcreateserial",
         "-out", str(crt), "-days", DAYS, "-extfile", str(ext)], "signing the stand-in names' certificate", ServiceError)
    return ca_crt, crt, key


class TlsFront:
    """Accept TLS on ``host``:``port`` and relay each connection, decrypted, to ``routes[server name]`` (host, port)."""

    def __init__(self, host: str, routes: Mapping[str, tuple[str, int]], cert: Path, key: Path, port: int = HTTPS_PORT) -> None:
        self.host, self.routes, self.port = host, dict(routes), port
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.context.sni_callback = self._remember_name
        self._names: dict[int, str] = {}
        self._lock = threading.Lock()
        try:
            self.listener = socket.create_server((host, port))
        except OSError as exc:
            raise ServiceError(f"stand-in names: cannot listen on {host}:{port}: {exc}") from exc
        self.thread = threading.Thread(target=self._accept, name=f"tls-front-{host}", daemon=True)
        self.thread.start()

    def _remember_name(self, sock: ssl.SSLObject | ssl.SSLSocket, name: str | None, _: ssl.SSLContext) -> None:
        with self._lock:
            self._names[id(sock)] = name or ""

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(15)
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            conn.close()
            return
        with self._lock:
            name = self._names.pop(id(tls), "")
        target = self.routes.get(name)
        try:
            if target is None:
                raise OSError(f"no stand-in for {name!r}")
            upstream = socket.create_connection(target, timeout=10)
        except OSError:
            tls.close()
            return
        tls.settimeout(None)
        upstream.settimeout(None)
        back = threading.Thread(target=copy_stream, args=(upstream, tls), daemon=True)
        back.start()
        copy_stream(tls, upstream)
        back.join()
        for sock in (upstream, tls):
            with contextlib.suppress(OSError):
                sock.close()

    def close(self) -> None:
        """Stop accepting (connections being relayed end with their clients)."""
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
