"""Misbehaving HTTP servers on 127.0.0.1 for the remote-fault and bad-input tests.

One `FaultyServer` runs in a thread and answers every request the way its `mode` says: silently,
trickling, with an error status, with garbage, with an endless body, or with a given status and body.
`served` counts the requests it received, so a test can also check that nothing was sent.
"""

from __future__ import annotations

import socket
import threading
import time

VALID_N = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "7"}}]}}'
#: a remote store's first request asks whether the server's default graph holds Mandato data
#: (mandato.remote_scope.PROBE, form-encoded); these servers say yes unless answer_probe is False
PROBE_MARK = b"ASK+%7B+%3Fcountry+a+%3Chttps%3A%2F%2Fw3id.org%2Fmandato%2Fontology%23Country%3E"


class FaultyServer:
    def __init__(self, mode: str = "ok", status: int = 200, body: bytes = VALID_N, content_type: str = "application/sparql-results+json",
                 interval: float = 0.3, answer_probe: bool = True) -> None:
        self.mode, self.status, self.body, self.content_type, self.interval = mode, status, body, content_type, interval
        self.answer_probe = answer_probe
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.base = f"http://127.0.0.1:{self.port}"
        self.served = 0
        self.requests: list[bytes] = []
        self.running = True
        self.threads: list[threading.Thread] = []
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    def __enter__(self) -> "FaultyServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.running = False
        self.acceptor.join(2)
        self.sock.close()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _read_request(self, conn: socket.socket) -> bytes:
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        return head + b"\r\n\r\n" + body

    def _respond(self, conn: socket.socket, status: int, body: bytes, extra: str = "") -> None:
        head = (f"HTTP/1.1 {status} {'OK' if status == 200 else 'Status'}\r\nContent-Type: {self.content_type}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n{extra}\r\n")
        conn.sendall(head.encode("latin-1") + body)

    def _handle(self, conn: socket.socket) -> None:
        try:
            request = self._read_request(conn)
            if self.answer_probe and PROBE_MARK in request:
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n"
                conn.sendall(head + b'{"boolean": true}')
                return
            self.served += 1
            self.requests.append(request)
            number = self.served
            mode = self.mode
            if mode == "silent":
                while self.running:
                    time.sleep(0.05)
            elif mode == "trickle-head":  # a byte of the status line at a time, never finishing
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100000:
                    if not self.running:
                        break
                    conn.sendall(bytes([byte]))
                    time.sleep(self.interval)
            elif mode == "trickle-body":  # proper headers, then the body a byte at a time
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 100000\r\n\r\n")
                for byte in self.body * 1000:
                    if not self.running:
                        break
                    conn.sendall(bytes([byte]))
                    time.sleep(self.interval)
            elif mode == "huge":  # an endless body, as fast as the client reads it
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
                block = b" " * 65536
                while self.running:
                    conn.sendall(block)
            elif mode == "garbage":
                conn.sendall(b"\x00\x01 this is not HTTP at all \xff\r\n\r\n")
            elif mode == "flaky" and number == 1:  # a transient failure, then the answer
                self._respond(conn, 503, b"busy", "Retry-After: 0\r\n")
            elif mode == "reset" and number == 1:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            elif mode == "always-503":
                self._respond(conn, 503, b"busy")
            else:
                self._respond(conn, self.status, self.body)
        except OSError:
            pass
        finally:
            conn.close()
