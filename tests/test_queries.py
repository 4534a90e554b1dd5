"""Stored competency queries: headers, golden results on the fixture graph, safe parameter binding."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import TESTS
from mandato.errors import UsageError
from mandato.queries import find_query, list_queries, run
from mandato.render import render_result

GOLDEN = TESTS / "golden"
QUERIES = list_queries()

REQUIRED_COLUMNS = {
    "lead-agencies": ["country", "jurisdiction", "agency", "agency_label", "placement", "legal_basis", "legal_basis_label", "since", "validity", "lead_body_status"],
    "countries-without-lead-agency": ["country", "status"],
    "laws": ["country", "jurisdiction", "topic", "law", "title", "number", "date", "status", "gazette", "url"],
    "solutions": ["country", "jurisdiction", "solution_type", "solution", "label", "operator", "legal_basis"],
    "decision-powers": ["country", "jurisdiction", "agency", "power"],
    "jurisdictions-without-lead-body": ["country", "jurisdiction", "name", "status"],
    "topic-coverage": ["country", "jurisdiction", "scheme", "aspect", "coverage", "covered_by", "candidate", "candidate_jurisdiction", "binds_tier", "candidate_status"],
}


def test_at_least_20_competency_queries():
    assert len(QUERIES) >= 20


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.slug)
def test_header_has_title_and_question(query):
    assert query.title and query.question.endswith("?")


@pytest.mark.parametrize("slug,columns", sorted(REQUIRED_COLUMNS.items()))
def test_named_queries_return_their_columns(slug, columns, demo_store):
    result = run(demo_store, find_query(slug))
    assert result.columns == columns
    assert result.rows, f"{slug} returned no rows on the fixture graph"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.slug)
def test_golden_results(query, demo_store):
    golden = GOLDEN / f"{query.slug}.csv"
    assert golden.exists(), f"no golden file {golden.name}: run the query on the fixture build and review the output"
    got = render_result(run(demo_store, query), "csv")
    assert got == golden.read_text(encoding="utf-8")


def test_lead_agency_as_of_a_past_date_returns_the_predecessor(demo_store):
    result = run(demo_store, find_query("lead-agencies"), {"country": "URY", "asOf": "2003-06-30"})
    assert result.values("agency") == ["https://w3id.org/mandato/id/body/URY-fx-old-office"]
    today = run(demo_store, find_query("lead-agencies"), {"country": "ury"})
    assert today.values("agency") == ["https://w3id.org/mandato/id/body/URY-fx-agency"]


def test_lead_agencies_has_a_row_for_every_country(demo_store):
    rows = run(demo_store, find_query("lead-agencies")).rows
    assert len({r["country"].value for r in rows}) == 33
    by_country = {r["country"].value: r for r in rows}
    assert by_country["URY"]["agency"].value == "https://w3id.org/mandato/id/body/URY-fx-agency"
    assert by_country["HTI"].get("agency") is None and by_country["HTI"]["lead_body_status"].value == "absent"
    assert by_country["BRB"]["lead_body_status"].value == "not-assessed"  # no lead-body assessment in the fixture


def test_countries_without_lead_agency_separates_absent_from_unknown(demo_store):
    rows = {r["country"].value: r["status"].value for r in run(demo_store, find_query("countries-without-lead-agency")).rows}
    assert rows["HTI"] == "absent"
    assert rows["BRB"] == "unknown"
    assert "URY" not in rows and "CHL" not in rows


def test_a_law_not_in_force_is_not_listed(demo_store):
    """Law 500 enters into force on 2026-12-01: listed from that day, never before (issue 13)."""
    before = run(demo_store, find_query("laws"), {"country": "CHL", "asOf": "2026-11-30"}).values("law")
    assert "https://w3id.org/mandato/id/law/CHL-law-2024-500" not in before
    after = run(demo_store, find_query("laws"), {"country": "CHL", "asOf": "2026-12-01"}).values("law")
    assert "https://w3id.org/mandato/id/law/CHL-law-2024-500" in after
    assert "https://w3id.org/mandato/id/law/CHL-law-2002-400" in before


@pytest.mark.parametrize("value", ['URY> } ; DROP ALL #', "U R Y", "'; DELETE"])
def test_parameters_are_validated_not_pasted(value, demo_store):
    with pytest.raises(UsageError):
        run(demo_store, find_query("lead-agencies"), {"country": value})


def test_string_parameters_are_escaped(demo_store):
    """A hostile string stays one literal: the query still parses and simply matches nothing."""
    from mandato.store import Term, bind_values

    query = bind_values("SELECT ?x WHERE { BIND(?param_q AS ?x) }", {"param_q": Term("literal", '" } DROP ALL { "')})
    assert demo_store.select(query).values("x") == ['" } DROP ALL { "']


def test_unknown_query_and_parameter_are_usage_errors(demo_store):
    with pytest.raises(UsageError, match="unknown query"):
        find_query("no-such-query")
    with pytest.raises(UsageError, match="no parameter"):
        run(demo_store, find_query("laws"), {"colour": "blue"})


def test_updates_are_refused(demo_store):
    with pytest.raises(UsageError, match="refused"):
        demo_store.select("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(UsageError, match="refused"):
        demo_store.select("PREFIX x: <urn:x>\nDROP ALL")


def test_csv_output_parses_back(demo_store):
    text = render_result(run(demo_store, find_query("laws")), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["country"] for r in rows} == {"URY", "CHL", "BRA"}


def test_in_force_status_is_derivable_for_any_date(demo_store):
    q = find_query("laws-in-force-at")
    in_2003 = run(demo_store, q, {"country": "URY", "asOf": "2003-01-01"}).values("law")
    assert in_2003 == ["https://w3id.org/mandato/id/law/URY-decree-2000-5"]
    before = run(demo_store, q, {"country": "CHL", "asOf": "2026-11-30"}).values("law")
    after = run(demo_store, q, {"country": "CHL", "asOf": "2026-12-15"}).values("law")
    assert "https://w3id.org/mandato/id/law/CHL-law-2024-500" not in before
    assert "https://w3id.org/mandato/id/law/CHL-law-2024-500" in after
