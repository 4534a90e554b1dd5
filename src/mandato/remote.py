"""The HTTP layer of every remote verb (`query`, `gaps`, `load`, the explorer on an endpoint).

One `Deadline` bounds a whole command: name resolution, connecting, sending, and every read of every
request it makes (all the queries of `gaps`, all the graphs of `load`). A per-read socket timeout is
not enough: a server that trickles one byte every two seconds never trips it. So each request also
has a watchdog that shuts the socket down when the deadline passes, whatever the request is doing.

Failures become `EndpointError`s (exit 2) that name the URL. Only transient failures are retried
(connection reset or closed before an answer, HTTP 429, 502, 503, 504), only for idempotent requests,
with exponential backoff, and only while the deadline leaves time for another attempt.
See docs/decisions/0007-remote-deadlines.md.
"""

from __future__ import annotations

import argparse
import http.client
import math
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import EndpointError, UsageError

TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
MAX_ATTEMPTS = 4
FIRST_BACKOFF = 0.25  # seconds; doubled after each failed attempt
MAX_ANSWER_BYTES = 256 * 1024 * 1024  # a SPARQL answer beyond this would not fit in memory once parsed
CHUNK = 64 * 1024
USER_AGENT = "mandato"


class DeadlineExceeded(EndpointError):
    """The command's deadline passed before a remote answer was complete."""


def seconds_option(text: str) -> float:
    """argparse type of --timeout: a positive, finite number of seconds (fractions accepted)."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


class Deadline:
    """A point in time by which remote work must be done, shared by every request of a command."""

    def __init__(self, seconds: float, option: str = "--timeout") -> None:
        if not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds <= 0:
            raise UsageError(f"{option} must be a positive number of seconds, got {seconds!r}")
        self.seconds = float(seconds)
        self.option = option
        self.end = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.end

    def within(self, seconds: float | None) -> "Deadline":
        """A deadline `seconds` from now, but never later than this one."""
        if seconds is None or seconds <= 0 or not math.isfinite(seconds):
            return self
        child = Deadline(seconds, self.option)
        if child.end > self.end:
            child.end, child.seconds = self.end, self.seconds
        return child

    def exceeded(self, url: str, doing: str = "an answer") -> DeadlineExceeded:
        return DeadlineExceeded(f"{url} is unreachable or too slow: no complete {doing} within the {self.seconds:g} s deadline ({self.option})")


def check_url(url: str, option: str = "--endpoint") -> str:
    """The URL if it is an absolute http(s) URL with a host (and a valid port); a UsageError otherwise."""
    if not isinstance(url, str) or not url.strip():
        raise UsageError(f"{option} needs an http(s) URL, got {url!r}")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise UsageError(f"{option} must be an http(s) URL without spaces or control characters, got {shown(url)!r}")
    try:
        url.encode("ascii")
    except UnicodeEncodeError:
        raise UsageError(f"{option} must be an ASCII http(s) URL (percent-encode other characters), got {shown(url)!r}") from None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UsageError(f"{option} is not a valid URL ({exc}): {shown(url)!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{option} must be an http(s) URL with a host, got {shown(url)!r}")
    if port == 0:
        raise UsageError(f"{option} has port 0, which no server listens on: {shown(url)!r}")
    return url


@dataclass
class Response:
    url: str
    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    def snippet(self, limit: int = 200) -> str:
        text = " ".join(self.body[: limit * 4].decode("utf-8", "replace").split())
        return text[:limit] + ("…" if len(text) > limit else "")

    def failure(self, what: str = "the request") -> EndpointError:
        detail = f": {self.snippet()}" if self.body.strip() else ""
        return EndpointError(f"{self.url} refused {what}: HTTP {self.status} {self.reason}{detail}")


class _Transient(Exception):
    """A failure worth another attempt (the connection broke before a complete answer)."""

    def __init__(self, error: EndpointError) -> None:
        super().__init__(str(error))
        self.error = error


def shown(url: str) -> str:
    """The URL as messages show it: without any user name or password."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.username is None and parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=host).geturl()


def request(method: str, url: str, *, deadline: Deadline, body: bytes | None = None,
            headers: dict[str, str] | None = None, idempotent: bool | None = None,
            max_bytes: int = MAX_ANSWER_BYTES, doing: str = "answer") -> Response:
    """One HTTP exchange within `deadline`, retried on transient failures when idempotent.

    Returns the final Response whatever its status (callers decide what a 4xx/5xx means); raises
    EndpointError (DeadlineExceeded when time ran out) when no response could be had.
    """
    check_url(url, "URL")
    name = shown(url)
    if idempotent is None:
        idempotent = method.upper() in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
    wait = FIRST_BACKOFF
    attempt = 0
    while True:
        attempt += 1
        if deadline.expired():
            raise deadline.exceeded(name, doing)
        retry_after = None
        try:
            response = _exchange(method, url, name, body, headers or {}, deadline, max_bytes, doing)
        except _Transient as exc:
            last: Response | EndpointError = exc.error
        else:
            if response.status not in TRANSIENT_STATUSES:
                return response
            last = response
            retry_after = _retry_after(response)
        pause = max(wait, retry_after or 0.0)
        if not idempotent or attempt >= MAX_ATTEMPTS or pause >= deadline.remaining():
            if isinstance(last, Response):
                return last
            raise last
        time.sleep(pause)
        wait *= 2


def _retry_after(response: Response) -> float | None:
    try:
        value = float(response.header("retry-after"))
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


class _Watchdog:
    """Shuts the connection's socket down when the deadline passes (a trickling server cannot hold us)."""

    def __init__(self, connection: http.client.HTTPConnection, deadline: Deadline) -> None:
        self.connection = connection
        self.fired = False
        self.timer = threading.Timer(deadline.remaining(), self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self.connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        self.timer.cancel()


def _resolve(host: str, port: int, deadline: Deadline, url: str) -> list[tuple]:
    """getaddrinfo in a helper thread, so a slow resolver cannot outlast the deadline."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["addresses"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(deadline.remaining())
    if thread.is_alive():
        raise deadline.exceeded(url, "name resolution")
    if "error" in outcome:
        raise EndpointError(f"{url} is unreachable: cannot resolve host {host!r} ({outcome['error']})")
    return outcome["addresses"]  # type: ignore[return-value]


def _connector(addresses: list[tuple], deadline: Deadline, url: str):
    def connect(_address, _timeout=None, source_address=None):
        error: OSError | None = None
        for family, kind, proto, _name, address in addresses:
            sock = socket.socket(family, kind, proto)
            sock.settimeout(max(0.001, deadline.remaining()))
            try:
                sock.connect(address)
                return sock
            except OSError as exc:
                error = exc
                sock.close()
        raise error or OSError(f"no address for {url}")

    return connect


def _exchange(method: str, url: str, name: str, body: bytes | None, headers: dict[str, str], deadline: Deadline,
              max_bytes: int, doing: str) -> Response:
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    addresses = _resolve(parts.hostname or "", port, deadline, name)
    if secure:
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(parts.hostname, port, timeout=deadline.remaining(), context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=deadline.remaining())
    connection._create_connection = _connector(addresses, deadline, name)  # type: ignore[attr-defined]
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = {"User-Agent": USER_AGENT, **headers}
    watchdog = _Watchdog(connection, deadline)
    try:
        connection.request(method, target, body=body, headers=sent)
        answer = connection.getresponse()
        length = answer.getheader("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise EndpointError(f"{name}: the {doing} is {int(length):,} bytes, more than the {max_bytes:,} accepted")
        chunks, size = [], 0
        while True:
            if connection.sock is not None:
                connection.sock.settimeout(max(0.001, deadline.remaining()))
            chunk = answer.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise EndpointError(f"{name}: the {doing} is more than the {max_bytes:,} bytes accepted")
            chunks.append(chunk)
            if watchdog.fired:
                raise deadline.exceeded(name, doing)
        if watchdog.fired:
            raise deadline.exceeded(name, doing)
        return Response(name, answer.status, answer.reason or "", {k.lower(): v for k, v in answer.getheaders()}, b"".join(chunks))
    except EndpointError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if watchdog.fired or deadline.expired() or isinstance(exc, (TimeoutError, socket.timeout)):
            raise deadline.exceeded(name, doing) from None
        raise _classify(exc, name) from None
    finally:
        watchdog.cancel()
        connection.close()


def _classify(exc: BaseException, url: str):
    """An EndpointError for a connection failure, wrapped in _Transient when another attempt may succeed."""
    if isinstance(exc, ConnectionRefusedError):
        return EndpointError(f"{url} is unreachable: connection refused")
    if isinstance(exc, ssl.SSLError):
        return EndpointError(f"{url}: TLS failed ({exc.reason or exc})")
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, http.client.RemoteDisconnected, http.client.IncompleteRead)):
        return _Transient(EndpointError(f"{url} closed the connection before a complete answer"))
    if isinstance(exc, http.client.HTTPException):
        return EndpointError(f"{url} did not answer in HTTP ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})")
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return EndpointError(f"{url} is unreachable: {reason}")


__all__ = ["Deadline", "DeadlineExceeded", "Response", "check_url", "request", "seconds_option", "shown"]
