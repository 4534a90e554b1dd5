"""Deadlines (issue 9): against servers on 127.0.0.1 that never answer, trickle, fail, send garbage or an
endless answer, every remote verb ends within its --timeout plus one second, with exit 2 and a message
naming the URL; transient failures are retried within the deadline; `load` says which graphs it replaced."""

from __future__ import annotations

import contextlib
import io
import time

import pytest

from conftest import run_cli
from faulty_server import VALID_N, FaultyServer
from mandato.cli import main
from mandato.errors import EndpointError
from mandato.remote import Deadline, DeadlineExceeded, request

QUERY = "# title: n\n# question: how many?\nSELECT ?n WHERE { ?s ?p ?n }\n"
DEADLINE = 1.5


@pytest.fixture
def rq(tmp_path):
    path = tmp_path / "n.rq"
    path.write_text(QUERY, encoding="utf-8")
    return path


def run_main(*argv: str) -> tuple[int, str, str, float]:
    """The real entry point in this process (the servers are threads here): code, stdout, stderr, seconds."""
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code
    return code, out.getvalue(), err.getvalue(), time.monotonic() - started


FAULTS = ["silent", "trickle-head", "trickle-body", "huge"]


@pytest.fixture(scope="module", autouse=True)
def warm(tmp_path_factory):
    """Import what the commands import once, so start-up does not count against the first deadline."""
    path = tmp_path_factory.mktemp("warm") / "n.rq"
    path.write_text(QUERY, encoding="utf-8")
    with FaultyServer("ok") as server:
        run_main("query", str(path), "--endpoint", server.url)
        run_main("gaps", "--endpoint", server.url, "--timeout", "0.2")


@pytest.mark.parametrize("mode", FAULTS)
def test_query_ends_within_the_deadline(mode, rq):
    with FaultyServer(mode) as server:
        code, _, err, seconds = run_main("query", str(rq), "--endpoint", server.url, "--timeout", str(DEADLINE))
    assert code == 2 and "Traceback" not in err
    assert seconds < DEADLINE + 1, seconds
    assert server.url in err and ("deadline" in err or "bytes accepted" in err)


@pytest.mark.parametrize("mode", FAULTS)
def test_gaps_shares_one_deadline_across_its_queries(mode):
    """35 compiled queries, one deadline: not 35 timeouts one after the other."""
    with FaultyServer(mode) as server:
        code, _, err, seconds = run_main("gaps", "--endpoint", server.url, "--timeout", str(DEADLINE))
    assert code == 2 and seconds < DEADLINE + 1, (seconds, err)
    assert server.url in err


@pytest.mark.parametrize("mode", ["silent", "trickle-head"])
def test_load_ends_within_the_deadline(mode, demo_build):
    with FaultyServer(mode) as server:
        code, _, err, seconds = run_main("load", "--endpoint", server.base, "--build", str(demo_build), "--timeout", str(DEADLINE))
    assert code == 2 and seconds < DEADLINE + 1, (seconds, err)
    assert "nothing was loaded" in err and server.base in err


@pytest.mark.parametrize("status, body, expected", [
    (500, b"boom", "HTTP 500"),
    (404, b"<html>no</html>", "HTTP 404"),
    (200, b"<html>not json</html>", "not JSON"),
    (200, b"{}", 'no "head"'),
    (200, b"[1, 2, 3]", "a JSON list"),
    (200, b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"value": "1"}}]}}', "type None"),
    (200, b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}', "without the variable(s) ?n"),
    (200, b"\xff\xfe not utf-8", "not UTF-8"),
])
def test_bad_answers_are_named(status, body, expected, rq):
    with FaultyServer("ok", status=status, body=body) as server:
        code, _, err, _ = run_main("query", str(rq), "--endpoint", server.url, "--timeout", "5")
    assert code == 2 and "Traceback" not in err
    assert server.url in err and expected in err, err


def test_garbage_is_not_http(rq):
    with FaultyServer("garbage") as server:
        code, _, err, seconds = run_main("query", str(rq), "--endpoint", server.url, "--timeout", "5")
    assert code == 2 and server.url in err and seconds < 5


@pytest.mark.parametrize("mode", ["flaky", "reset"])
def test_transient_failures_are_retried_within_the_deadline(mode, rq):
    with FaultyServer(mode) as server:
        code, out, err, _ = run_main("query", str(rq), "--endpoint", server.url, "--timeout", "5", "--format", "csv")
        assert code == 0, err
        assert out.split() == ["n", "7"] and server.served == 2


def test_retries_stop_at_the_deadline(rq):
    with FaultyServer("always-503") as server:
        code, _, err, seconds = run_main("query", str(rq), "--endpoint", server.url, "--timeout", str(DEADLINE))
    assert code == 2 and "HTTP 503" in err and seconds < DEADLINE + 1
    assert 2 <= server.served <= 4


def test_a_refused_port_is_not_retried(rq):
    with FaultyServer() as server:
        url = server.url
    started = time.monotonic()
    code, _, err, _ = run_main("query", str(rq), "--endpoint", url, "--timeout", "20")
    assert code == 2 and "connection refused" in err and time.monotonic() - started < 3


def test_appending_is_not_retried():
    with FaultyServer("flaky") as server:
        response = request("POST", server.url, deadline=Deadline(5), body=b"x")
    assert response.status == 503 and server.served == 1


def test_deadline_object():
    deadline = Deadline(0.2)
    assert 0 < deadline.remaining() <= 0.2
    assert deadline.within(10).end == deadline.end
    assert deadline.within(0.05).end < deadline.end
    time.sleep(0.25)
    assert deadline.expired()
    with pytest.raises(DeadlineExceeded):
        request("GET", "http://127.0.0.1:9/", deadline=deadline)
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(Exception):
            Deadline(bad)


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "abc", "1e999"])
def test_timeout_must_be_positive_and_finite(value, rq):
    for verb in (["query", str(rq)], ["gaps"], ["load", "--endpoint", "http://127.0.0.1:9/"]):
        code, _, err, _ = run_main(*verb, "--timeout", value)
        assert code == 2 and "--timeout" in err and "Traceback" not in err


def test_fractional_timeout_is_a_real_deadline(rq):
    with FaultyServer("silent") as server:
        code, _, err, seconds = run_main("query", str(rq), "--endpoint", server.url, "--timeout", "0.5")
    assert code == 2 and seconds < 1.5 and "0.5 s deadline" in err


def test_load_failing_part_way_replaces_nothing(demo_build):
    """The server takes three staging uploads, then fails: nothing is replaced, the message says so,
    and the three staging graphs are dropped (the switch to the new graphs is never sent)."""
    from urllib.parse import unquote

    class ThenFail(FaultyServer):
        def _respond(self, conn, status, body, extra=""):
            request = self.requests[-1]
            if request.startswith(b"PUT"):
                puts = sum(1 for r in self.requests if r.startswith(b"PUT"))
                super()._respond(conn, 500 if puts > 3 else 204, b"disk full" if puts > 3 else b"", extra)
            elif b"query=" in request:  # the manifest of an earlier load: none
                super()._respond(conn, 200, b'{"head": {"vars": ["g"]}, "results": {"bindings": []}}', extra)
            else:
                super()._respond(conn, 204, b"", extra)

    with ThenFail("ok") as server:
        code, _, err, _ = run_main("load", "--endpoint", server.base, "--build", str(demo_build), "--timeout", "10",
                                   "--update", f"{server.base}/update", "--store", f"{server.base}/store")
        requests = list(server.requests)
    assert code == 2 and "HTTP 500" in err and "nothing was replaced" in err, err
    staged = [unquote(r.split(b" ", 2)[1].decode().split("graph=", 1)[1]) for r in requests if r.startswith(b"PUT")]
    updates = [unquote(r.partition(b"\r\n\r\n")[2].decode().replace("+", " ")) for r in requests if r.startswith(b"POST") and b"update=" in r]
    assert len(staged) == 4 and all("/graph/staging/" in g for g in staged)
    assert len(updates) == 1 and "MOVE" not in updates[0]
    assert all(f"DROP SILENT GRAPH <{g}>" in updates[0] for g in staged[:3])


def test_cli_subprocess_against_a_trickling_server(rq):
    """The same through the real command: wall time includes start-up, so the bound is generous."""
    with FaultyServer("trickle-body") as server:
        started = time.monotonic()
        code, _, err = run_cli("query", str(rq), "--endpoint", server.url, "--timeout", str(DEADLINE))
        seconds = time.monotonic() - started
    assert code == 2 and "Traceback" not in err and server.url in err
    assert seconds < DEADLINE + 1 + 5, seconds


def test_remote_store_rejects_bad_urls():
    from mandato.store import RemoteStore

    for url in ("http://[::1/sparql", "not a url", "ftp://x/", "http://", "http://h:99999/", "http://h:0/"):
        with pytest.raises(EndpointError.__mro__[1]):
            RemoteStore(url)


def test_valid_answer_still_works(rq):
    with FaultyServer("ok", body=VALID_N) as server:
        code, out, err, _ = run_main("query", str(rq), "--endpoint", server.url, "--format", "csv")
    assert code == 0 and out.split() == ["n", "7"], err
