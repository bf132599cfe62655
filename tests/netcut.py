"""A network that can be cut: a TCP relay in front of the live server. Browser tests that
work offline go through it, and `cut()` closes every connection and refuses new ones – as a
pulled cable does, whatever the browser's own offline mode lets through – until `restore()`."""

import contextlib
import socket
import threading


class Network:
    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        """The live server's address, through this network (`log_in` takes it as a server)."""
        return f"http://localhost:{self.port}"

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                self._close(end)

    def _close(self, end):
        with self.lock:
            self.connections.discard(end)
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)
        end.close()

    def cut(self):
        self.up = False
        with self.lock:
            ends = list(self.connections)
        for end in ends:
            self._close(end)

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()
