"""A real Oxigraph SPARQL server on 127.0.0.1: `mandato load` pushes the build, and every stored query
and the gap report give the same answers remotely (SPARQL 1.1 Protocol, mandato.remote) as embedded (pyoxigraph)."""

from __future__ import annotations

import pytest

from conftest import OxigraphServer, run_cli
from mandato.gaps import run_sparql_engine
from mandato.queries import list_queries, run
from mandato.render import render_result
from mandato.store import RemoteStore

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(demo_build):
    with OxigraphServer() as ox:
        code, out, err = run_cli("load", "--endpoint", ox.base, "--build", str(demo_build))
        assert code == 0, err
        assert "named graphs" in out
        yield ox.query_url


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.slug)
def test_remote_answers_equal_embedded(query, server, demo_store):
    remote = RemoteStore(server, timeout=20)
    assert render_result(run(remote, query), "csv") == render_result(run(demo_store, query), "csv")


def test_parameters_bind_the_same_way_remotely(server, demo_store):
    from mandato.queries import find_query

    q = find_query("lead-agencies")
    values = {"country": "URY", "asOf": "2003-01-01"}
    assert render_result(run(RemoteStore(server), q, values), "csv") == render_result(run(demo_store, q, values), "csv")


def test_gap_report_is_the_same_remotely(server, demo_store):
    def keys(findings):
        return [(f.country, f.rule, f.severity, f.focus, f.value) for f in findings]

    assert keys(run_sparql_engine(RemoteStore(server))) == keys(run_sparql_engine(demo_store))


def test_cli_gaps_against_the_endpoint(server):
    code, out, err = run_cli("gaps", "--endpoint", server, "--country", "HTI", "--format", "csv")
    assert code == 0, err
    assert "LeadBodyShape-absent" in out


def test_remote_refuses_updates(server):
    from mandato.errors import UsageError

    with pytest.raises(UsageError):
        RemoteStore(server).select("CLEAR ALL")


def test_read_query_with_update_words_in_comments_is_sent_as_a_query(server):
    """Words such as DROP or INSERT in a comment do not make a read query an update."""
    query = "# the address field; never DROP or INSERT here\nSELECT (COUNT(*) AS ?n) WHERE { ?c a md:Country }"
    assert RemoteStore(server).select(query).values("n") == ["33"]
