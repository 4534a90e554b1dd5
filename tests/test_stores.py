"""Real triple stores on 127.0.0.1: an Oxigraph server in its default configuration and Debian's
Virtuoso 7. `mandato load` pushes the national build (named graphs kept, staging graphs and one
switch); then every stored query and the gap report give exactly the embedded store's answers:
the same rows and the same terms (kind, lexical form, datatype, language), in the same order where
the query orders them."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import OxigraphServer, run_cli
from mandato.errors import EndpointError
from mandato.gaps import run_sparql_engine
from mandato.queries import list_queries, run
from mandato.remote_scope import MANIFEST_GRAPH
from mandato.store import EmbeddedStore, RemoteStore
from triplestores import VirtuosoServer

pytestmark = pytest.mark.server
QUERIES = list_queries()
#: parameters bound for the queries that declare them (the stored queries' documented kinds)
PARAMETERS = {"country": "URY", "asOf": "2020-01-01", "topic": "digital-signature", "soltype": "digital-identity"}


class Remote:
    def __init__(self, kind: str, server, query_url: str, credentials: list[str]) -> None:
        self.kind = kind
        self.server = server
        self.query_url = query_url
        self.credentials = credentials

    def store(self) -> RemoteStore:
        return RemoteStore(self.query_url, timeout=300)


@pytest.fixture(scope="module")
def embedded(national_build) -> EmbeddedStore:
    return EmbeddedStore.from_build(national_build)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request, national_build):
    if request.param == "oxigraph":
        with OxigraphServer() as server:
            yield _loaded(Remote("oxigraph", server, server.query_url, []), server.base, national_build)
    else:
        with VirtuosoServer() as server:
            yield _loaded(Remote("virtuoso", server, server.sparql, ["--user", server.user, "--password", server.password]), server.sparql, national_build)


def _loaded(remote: Remote, endpoint: str, build: Path) -> Remote:
    code, out, err = run_cli("load", "--endpoint", endpoint, "--build", str(build), *remote.credentials)
    assert code == 0, err
    assert re.search(r"loaded \d+ named graphs \(\d+ triples, replaced\)", out), out
    return remote


def rows(result) -> list[tuple]:
    return [tuple((c, None if r[c] is None else (r[c].kind, r[c].value, r[c].datatype, r[c].lang)) for c in result.columns) for r in result.rows]


def order_keys(text: str) -> list[str]:
    match = re.search(r"ORDER\s+BY\s+(.+?)\s*(?:LIMIT|OFFSET|$)", text.split("\n#")[0], re.IGNORECASE | re.DOTALL)
    return re.findall(r"\?(\w+)", match.group(1)) if match else []


def assert_same(query_text: str, local, remote_result, label: str) -> None:
    assert local.columns == remote_result.columns, label
    ours, theirs = rows(local), rows(remote_result)
    assert Counter(ours) == Counter(theirs), f"{label}: {len(ours)} rows embedded, {len(theirs)} remote; first differences: " + repr(
        (list((Counter(ours) - Counter(theirs)).elements())[:3], list((Counter(theirs) - Counter(ours)).elements())[:3])
    )
    keys = [k for k in order_keys(query_text) if k in local.columns]
    if keys:
        index = [local.columns.index(k) for k in keys]
        assert [tuple(r[i] for i in index) for r in ours] == [tuple(r[i] for i in index) for r in theirs], f"{label}: ordered differently"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.slug)
def test_every_stored_query_gives_the_embedded_answer(query, remote, embedded):
    assert_same(query.text, run(embedded, query), run(remote.store(), query), f"{remote.kind} {query.slug}")
    values = {p.name: PARAMETERS[p.name] for p in query.params if p.name in PARAMETERS}
    if values:
        assert_same(query.text, run(embedded, query, values), run(remote.store(), query, values), f"{remote.kind} {query.slug} {values}")


def test_the_gap_report_is_the_same(remote, embedded):
    def keys(findings):
        return Counter((f.country, f.rule, f.severity, f.focus, f.value, f.message) for f in findings)

    ours, theirs = keys(run_sparql_engine(embedded)), keys(run_sparql_engine(remote.store()))
    assert ours == theirs, (remote.kind, sorted((ours - theirs).elements())[:5], sorted((theirs - ours).elements())[:5])
    assert sum(ours.values()) > 100


def test_cli_gaps_and_query_against_the_endpoint(remote):
    code, out, err = run_cli("gaps", "--endpoint", remote.query_url, "--country", "HTI", "--format", "csv")
    assert code == 0, err
    assert "LeadBodyShape" in out
    code, out, err = run_cli("query", "lead-agencies", "--endpoint", remote.query_url, "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 34, err


def test_reload_replaces_the_graphs_and_drops_those_gone(remote, national_build, tmp_path):
    store = remote.store()
    before = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values("n")
    # a build without one data file: its graph goes, the others are replaced, nothing is doubled
    trig = (national_build / "mandato.trig").read_text(encoding="utf-8")
    smaller = tmp_path / "build"
    smaller.mkdir()
    gone = "https://w3id.org/mandato/graph/data/links/geonames-countries"
    assert f"<{gone}>" in trig
    (smaller / "mandato.trig").write_text(_without_graph(trig, gone), encoding="utf-8")
    code, out, err = run_cli("load", "--endpoint", remote.query_url, "--build", str(smaller), *remote.credentials)
    assert code == 0 and "dropped 1 graph" in out, out + err
    assert not RemoteStore(remote.query_url).select(f"ASK {{ GRAPH <{gone}> {{ ?s ?p ?o }} }}").values("ask") == ["true"]
    code, out, err = run_cli("load", "--endpoint", remote.query_url, "--build", str(national_build), *remote.credentials)
    assert code == 0, err
    assert RemoteStore(remote.query_url).select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values("n") == before


def _without_graph(trig: str, graph: str) -> str:
    import pyoxigraph as ox

    quads = [q for q in ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG) if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == graph)]
    return ox.serialize(quads, format=ox.RdfFormat.TRIG).decode("utf-8")


def test_a_failed_upload_leaves_the_previous_graphs(remote, national_build, monkeypatch):
    import mandato.load as load

    store = remote.store()
    before = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values("n")
    real, calls = load._upload, []

    def failing(client, found, graph, body, method, shown=None):
        calls.append(graph)
        if len(calls) == 5:
            raise EndpointError(f"{found.store} refused the upload of graph <{shown}>: HTTP 500 (simulated)")
        return real(client, found, graph, body, method, shown)

    monkeypatch.setattr(load, "_upload", failing)
    credentials = None
    if remote.credentials:
        from mandato.httpauth import Credentials

        credentials = Credentials(remote.server.user, remote.server.password)
    with pytest.raises(EndpointError, match="nothing was replaced"):
        load.load_build(remote.query_url, national_build, credentials=credentials)
    assert RemoteStore(remote.query_url).select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values("n") == before
    staging = RemoteStore(remote.query_url).select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER STRSTARTS(STR(?g), 'https://w3id.org/mandato/graph/staging/') }")
    assert staging.values("n") == ["0"]


def test_the_load_manifest_lists_the_graphs(remote, national_build):
    from mandato.load import read_build_graphs

    from mandato.remote_scope import Scope

    as_stored = RemoteStore(remote.query_url, scope=Scope())  # the server's own dataset: the manifest graph is not in the loaded ones
    listed = as_stored.select(f"SELECT ?g WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ ?d ?p ?g }} }}").values("g")
    assert sorted(listed) == [iri for iri, _, _ in read_build_graphs(national_build)]


def test_oxigraph_is_asked_for_its_union_only_when_it_holds_exactly_the_loaded_graphs(remote):
    """An Oxigraph server evaluates a dataset of 170 listed graphs 10-70x slower than its own union of
    named graphs: the union is asked for when it is the same dataset, never when another graph is there."""
    import urllib.request

    scope = remote.store().scope()
    if remote.kind == "virtuoso":
        assert scope.graphs == () and not scope.union  # its default graph already holds the data
        return
    assert scope.union and len(scope.graphs) > 100
    other = f"{remote.server.base}/store?graph=http%3A%2F%2Fexample.org%2Fsomeone-else"
    put = urllib.request.Request(other, data=b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n",
                                 headers={"Content-Type": "application/n-triples"}, method="PUT")
    urllib.request.urlopen(put, timeout=30).read()
    try:
        listed = remote.store().scope()
        assert not listed.union and listed.graphs == scope.graphs
        assert run(remote.store(), QUERIES[0]).rows is not None
    finally:
        urllib.request.urlopen(urllib.request.Request(other, method="DELETE"), timeout=30).read()
    assert remote.store().scope().union


def test_a_store_without_the_data_is_refused_not_answered_empty():
    with OxigraphServer() as server:
        with pytest.raises(EndpointError, match="holds no Mandato data"):
            RemoteStore(server.query_url).select("SELECT ?c WHERE { ?c a md:Country }")
        code, out, err = run_cli("query", "lead-agencies", "--endpoint", server.query_url)
        assert code == 2 and "holds no Mandato data" in err and not out.strip()


def test_credentials_from_netrc(remote, national_build, tmp_path):
    if not remote.credentials:
        pytest.skip("the Oxigraph server takes writes without an account")
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {remote.server.user} password {remote.server.password}\n")
    netrc.chmod(0o600)
    code, out, err = run_cli("load", "--endpoint", remote.query_url, "--build", str(national_build), env={"NETRC": str(netrc)})
    assert code == 0, err
    code, out, err = run_cli("load", "--endpoint", remote.query_url, "--build", str(national_build), env={"NETRC": str(tmp_path / "none")})
    assert code == 2 and "--user and --password" in err, err


@pytest.fixture(scope="module")
def municipal_build(tmp_path_factory) -> Path:
    """A small generated municipal graph (120 municipalities in their states), built."""
    folder = tmp_path_factory.mktemp("municipal")
    code, out, err = run_cli("synth", "--jurisdictions", "120", "--seed", "3", "--out", str(folder / "synth"))
    assert code == 0, err
    code, out, err = run_cli("build", "--data", str(folder / "synth" / "data"), "--out", str(folder / "build"))
    assert code == 0, err
    return folder / "build"


def test_issue15_municipal_gap_report_and_queries_are_the_same(remote, municipal_build, national_build):
    """The municipal tier's rules (one coverage finding per municipality, per-aspect findings for the
    states) and the tier-scoped queries give the embedded answers on the server too. Virtuoso had
    ignored a FILTER NOT EXISTS on the focus node's tier and miscounted a HAVING over a sub-select."""
    local = EmbeddedStore.from_build(municipal_build)
    _loaded(remote, remote.query_url if remote.kind == "virtuoso" else remote.server.base, municipal_build)
    try:
        def keys(findings):
            return Counter((f.jurisdiction, f.rule, f.focus, f.value, f.message) for f in findings)

        ours, theirs = keys(run_sparql_engine(local)), keys(run_sparql_engine(remote.store()))
        assert ours == theirs, (remote.kind, sorted((ours - theirs).elements())[:5], sorted((theirs - ours).elements())[:5])
        rules = Counter(rule for _j, rule, *_ in ours.elements())
        assert rules["CoverageShape-notAssessedMunicipal"] == 120 and rules["CoverageShape-notAssessed"] > 0
        for slug in ("lead-agencies", "jurisdictions-without-lead-body", "decision-power-shares", "baseline-topics-missing"):
            query = next(q for q in QUERIES if q.slug == slug)
            for tier in ("municipal", "subnational"):
                assert_same(query.text, run(local, query, {"tier": tier}), run(remote.store(), query, {"tier": tier}), f"{remote.kind} {slug} {tier}")
    finally:
        _loaded(remote, remote.query_url if remote.kind == "virtuoso" else remote.server.base, national_build)


def test_a_cut_answer_is_refused_not_returned(remote, embedded):
    """Virtuoso cuts an answer at ResultSetMaxRows (10000 in Debian's configuration) and says so only in
    an X-SPARQL-MaxRows header: a partial gap report or query answer is refused with the reason."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20000"
    assert len(embedded.select(query).rows) == 20000
    if remote.kind == "virtuoso":
        with pytest.raises(EndpointError, match="cut its answer at 10000 rows.*ResultSetMaxRows"):
            remote.store().select(query)
    else:
        assert len(remote.store().select(query).rows) == 20000
