"""A TCP proxy that can sever its connections or silently stall them, to inject IMAP faults.

``sever()`` closes every proxied connection towards the client without a word (EOF, no
BYE); ``stall()`` keeps the open connections' sockets open but stops forwarding in both
directions, the way a dead NAT entry or a pulled cable looks to the client. Connections
made after a stall flow normally (the client can reconnect).
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading

from tests.support.services import free_port


class TcpProxy:
    """Forwards 127.0.0.1:``port`` to 127.0.0.1:``upstream_port``."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = free_port()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.1)
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._stalled: set[socket.socket] = set()
        self._closed = threading.Event()
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    def stall(self) -> None:
        with self._lock:
            self._stalled.update(client for client, _ in self._pairs)

    def sever(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, upstream in pairs:
            for sock in (client, upstream):
                _close(sock)

    def close(self) -> None:
        self._closed.set()
        self.sever()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=2)

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            with self._lock:
                self._pairs.append((client, upstream))
            thread = threading.Thread(target=self._pump, args=(client, upstream), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        peer = {client: upstream, upstream: client}
        with selectors.DefaultSelector() as selector:
            for sock in peer:
                selector.register(sock, selectors.EVENT_READ)
            while not self._closed.is_set():
                if client in self._stalled:
                    self._closed.wait(0.05)
                    continue
                try:
                    for key, _ in selector.select(timeout=0.05):
                        source = key.fileobj
                        assert isinstance(source, socket.socket)
                        data = source.recv(65536)
                        if not data:
                            raise ConnectionError("closed")
                        peer[source].sendall(data)
                except (OSError, ValueError):
                    break
        for sock in peer:
            _close(sock)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already shut by the other side
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
