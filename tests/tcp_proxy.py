"""A TCP proxy the tests control, to put between the portal and PostgreSQL.

forward: bytes pass both ways. refuse: the port is closed and open connections are cut, as
when the server is down. blackhole: connections are accepted and held, bytes go nowhere, as
when a server or network hangs. restore: back to forwarding.
"""

import contextlib
import socket
import threading
import time


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, int(target_port))
        self.mode = "forward"
        self.port = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = None
        self._listen()

    def _listen(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed (refuse)
            self._track(client)
            if self.mode == "blackhole":
                continue  # hold it open, answer nothing
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            self._track(upstream)
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                while self.mode == "blackhole":
                    time.sleep(0.02)  # hold the bytes: nothing gets through
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _track(self, sock):
        with self._lock:
            self._sockets.append(sock)

    def _cut_all(self):
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def _close_listener(self):
        # shutdown() wakes the thread blocked in accept(), so the port is free again at once.
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._listener.close()

    def refuse(self):
        self.mode = "refuse"
        self._close_listener()
        self._cut_all()

    def blackhole(self):
        self.mode = "blackhole"

    def restore(self):
        if self.mode == "refuse":
            self._listen()
        if self.mode == "blackhole":
            self._cut_all()  # the held connections are dead to their clients by now
        self.mode = "forward"

    def stop(self):
        self.mode = "refuse"
        self._close_listener()
        self._cut_all()
