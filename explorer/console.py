"""The SPARQL console's rules and runner: read-only, time-limited, row-limited.

The user's text is only ever sent as a whole query: nothing is pasted into it. Before it runs it is
parsed by mandato.sparql_guard (a real SPARQL parser, not a keyword search): updates and SERVICE
anywhere in the query are refused, and only SELECT and ASK are accepted here. On the embedded store
the query runs in a worker process (explorer/sandbox_worker.py) that checks it again, cannot open
a network connection, and is killed when the time limit passes; on a remote endpoint the request's
deadline applies. Syntax errors come back with the line and column of the text the user wrote.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import selectors
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from mandato import sparql_guard
from mandato.errors import MandatoError
from mandato.paths import BUILD_TRIG
from mandato.remote import DeadlineExceeded
from mandato.store import Store

WORKER = Path(__file__).resolve().parent / "sandbox_worker.py"
FORMS = ("SELECT", "ASK")  # what the console shows as a table or an answer
MAX_ROWS = 10_000
MAX_SECONDS = 60


@dataclass
class Outcome:
    """What the console shows: a table, an ASK answer, or an error of a known kind."""

    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)  # each cell [kind, value, datatype, lang] or None
    truncated: bool = False
    ask: bool | None = None
    error: str = ""  # '', 'refused', 'syntax', 'timeout', 'busy', 'failed', 'empty'
    reason: str = ""  # for 'refused': update | service | form
    keyword: str = ""
    line: int = 0
    column: int = 0
    message: str = ""
    elapsed_ms: int = 0


def refusal(query: str) -> Outcome | None:
    """An Outcome explaining why the query is refused (sparql_guard's verdict), or None when it may run."""
    verdict = sparql_guard.check(query, forms=FORMS)
    if verdict.allowed:
        return None
    if verdict.reason == "empty":
        return Outcome(error="empty")
    if verdict.reason == "syntax":
        return Outcome(error="syntax", line=verdict.line, column=verdict.column, message=verdict.message)
    return Outcome(error="refused", reason=verdict.reason, keyword=verdict.keyword, message=verdict.message)


def friendly_syntax(message: str, query: str, line: int, column: int) -> str:
    """pyoxigraph's message made shorter; an undeclared prefix is named."""
    if "Prefix not found" in message and 0 < line <= len(query.splitlines()):
        text = query.splitlines()[line - 1]
        head, tail = text[: max(column - 1, 0)], text[max(column - 1, 0):]
        match = re.search(r"([A-Za-z][\w\-.]*):[\w\-.%]*\s*$", head) or re.match(r"\s*([A-Za-z][\w\-.]*):", tail)
        if match and match.group(1):
            return f"unknown prefix '{match.group(1)}:' (declare it with PREFIX, or use a canonical prefix)"
        return "unknown prefix (declare it with PREFIX, or use a canonical prefix)"
    message = message.replace("\\n", " ")
    return message if len(message) <= 220 else message[:217].rstrip(", ") + "…"


# ------------------------------------------------------------------------------------ the sandbox
class Sandbox:
    """A worker process holding its own copy of the embedded store; killed when a query overruns."""

    def __init__(self, trig: Path) -> None:
        self.trig = Path(trig)
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def _start(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(self.trig)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        )
        reply = self._read(time.monotonic() + 120)
        if not reply or not reply.get("ready"):
            self.stop()
            raise MandatoError(f"the console's worker could not load {self.trig}")

    def _read(self, deadline: float) -> dict | None:
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        chunks = []
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(timeout=left):
                    return None
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return {"error": "failed", "message": "the console's worker stopped (out of memory?)"}
                chunks.append(chunk)
                if chunk.endswith(b"\n"):
                    return json.loads(b"".join(chunks).decode("utf-8"))

    def ensure(self) -> None:
        """Start the worker now (the page calls this when shown, so the first query is quick)."""
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self._start()

    def warm(self) -> None:
        """Start the worker in the background if it is not running."""
        if self.process is None and not self.lock.locked():
            threading.Thread(target=self._warm_quietly, daemon=True).start()

    def _warm_quietly(self) -> None:
        try:
            self.ensure()
        except MandatoError:
            pass  # the next query reports the problem

    def run(self, query: str, limit: int, seconds: float) -> Outcome:
        if not self.lock.acquire(timeout=seconds):
            return Outcome(error="busy")
        try:
            if self.process is None or self.process.poll() is not None:
                self._start()
            assert self.process is not None and self.process.stdin is not None
            started = time.monotonic()
            self.process.stdin.write((json.dumps({"query": query, "limit": limit}) + "\n").encode("utf-8"))
            self.process.stdin.flush()
            reply = self._read(started + seconds)
            elapsed = int((time.monotonic() - started) * 1000)
            if reply is None:
                self.stop()
                return Outcome(error="timeout", elapsed_ms=elapsed)
            if reply.get("error") == "failed" and "stopped" in reply.get("message", ""):
                self.stop()
            return _outcome(reply, elapsed)
        finally:
            self.lock.release()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (process.stdin, process.stdout):
            if stream:
                stream.close()


def _outcome(reply: dict, elapsed: int) -> Outcome:
    if "error" in reply:
        return Outcome(error=reply["error"], reason=reply.get("reason", ""), keyword=reply.get("keyword", ""),
                       line=reply.get("line", 0), column=reply.get("column", 0), message=reply.get("message", ""), elapsed_ms=elapsed)
    if "ask" in reply:
        return Outcome(ask=bool(reply["ask"]), elapsed_ms=elapsed)
    return Outcome(columns=reply["columns"], rows=reply["rows"], truncated=reply["truncated"], elapsed_ms=elapsed)


_SANDBOXES: dict[str, Sandbox] = {}
_REGISTRY_LOCK = threading.Lock()


def sandbox_for(build_dir: str, stamp: str) -> Sandbox:
    """The one sandbox of this build (older ones, of earlier builds, are stopped)."""
    key = f"{build_dir}:{stamp}"
    with _REGISTRY_LOCK:
        if key not in _SANDBOXES:
            for old_key in [k for k in _SANDBOXES if k.startswith(f"{build_dir}:")]:
                _SANDBOXES.pop(old_key).stop()
            _SANDBOXES[key] = Sandbox(Path(build_dir) / BUILD_TRIG)
        return _SANDBOXES[key]


@atexit.register
def _stop_all() -> None:
    for box in list(_SANDBOXES.values()):
        box.stop()


# ------------------------------------------------------------------------------------- the runner
def run_remote(store: Store, query: str, limit: int, seconds: float) -> Outcome:
    started = time.monotonic()
    try:
        result = store.select(query, timeout=max(1.0, seconds))  # untrusted: the guard checks it (cached)
    except MandatoError as exc:
        error = "timeout" if isinstance(exc, DeadlineExceeded) else "failed"
        return Outcome(error=error, message=str(exc), elapsed_ms=int((time.monotonic() - started) * 1000))
    elapsed = int((time.monotonic() - started) * 1000)
    if result.columns == ["ask"] and len(result.rows) == 1:
        return Outcome(ask=result.rows[0]["ask"].value == "true", elapsed_ms=elapsed)
    rows = [[None if r.get(c) is None else [r[c].kind, r[c].value, r[c].datatype, r[c].lang] for c in result.columns] for r in result.rows[:limit]]
    return Outcome(columns=result.columns, rows=rows, truncated=len(result.rows) > limit, elapsed_ms=elapsed)


def execute(query: str, limit: int, seconds: float, *, build_dir: str = "", stamp: str = "", remote: Store | None = None) -> Outcome:
    """Check the query, then run it on the remote store or in the embedded store's sandbox."""
    limit = max(1, min(int(limit), MAX_ROWS))
    seconds = max(0.2, min(float(seconds), MAX_SECONDS))
    refused = refusal(query)
    if refused:
        return refused
    if remote is not None:
        return run_remote(remote, query, limit, seconds)
    outcome = sandbox_for(build_dir, stamp).run(query, limit, seconds)
    if outcome.error == "syntax":
        outcome.message = friendly_syntax(outcome.message, query, outcome.line, outcome.column)
    return outcome
