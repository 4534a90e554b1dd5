"""Suggested maturity levels: the rule set on fixtures, dates, evidence, and the committed profiles (issue 12)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import SH

from conftest import run_cli
from mandato.catalog import ontology_files
from mandato.maturity.instrument import load_instrument
from mandato.maturity.ruleset import RULES
from mandato.maturity.suggest import SUGGESTED_DIR, averages, render, suggest, suggestion_graph
from mandato.namespaces import MD
from mandato.paths import DATA_DIR, ROOT, SHAPES_DIR
from mandato.rdfio import parse_turtle
from mandato.reconcile import source_store

FIXTURE = Path(__file__).parent / "fixtures" / "maturity" / "evidence.ttl"
ON = date(2026, 6, 30)
NOT_INFORMED = ["1.2.3", "1.3.3", "3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.3.1", "3.3.3", "3.3.4"]
N = None  # insufficient evidence
EXPECTED = {  # variable: (URY, PRY, HTI, BRB) as of 2026-06-30
    "1.1.1": (3, N, 1, N), "1.1.2": (3, N, 1, N), "1.1.3": (3, 2, 1, N), "1.1.4": (3, N, N, N),
    "1.2.1": (3, 2, 1, N), "1.2.2": (3, 2, 1, N), "1.2.4": (3, N, 1, N),
    "1.3.1": (3, 2, N, N), "1.3.2": (3, 2, N, N), "1.3.4": (3, N, N, N),
    "2.1.1": (3, 2, 1, N), "2.1.2": (3, 2, 1, N), "2.1.3": (3, 2, 1, N), "2.1.4": (3, 3, 1, N),
    "2.2.1": (3, 3, 1, N), "2.2.2": (3, 2, 1, N), "2.2.3": (3, N, 1, N), "2.2.4": (3, N, 1, N),
    "2.3.1": (3, 2, 1, N), "2.3.2": (3, 2, 1, N), "2.3.3": (3, 2, 1, N),
    "3.3.2": (3, 2, N, N),
}
COUNTRIES = ("URY", "PRY", "HTI", "BRB")


@pytest.fixture(scope="module")
def store():
    return source_store([*ontology_files(), DATA_DIR / "jurisdictions.ttl", FIXTURE])


def levels(store, on: date, *countries: str) -> dict[str, dict[str, int | None]]:
    return {s.country: {code: o.level for code, o in s.outcomes.items()} for s in suggest(store, on, list(countries))}


def test_rule_set_informs_22_variables_and_says_so_for_the_13_others():
    instrument = load_instrument()
    assert len(RULES) == 22 >= 12
    assert [c for c in instrument.codes if c not in RULES] == NOT_INFORMED


def test_rules_on_the_fixture(store):
    got = levels(store, ON, *COUNTRIES)
    for code, expected in EXPECTED.items():
        assert tuple(got[c][code] for c in COUNTRIES) == expected, code


def test_no_rule_suggests_level_4(store):
    for item in suggest(store, ON):
        assert all(o.level in (None, 1, 2, 3) for o in item.outcomes.values())


def test_every_suggestion_and_every_insufficient_one_gives_its_reason(store):
    for item in suggest(store, ON, list(COUNTRIES)):
        for code, outcome in item.outcomes.items():
            assert outcome.reason.endswith("."), (item.country, code)
            if outcome.level in (2, 3):
                assert outcome.facts, (item.country, code)


def test_level_1_needs_an_assessed_absence_by_that_date(store):
    before = levels(store, date(2025, 12, 31), "HTI")["HTI"]
    assert set(before.values()) == {None}
    after = levels(store, date(2026, 1, 15), "HTI")["HTI"]
    assert after["1.2.1"] == 1 and after["2.3.3"] == 1


def test_a_law_counts_only_from_its_entry_into_force(store):
    assert levels(store, date(2026, 8, 31), "PRY")["PRY"]["2.3.3"] == 2  # CSIRT only: the law is in force from 1 Sep 2026
    assert levels(store, date(2026, 9, 1), "PRY")["PRY"]["2.3.3"] == 3


def test_a_law_whose_in_force_status_is_unknown_is_no_evidence(store):
    facts = {o for s in suggest(store, ON, ["PRY"]) for o in s.outcomes["2.1.1"].facts}
    assert "https://w3id.org/mandato/id/law/PRY-law-2015-30" not in facts


def test_the_lead_body_is_judged_as_of_the_date(store):
    past = suggest(store, date(2018, 6, 30), ["PRY"])[0]
    assert past.outcomes["1.2.1"].level == 3
    assert "https://w3id.org/mandato/id/body/PRY-mx-old-office" in past.outcomes["1.2.1"].facts
    now = suggest(store, ON, ["PRY"])[0]
    assert "https://w3id.org/mandato/id/body/PRY-mx-ministry" in now.outcomes["1.2.1"].facts
    assert "https://w3id.org/mandato/id/body/PRY-mx-old-office" not in now.outcomes["1.2.1"].facts
    # a solution without a launch date counts from the date it was checked
    assert past.outcomes["2.2.1"].level is None and now.outcomes["2.2.1"].level == 3


def test_gap_findings_are_attached_where_they_bear(store):
    pry = suggest(store, ON, ["PRY"])[0]
    assert "SignatureLawShape-noPki" in {f.rule for f in pry.outcomes["2.3.2"].findings}
    semantic = [f for f in pry.outcomes["2.1.3"].findings if f.rule == "InteroperabilityShape-levels"]
    assert [f.value.rsplit("/", 1)[-1] for f in semantic] == ["semantic"]
    assert "InteroperabilityShape-legalFramework" in {f.rule for f in pry.outcomes["2.1.1"].findings}
    hti = suggest(store, ON, ["HTI"])[0]
    assert "LeadBodyShape-absent" in {f.rule for f in hti.outcomes["1.2.1"].findings}
    assert not {f.rule for f in hti.outcomes["2.3.3"].findings} & {"LeadBodyShape-absent"}


def test_every_gap_rule_named_by_the_rule_set_exists():
    shapes = (SHAPES_DIR / "gaps.ttl").read_text(encoding="utf-8")
    for rule in RULES.values():
        for gap in rule.gaps:
            assert f"mdsh:{gap.rule}\n" in shapes, gap.rule


def test_suggestion_rdf_is_typed_apart_from_assessments(store):
    item = suggest(store, ON, ["PRY"])[0]
    graph = suggestion_graph(item, load_instrument())
    node = URIRef("https://w3id.org/mandato/id/maturity/PRY-suggested")
    assert (node, RDF.type, MD.MaturitySuggestion) in graph and (node, RDF.type, MD.MaturityAssessment) not in graph
    assert len(set(graph.subjects(RDF.type, MD.SuggestedScore))) == 22
    assert not list(graph.subjects(RDF.type, MD.VariableScore))
    assert len(list(graph.objects(node, MD.notInformed))) == 13
    insufficient = URIRef(f"{node}-1.1.1")
    assert graph.value(insufficient, MD.maturityLevel) is None and graph.value(insufficient, MD.suggestionRule) is not None
    results = list(graph.subjects(RDF.type, SH.ValidationResult))
    assert results and all(graph.value(r, SH.sourceShape) is not None for r in results)


def test_suggested_averages_cover_informed_variables_only(store):
    item = suggest(store, ON, ["PRY"])[0]
    prof = averages(item, load_instrument())
    assert prof.components["2.1"] == (pytest.approx(2.25), 4)  # 2, 2, 2, 3
    assert "3.1" not in prof.components  # nothing informed in 3.1


def test_suggest_outputs_say_suggested(store):
    items = suggest(store, ON, ["HTI"])
    table = render(items, "table")
    assert table.startswith("SUGGESTED ECLAC maturity levels for HTI as of 2026-06-30") and "not an assessment" in table
    assert "not informed by the graph" in table
    csv_text = render(items, "csv")
    assert csv_text.splitlines()[0] == "country,as_of,code,status,suggested_level,rule,reason,facts,gap_findings"
    assert "HTI,2026-06-30,1.2.3,not-informed," in csv_text and "HTI,2026-06-30,1.2.1,suggested,1,R1.2.1," in csv_text
    import json

    data = json.loads(render(items, "json"))
    assert data["kind"] == "suggested" and data["variables"][4]["status"] == "suggested"


def test_suggest_cli_errors():
    code, _out, err = run_cli("maturity", "suggest", "XYZ")
    assert code == 2 and "unknown country code 'XYZ'" in err and "Traceback" not in err
    code, _out, err = run_cli("maturity", "suggest", "URY", "--as-of", "2026-02-30")
    assert code == 2 and "calendar date" in err
    code, _out, err = run_cli("maturity", "suggest")
    assert code == 2 and "--all" in err


def test_docs_describe_every_rule():
    text = (ROOT / "docs" / "maturity.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert re.search(rf"^\| {re.escape(code)} \|", text, re.MULTILINE), f"docs/maturity.md has no row for {rule.id}"
    for code in NOT_INFORMED:
        assert code in text


# ------------------------------------------------------------------------------- committed data
def test_suggested_profiles_are_committed_for_all_33_countries():
    files = sorted(SUGGESTED_DIR.glob("*.ttl"))
    countries = {str(s).rsplit("/", 1)[-1] for s in parse_turtle(DATA_DIR / "jurisdictions.ttl").graph.subjects(RDF.type, MD.Country)}
    assert {f.stem for f in files} == countries and len(files) == 33
    for path in files:
        graph = parse_turtle(path).graph
        node = URIRef(f"https://w3id.org/mandato/id/maturity/{path.stem}-suggested")
        assert str(graph.value(node, MD.jurisdiction)).endswith(f"/country/{path.stem}")
        scored = [s for s in graph.subjects(RDF.type, MD.SuggestedScore) if graph.value(s, MD.maturityLevel) is not None]
        assert scored, f"{path.name}: no suggested level"
        for score in scored:
            assert list(graph.objects(score, MD.justifiedBy)), f"{path.name}: {score} shows no evidence"


def test_committed_profiles_are_regenerable_from_the_sources():
    """`mandato maturity suggest --all --write --as-of D` on the current sources gives the committed files."""
    first = parse_turtle(next(SUGGESTED_DIR.glob("*.ttl"))).graph
    as_of = str(next(first.objects(None, MD.asOf)))
    for country in ("URY", "HTI"):
        code, out, err = run_cli("maturity", "suggest", country, "--as-of", as_of, "--format", "ttl")
        assert code == 0, err
        assert out == (SUGGESTED_DIR / f"{country}.ttl").read_text(encoding="utf-8"), f"{country}: regenerate with `mandato maturity suggest --all --write --as-of {as_of}`"
