"""Read-only means parsed (issue 9): the SERVICE bypass and its obfuscations are refused everywhere a
user's query can run, and no request leaves: a listening socket on 127.0.0.1 stands for the internal
address an attacker would aim at, and must never see a connection."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from conftest import run_cli
from mandato import sparql_guard
from mandato.errors import UsageError
from mandato.paths import ROOT
from mandato.queries import list_queries
from mandato.sparql_guard import QueryRefused, check, require_read_only
from mandato.store import RemoteStore, with_prologue

sys.path.insert(0, str(ROOT))
from explorer import console  # noqa: E402


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(0.5)
            try:
                self.connections.append(conn.recv(4096))
            except OSError:
                self.connections.append(b"")
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def target():
    listener = Listener()
    yield listener
    listener.close()


def obfuscations(url: str) -> list[str]:
    """At least 20 ways of hiding SERVICE <url> from a keyword search; each must be refused."""
    host = url.rsplit("/", 1)[0]
    return [
        # the bypass reported in issue 9: apostrophes inside IRIs hid the keyword from the textual check
        f"SELECT * WHERE {{ BIND(<http://x/'> AS ?a) SERVICE <{url}> {{?s ?p ?o}} BIND(<http://y/'> AS ?b) }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053\\u0045RVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE # a comment\n <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # \"' }} a comment with brackets and quotes\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"PREFIX e: <{host}/> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ {{ {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{url}> {{ ?a ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER NOT EXISTS {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s <http://a/p>/<http://a/q>* ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z FILTER(?z != \"}}'\") SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y \"\"\"a '' \"\" }} \"\"\" . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT*WHERE{{SERVICE<{url}>{{?s?p?o}}}}",
        f"SELECT * WHERE {{ ?a ?b ?c BIND(EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} AS ?d) }}",
        f"SELECT * WHERE {{ SERVICE <{host}/\\u0073parql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s <http://x/#> ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"BASE <{host}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT ?a WHERE {{ ?a ?b ?c }} ORDER BY (EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }})",
        f"SELECT ?a (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c }} GROUP BY ?a HAVING (EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }})",
        f"SELECT * WHERE {{ SERVICE <{url}> {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    ]


HARMLESS = [
    'SELECT ?service WHERE { ?service ?p "SERVICE <http://127.0.0.1/> { }" }',
    "SELECT * WHERE { ?s <https://example.org/SERVICE> ?o }",
    "# SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }\nSELECT * WHERE { ?s ?p ?o }",
    "SELECT ?m WHERE { ?m md:mandateType mtype:trust-services-supervision }",
    "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'service')) }",
    "SELECT * FROM <https://w3id.org/mandato/graph/data/jurisdictions> WHERE { ?s ?p ?o }",
]

UPDATES = [
    "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
    "PREFIX x: <https://example.org/>\nDELETE WHERE { ?s ?p ?o }",
    "# a comment\nCLEAR ALL",
    "DROP GRAPH <https://w3id.org/mandato/graph/data/jurisdictions>",
    "LOAD <https://example.org/data.ttl>",
    "clear default",
    "CREATE GRAPH <https://example.org/g>",
    "ADD DEFAULT TO <https://example.org/g>",
    "MOVE DEFAULT TO <https://example.org/g>",
    "COPY DEFAULT TO <https://example.org/g>",
    "WITH <https://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "\\u0049NSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
]


@pytest.mark.parametrize("index", range(len(obfuscations("http://h/sparql"))))
def test_service_obfuscations_are_refused(index, target):
    query = obfuscations(target.url)[index]
    verdict = check(query)
    # refused; a SERVICE nested in a SERVICE is too deep for rdflib's parser, which refuses it as such
    assert not verdict.allowed and verdict.reason in ("service", "syntax"), (query, verdict)
    outcome = console.execute(query, 10, 5, build_dir="/nonexistent", stamp="x")  # refused before any worker
    assert outcome.error in ("refused", "syntax")
    with pytest.raises(QueryRefused):
        RemoteStore(target.url, timeout=2).select(query)
    assert target.connections == []


def test_at_least_twenty_obfuscations_are_named_as_service():
    queries = obfuscations("http://127.0.0.1:9/sparql")
    assert len(queries) >= 20
    assert sum(check(q).reason == "service" for q in queries) >= len(queries) - 1


@pytest.mark.parametrize("query", HARMLESS)
def test_harmless_mentions_of_service_are_allowed(query):
    verdict = check(query)
    assert verdict.allowed, verdict


@pytest.mark.parametrize("query", UPDATES)
def test_updates_are_refused(query):
    verdict = check(query)
    assert not verdict.allowed and verdict.reason == "update", (query, verdict)
    assert verdict.keyword in ("INSERT", "DELETE", "CLEAR", "DROP", "LOAD", "CREATE", "ADD", "MOVE", "COPY")


def test_forms_and_other_verdicts():
    assert check("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert check("DESCRIBE <https://example.org/a>").allowed
    refused = check("CONSTRUCT WHERE { ?s ?p ?o }", forms=("SELECT", "ASK"))
    assert (refused.allowed, refused.reason, refused.keyword) == (False, "form", "CONSTRUCT")
    assert check("   \n").reason == "empty"
    assert check("SELECT * WHERE { " * 5000).reason in ("syntax", "too-large")
    assert check("SELECT * WHERE " + "{" * 300 + "?s ?p ?o" + "}" * 300).reason == "syntax"
    assert check("SELECT * WHERE { ?s ?p ?o }" + " " * sparql_guard.MAX_QUERY_CHARS).reason == "too-large"
    syntax = check("SELECT ?s WHERE {\n  ?s nope:thing ?o }")
    assert (syntax.reason, syntax.line, syntax.column) == ("syntax", 2, 6)
    assert "unknown prefix 'nope:'" in syntax.message


def test_require_read_only_raises_a_usage_error_naming_the_source():
    with pytest.raises(UsageError) as caught:
        require_read_only("CLEAR ALL", source="mine.rq")
    assert isinstance(caught.value, QueryRefused)
    assert str(caught.value).startswith("mine.rq: query refused") and "CLEAR" in str(caught.value)
    assert require_read_only("ASK {}") == "ASK"


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.slug)
def test_every_stored_query_passes_the_guard(query):
    from mandato.queries import bind

    verdict = check(with_prologue(query.expanded(bind(query, {}))))
    assert verdict.allowed, verdict


def test_every_compiled_gap_query_passes_the_guard():
    from mandato.gaps import compile_all

    compiled, _refused = compile_all()
    assert compiled
    for item in compiled:
        assert check(item.query).allowed, item.top
        if item.check.per_focus is not None:
            assert check(item.check.per_focus.query).allowed, item.top


def test_cli_query_file_with_the_bypass_is_refused_before_anything_is_sent(tmp_path, target, demo_build):
    rq = tmp_path / "sneaky.rq"
    rq.write_text("# title: t\n# question: q\n" + obfuscations(target.url)[0] + "\n", encoding="utf-8")
    code, out, err = run_cli("query", str(rq), "--build", str(demo_build))
    assert code == 2 and "Traceback" not in err
    assert f"{rq}:" in err and "SERVICE" in err
    code, out, err = run_cli("query", str(rq), "--endpoint", target.url, "--timeout", "3")
    assert code == 2 and "SERVICE" in err
    assert target.connections == []


def test_cli_query_file_that_is_harmless_runs(tmp_path, demo_build):
    rq = tmp_path / "fine.rq"
    rq.write_text("# title: t\n# question: q\nSELECT (COUNT(*) AS ?n) WHERE { ?c a md:Country }\n", encoding="utf-8")
    code, out, err = run_cli("query", str(rq), "--build", str(demo_build), "--format", "csv")
    assert code == 0, err
    assert out.split() == ["n", "33"]


def test_the_worker_cannot_connect_even_if_the_guard_were_bypassed(target, demo_build):
    """Defence in depth: once loaded, the console's worker cannot open a socket (RLIMIT_NOFILE)."""
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from explorer import sandbox_worker
        from mandato.store import EmbeddedStore
        store = EmbeddedStore.from_build({str(demo_build)!r}).store
        assert sandbox_worker.no_new_descriptors() > 0
        try:
            list(store.query("SELECT * WHERE {{ SERVICE <{target.url}> {{ ?s ?p ?o }} }}"))
            print("ran")
        except OSError as exc:
            print("refused", exc)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused"), done.stdout
    assert target.connections == []


def test_console_worker_answers_after_dropping_descriptors(demo_build):
    box = console.Sandbox(Path(demo_build) / "mandato.trig")
    try:
        outcome = box.run("SELECT (COUNT(*) AS ?n) WHERE { ?c a md:Country }", 10, 60)
        assert outcome.error == "" and outcome.rows[0][0][1] == "33"
        outcome = box.run("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 10, 60)
        assert (outcome.error, outcome.reason) == ("refused", "service")
    finally:
        box.stop()
