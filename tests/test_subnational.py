"""Issue 14: the subnational tier.

Coverage by a higher tier is derived, never stored (queries/fragments/coverage.rq, higher-tier-law.rq, higher-tier-solution.rq): it
is run on the fixture graph (tests/fixtures/graph/subnational.ttl, whose header tabulates the cases)
on both engines, Oxigraph and rdflib (the one pySHACL uses), for several dates. Then the gap rules at
both tiers, jurisdiction codes wherever --country exists, and the coverage targets. That pySHACL and
the compiled SPARQL engine agree at both tiers is tested shape by shape in test_shapes.py, whose pass
and fail fixtures hold subnational cases.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from conftest import DEMO_SUBNATIONAL, demo_data_files, run_cli
from mandato import fragments
from mandato.catalog import load_ontology
from mandato.derive import with_derived
from mandato.errors import UsageError
from mandato.jurisdictions import index_from_graph, index_from_store, parse_code
from mandato.namespaces import sparql_prologue
from mandato.queries import find_query, run
from mandato.rdfio import parse_turtle
from mandato.store import EmbeddedStore, Term

ID = "https://w3id.org/mandato/id/"
VOCAB = "https://w3id.org/mandato/vocab/"
DATE = "http://www.w3.org/2001/XMLSchema#date"


@pytest.fixture(scope="module")
def graph() -> Graph:
    data = Graph()
    for path in demo_data_files():
        data += parse_turtle(path).graph
    data = with_derived(data)
    return data + load_ontology()


@pytest.fixture(scope="module")
def store(graph) -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_ntriples(graph.serialize(format="nt"))
    return store


def _coverage(store, graph, jurisdiction: str, aspect: str, on: str) -> tuple[set, set]:
    text = sparql_prologue() + (
        f"SELECT ?coverage ?by WHERE {{ BIND(<{ID}jurisdiction/{jurisdiction}> AS ?j) BIND(<{VOCAB}{aspect}> AS ?a) "
        "INCLUDE coverage(?j, ?a, ?param_at, ?coverage, ?by) }"
    )
    query = fragments.expand(text, constants={"param_at": Term("literal", on, DATE).n3()})
    oxigraph = {(r["coverage"].value, r["by"].value if r.get("by") is not None else "") for r in store.select(query).rows}
    rdflib = {(str(c), str(b) if b is not None else "") for c, b in graph.query(query)}
    return oxigraph, rdflib


COVERAGE = [
    # own law: the state's own decree, recorded by its own assessment
    ("BR-SP", "legal-topic/privacy-data-protection", "2026-12-07", "own", "law/BR-SP-decree-2020-810"),
    # covered by a national law whose source says it binds the states
    ("BR-SP", "legal-topic/access-to-information", "2026-12-07", "higher-tier", "law/BRA-law-2011-710"),
    # a national law that does not bind the states covers nothing
    ("BR-SP", "legal-topic/digital-signature", "2026-12-07", "absent", ""),
    # a national law binding the states but not yet in force on the date; in force from 2027-01-01
    ("BR-SP", "legal-topic/cybersecurity", "2026-12-07", "absent", ""),
    ("BR-SP", "legal-topic/cybersecurity", "2027-01-01", "higher-tier", "law/BRA-law-2026-730"),
    # a national solution serving the states, launched in 2019: certainly operating only from 2020
    ("BR-SP", "solution-type/digital-identity", "2026-12-07", "higher-tier", "solution/BRA-fx-login"),
    ("BR-SP", "solution-type/digital-identity", "2019-06-01", "absent", ""),
    # the lead body needs the state's own act: a national digital-government law binding the states does not cover it
    ("BR-RJ", "governance-aspect/lead-body", "2026-12-07", "absent", ""),
    ("BR-RJ", "legal-topic/digital-government", "2026-12-07", "higher-tier", "law/BRA-law-2021-740"),
    # unknown at the state, covered from above
    ("BR-RJ", "legal-topic/privacy-data-protection", "2026-12-07", "higher-tier", "law/BRA-law-2018-700"),
    # before the national law entered into force, the unknown stays unknown
    ("BR-RJ", "legal-topic/privacy-data-protection", "2020-01-01", "unknown", ""),
    # unknown, and nothing above
    ("BR-MG", "legal-topic/e-procurement", "2026-12-07", "unknown", ""),
    # not assessed, covered from above; not assessed and nothing above
    ("BR-MG", "legal-topic/privacy-data-protection", "2026-12-07", "higher-tier", "law/BRA-law-2018-700"),
    ("BR-MG", "legal-topic/cloud-computing", "2026-12-07", "not-assessed", ""),
    # a municipality, covered by a national law binding the municipalities (two tiers up)
    ("BR-SP-3550308", "legal-topic/privacy-data-protection", "2026-12-07", "higher-tier", "law/BRA-law-2018-700"),
    # ... but not by one that binds the states only
    ("BR-SP-3550308", "legal-topic/access-to-information", "2026-12-07", "not-assessed", ""),
    # Mexico binds nothing below it in the fixture: a state's own law is its own
    ("MX-JAL", "legal-topic/access-to-information", "2026-12-07", "own", "law/MX-JAL-law-2013-900"),
]


@pytest.mark.parametrize("jurisdiction,aspect,on,coverage,by", COVERAGE)
def test_coverage_by_a_higher_tier_is_derived(store, graph, jurisdiction, aspect, on, coverage, by):
    want = {(coverage, ID + by if by else "")}
    assert _coverage(store, graph, jurisdiction, aspect, on) == (want, want)


def test_fixture_header_tabulates_the_cases():
    """The fixture's header table is its documentation: every case there is tested above."""
    header = DEMO_SUBNATIONAL.read_text(encoding="utf-8").split("# Build with")[0]
    tested = {(j, a.rsplit("/", 1)[1]) for j, a, on, *_ in COVERAGE if on == "2026-12-07"}
    for line in header.splitlines():
        parts = line.lstrip("#").split()
        if parts and "-" in parts[0] and parts[0][:2].isupper() and parts[0] != "jurisdiction":
            aspect = parts[2] if parts[1] == "soltype" else parts[1]
            assert (parts[0], aspect) in tested, line


def test_nested_fragments_and_cycles(tmp_path):
    (tmp_path / "a.rq").write_text("# signature: ?x -> ?y\nINCLUDE b(?x, ?y)\n")
    (tmp_path / "b.rq").write_text("# signature: ?x -> ?y\nINCLUDE a(?x, ?y)\n")
    with pytest.raises(UsageError, match="cycle"):
        fragments.expand("SELECT * WHERE { INCLUDE a(?s, ?o) }", directory=tmp_path)
    (tmp_path / "b.rq").write_text("# signature: ?x -> ?y\n?x ?_p ?y .\n")
    expanded = fragments.expand("SELECT * WHERE { INCLUDE a(?s, ?o) INCLUDE a(?o, ?z) }", directory=tmp_path)
    assert "INCLUDE" not in expanded and expanded.count("?s ?_p_1_1 ?o") == 1 and "?o ?_p_1_2 ?z" in expanded


# ------------------------------------------------------------------------------------------ codes
@pytest.mark.parametrize(
    "raw,iri,tier",
    [("ury", "country/URY", "national"), ("BR-SP", "jurisdiction/BR-SP", "subnational"), ("ar-x", "jurisdiction/AR-X", "subnational"),
     ("BR-SP-3550308", "jurisdiction/BR-SP-3550308", "municipal")],
)
def test_jurisdiction_codes(raw, iri, tier):
    code = parse_code(raw)
    assert (code.iri, code.tier) == (ID + iri, tier)


@pytest.mark.parametrize("raw", ["", "U1", "BRAZIL", "BR_SP", "BR-SP-12", "<x>"])
def test_bad_jurisdiction_codes(raw):
    with pytest.raises(UsageError, match="ISO 3166"):
        parse_code(raw)


def test_the_index_places_facts_by_their_iri(graph, store):
    for index in (index_from_graph(graph), index_from_store(store)):
        assert index.of_iri(ID + "body/BR-SP-fx-secretariat").code == "BR-SP"
        assert index.of_iri(ID + "jurisdiction/BR-SP-3550308").code == "BR-SP-3550308"
        assert index.of_iri(ID + "law/BRA-law-2018-700").code == "BRA"
        assert index.country(ID + "jurisdiction/BR-SP-3550308") == "BRA"
        assert index.of_iri(ID + "body/XX-YY-nothing") is None


# ------------------------------------------------------------------------------------------ queries
def _rows(store, slug, **params):
    return [{k: (v.value if v is not None else "") for k, v in r.items()} for r in run(store, find_query(slug), params).rows]


def test_country_parameters_take_a_code_at_either_tier(demo_store):
    assert {r["law"].rsplit("/", 1)[1] for r in _rows(demo_store, "laws", country="BR-SP")} == {"BR-SP-decree-2019-800", "BR-SP-decree-2020-810"}
    national = _rows(demo_store, "laws", country="BRA")
    assert {r["jurisdiction"] for r in national} == {"BRA"}
    both = _rows(demo_store, "laws", country="BRA", tier="all")
    assert {r["jurisdiction"] for r in both} == {"BRA", "BR-SP"} and both[0]["jurisdiction"] == "BRA"
    states = _rows(demo_store, "lead-agencies", tier="subnational")
    assert [(r["jurisdiction"], r["lead_body_status"]) for r in states] == [
        ("BR-MG", "not-assessed"), ("BR-RJ", "absent"), ("BR-SP", "present"), ("MX-JAL", "not-assessed")]
    assert all(r["country"] == r["jurisdiction"] for r in _rows(demo_store, "lead-agencies"))


def test_every_query_with_a_country_parameter_answers_for_a_state(demo_store):
    from mandato.queries import list_queries

    for query in list_queries():
        if query.param("country") is None:
            continue
        for row in run(demo_store, query, {"country": "BR-SP"}).rows:
            if "jurisdiction" in row and row["jurisdiction"] is not None:
                assert row["jurisdiction"].value in ("BR-SP", "BR-SP-3550308"), query.slug


@pytest.mark.parametrize("params,message", [({"country": "B-1"}, "ISO 3166"), ({"tier": "state"}, "tier"), ({"country": "URY; DROP"}, "ISO 3166")])
def test_bad_codes_and_tiers_are_usage_errors(demo_store, params, message):
    with pytest.raises(UsageError, match=message):
        run(demo_store, find_query("laws"), params)


def test_jurisdictions_without_a_lead_body(demo_store):
    rows = _rows(demo_store, "jurisdictions-without-lead-body")
    assert [(r["jurisdiction"], r["status"]) for r in rows] == [("BR-MG", "not-assessed"), ("BR-RJ", "absent"), ("MX-JAL", "not-assessed")]
    assert [r["jurisdiction"] for r in _rows(demo_store, "jurisdictions-without-lead-body", country="MEX")] == ["MX-JAL"]


def test_what_covers_a_topic_and_why(demo_store):
    rows = _rows(demo_store, "topic-coverage", country="BR-SP", aspect="topic:digital-signature")
    assert [(r["coverage"], r["candidate"].rsplit("/", 1)[1], r["binds_tier"], r["candidate_status"]) for r in rows] == [
        ("absent", "BRA-law-2001-720", "false", "in-force")]
    later = _rows(demo_store, "topic-coverage", country="BR-SP", aspect="cybersecurity", asOf="2027-02-01")
    assert [(r["coverage"], r["covered_by"].rsplit("/", 1)[1], r["candidate_status"]) for r in later] == [
        ("higher-tier", "BRA-law-2026-730", "in-force")]


def test_body_counts_by_tier(demo_store):
    rows = {(r["country"], r["tier"]): r for r in _rows(demo_store, "body-counts-by-tier", country="BRA")}
    assert (rows["BRA", "national"]["bodies"], rows["BRA", "subnational"]["jurisdictions"], rows["BRA", "subnational"]["jurisdictions_with_lead_body"]) == ("1", "3", "1")
    assert rows["BRA", "municipal"]["jurisdictions"] == "1"


# ------------------------------------------------------------------------------------------ gaps
@pytest.fixture(scope="module")
def findings(demo_store):
    from mandato.gaps import run_sparql_engine

    return run_sparql_engine(demo_store)


def _keys(findings, jurisdiction=None):
    return {(f.jurisdiction, f.rule, f.value.rsplit("/", 1)[-1]) for f in findings if jurisdiction in (None, f.jurisdiction)}


def test_a_gap_covered_from_above_is_not_reported(findings):
    sp = _keys(findings, "BR-SP")
    assert ("BR-SP", "BaselineTopicShape-absent", "digital-signature") in sp  # the national law does not bind the states
    assert ("BR-SP", "BaselineTopicShape-absent", "cybersecurity") in sp  # not yet in force
    assert ("BR-SP", "BaselineTopicShape-absent", "access-to-information") not in sp  # covered by the national law
    assert not any(rule == "SolutionTypeShape-absent" for _, rule, _ in sp)  # the national login serves the states


def test_a_rule_that_needs_the_state_own_act_is_reported_anyway(findings):
    rj = _keys(findings, "BR-RJ")
    assert ("BR-RJ", "LeadBodyShape-absent", "BR-RJ-aspect-lead-body") in rj
    assert ("BR-RJ", "BaselineTopicShape-absent", "digital-government") not in rj


def test_findings_carry_country_and_jurisdiction(findings):
    by_focus = {f.focus: f for f in findings}
    assert (by_focus[ID + "mandate/BR-SP-fx-secretariat-lead"].country, by_focus[ID + "mandate/BR-SP-fx-secretariat-lead"].jurisdiction) == ("BRA", "BR-SP")
    assert all(f.jurisdiction == f.country for f in findings if f.focus.startswith(ID + "country/"))


def test_filter_by_country_tier_and_state(findings):
    from mandato.gaps import filter_findings

    bra = filter_findings(findings, "BRA")
    assert {f.jurisdiction for f in bra} == {"BRA", "BR-SP", "BR-RJ", "BR-MG", "BR-SP-3550308"}
    assert {f.jurisdiction for f in filter_findings(findings, "bra", "national")} == {"BRA"}
    assert {f.jurisdiction for f in filter_findings(findings, "BR-SP")} == {"BR-SP", "BR-SP-3550308"}
    assert {f.jurisdiction for f in filter_findings(findings, None, "subnational")} == {"BR-SP", "BR-RJ", "BR-MG", "MX-JAL"}


def test_cli_gaps_country_and_tier(demo_build):
    code, out, err = run_cli("gaps", "--build", str(demo_build), "--country", "BR-RJ", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows and {(r["country"], r["jurisdiction"]) for r in rows} == {("BRA", "BR-RJ")}
    code, out, _ = run_cli("gaps", "--build", str(demo_build), "--country", "BRA", "--tier", "national", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("country,jurisdiction,rule") and ",BR-" not in out
    code, _, err = run_cli("gaps", "--build", str(demo_build), "--country", "BR-ZZ")
    assert code == 2 and "no such jurisdiction" in err and "Traceback" not in err


# ------------------------------------------------------------------------------------------ coverage
def test_coverage_of_the_subnational_tier(demo_store):
    from mandato.coverage import coverage, targets

    rows = {r.jurisdiction: r for r in coverage(demo_store, tier="subnational")}
    assert list(rows) == ["BR-MG", "BR-RJ", "BR-SP", "MX-JAL", "TOTAL"]
    sp = rows["BR-SP"]
    assert (sp.country, sp.assessed, sp.present, sp.absent, sp.lead_body, sp.higher_tier, sp.open) == ("BRA", 6, 2, 4, "present", 3, 23)
    assert (rows["BR-MG"].higher_tier, rows["BR-MG"].open) == (4, 26)
    lead, still_open, made_unknown = targets(list(rows.values()))
    assert (lead.measured, lead.of, lead.met) == (2, 4, False)
    assert (still_open.measured, still_open.of) == (sum(r.open for c, r in rows.items() if c != "TOTAL"), 120)
    assert sp.open_assessed == 0 and rows["TOTAL"].open_assessed == sum(r.open_assessed for c, r in rows.items() if c != "TOTAL")
    assert (made_unknown.measured, made_unknown.of) == (rows["TOTAL"].open_assessed, rows["TOTAL"].assessed)  # among the assessments made
    # --list unknown says which unknowns a higher tier covers: exactly the unknown-but-covered ones
    from mandato.coverage_render import render_list
    listed = render_list(list(rows.values()), "unknown").splitlines()[1:]
    covered = [line for line in listed if line.endswith("\tcovered by a higher tier")]
    assert len(listed) - len(covered) == rows["TOTAL"].open_assessed


def test_cli_coverage_tier(demo_build):
    code, out, err = run_cli("coverage", "--build", str(demo_build), "--tier", "subnational")
    assert code == 0, err
    assert out.splitlines()[0].startswith("jurisdiction") and "target: lead-body assessment not unknown: 2/4 (50.0%)" in out
    code, out, _ = run_cli("coverage", "--build", str(demo_build), "--format", "json")
    assert code == 0 and len(json.loads(out)) == 34
