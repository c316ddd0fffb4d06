"""A tiny TCP forwarder thread: makes a loopback-only service reachable on the lab network's gateway address."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading


class _Pump(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        try:
            upstream = socket.create_connection(self.server.target, timeout=10)  # type: ignore[attr-defined]
        except OSError:
            return
        upstream.settimeout(None)
        back = threading.Thread(target=copy_stream, args=(upstream, self.request), daemon=True)
        back.start()
        copy_stream(self.request, upstream)
        back.join()
        upstream.close()


def copy_stream(source: socket.socket, dest: socket.socket) -> None:
    """Relay ``source`` to ``dest`` until ``source`` ends, then end ``dest``'s writing side."""
    try:
        while data := source.recv(65536):
            dest.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            dest.shutdown(socket.SHUT_WR)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class Forwarder:
    """Accept on ``listen`` (host, port) and relay each connection to ``target`` (host, port)."""

    def __init__(self, listen: tuple[str, int], target: tuple[str, int]) -> None:
        self.server = _Server(listen, _Pump)
        self.server.target = target  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, name=f"forward-{listen[0]}:{listen[1]}", daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop accepting and close the listening socket."""
        self.server.shutdown()
        self.server.server_close()
