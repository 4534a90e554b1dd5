"""Issue 13: time-dependent answers derived from dates at query time, never stored.

The fragments of queries/fragments/ are run on tests/fixtures/temporal/cases.ttl, on both engines
(Oxigraph and rdflib, the one pySHACL uses), for dates before, inside and after each fact.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from conftest import FIXTURES
from mandato import fragments
from mandato.derive import with_derived
from mandato.namespaces import sparql_prologue
from mandato.queries import find_query, run
from mandato.store import EmbeddedStore, Term

CASES = FIXTURES / "temporal" / "cases.ttl"
ID = "https://w3id.org/mandato/id/"
DATE = "http://www.w3.org/2001/XMLSchema#date"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return with_derived(Graph().parse(CASES))


@pytest.fixture(scope="module")
def store(graph) -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_ntriples(graph.serialize(format="nt"))
    return store


def _status(store, graph, fragment: str, iri: str, on: str) -> tuple[str, str]:
    text = sparql_prologue() + f"SELECT ?out WHERE {{ BIND(<{iri}> AS ?x) INCLUDE {fragment}(?x, ?param_at, ?out) }}"
    query = fragments.expand(text, constants={"param_at": Term("literal", on, DATE).n3()})
    oxigraph = [r["out"].value for r in store.select(query).rows if r["out"] is not None]
    rdflib = [str(r[0]) for r in graph.query(query) if r[0] is not None]
    return (oxigraph[0] if oxigraph else "", rdflib[0] if rdflib else "")


IN_FORCE = [
    ("law/XTA-law-2010-1", "2009-12-31", "not-yet-adopted"),
    ("law/XTA-law-2010-1", "2010-04-01", "not-yet-in-force"),
    ("law/XTA-law-2010-1", "2010-06-01", "in-force"),
    ("law/XTA-law-2025-2", "2025-06-01", "not-yet-in-force"),
    ("law/XTA-law-2025-2", "2026-12-07", "in-force"),  # checked before its entry into force: the date decides
    ("law/XTA-law-2001-3", "2015-01-01", "in-force"),
    ("law/XTA-law-2001-3", "2018-07-01", "repealed"),
    ("law/XTA-law-2012-4", "2011-01-01", "not-yet-adopted"),
    ("law/XTA-law-2012-4", "2015-01-01", "start-unknown"),  # existed, but not known to be in force yet
    ("law/XTA-law-2012-4", "2026-12-01", "in-force"),  # seen in force on 2026-11-22
    ("law/XTA-law-2019-5", "2019-06-30", "start-unknown"),  # in force some day of 2019
    ("law/XTA-law-2019-5", "2020-01-01", "in-force"),
    ("law/XTA-act-2008-6", "2020-01-01", "never-in-force"),
    ("law/XTA-act-2016-7", "2020-01-01", "unknown"),
]


@pytest.mark.parametrize("iri,on,want", IN_FORCE)
def test_in_force_is_derived_from_dates(store, graph, iri, on, want):
    assert _status(store, graph, "in-force", ID + iri, on) == (want, want)


VALIDITY = [
    ("mandate/XTA-old-lead", "2015-01-01", "valid"),
    ("mandate/XTA-old-lead", "2016-03-01", "ended"),
    ("mandate/XTA-old-lead", "2009-01-01", "not-yet"),
    ("mandate/XTA-new-lead", "2015-01-01", "not-yet"),  # its holder was founded in 2024
    ("mandate/XTA-new-lead", "2025-06-01", "start-unknown"),  # after the founding, before it was checked
    ("mandate/XTA-new-lead", "2026-12-07", "valid"),
    ("mandate/XTA-unit-coordination", "2019-01-01", "not-yet"),  # older than its legal basis
    ("mandate/XTA-unit-coordination", "2021-01-01", "start-unknown"),
    ("mandate/XTA-unit-standards", "2022-06-01", "valid"),
    ("mandate/XTA-unit-standards", "2023-06-01", "end-unknown"),
    ("mandate/XTA-unit-standards", "2024-01-01", "ended"),
    ("strategy/XTA-2021-2024", "2024-12-31", "valid"),  # a period's last year is included
    ("strategy/XTA-2021-2024", "2025-01-01", "ended"),
    ("strategy/XTA-2021-2024", "2021-06-01", "start-unknown"),
    ("strategy/XTA-2025", "2025-02-28", "not-yet"),
    ("strategy/XTA-2025", "2026-12-07", "valid"),
]


@pytest.mark.parametrize("iri,on,want", VALIDITY)
def test_validity_is_derived_from_dates(store, graph, iri, on, want):
    assert _status(store, graph, "validity", ID + iri, on) == (want, want)


def test_as_of_2015_never_returns_a_body_created_later(store):
    """The 2015 question lists the body that led then, and no undated later mandate as valid."""
    rows = run(store, find_query("lead-agencies"), {"country": "XTA", "asOf": "2015-01-01"}).rows
    assert [(r["agency"].value, r["validity"].value) for r in rows] == [(ID + "body/XTA-old", "valid")]


def test_start_unknown_is_returned_separately(store):
    rows = run(store, find_query("lead-agencies"), {"country": "XTA", "asOf": "2025-06-01"}).rows
    assert [(r["agency"].value, r["validity"].value) for r in rows] == [(ID + "body/XTA-new", "start-unknown")]


def test_today_is_the_default_as_of(store, monkeypatch):
    monkeypatch.setenv("MANDATO_TODAY", "2026-12-07")
    rows = run(store, find_query("lead-agencies"), {"country": "XTA"}).rows
    assert [(r["agency"].value, r["validity"].value) for r in rows] == [(ID + "body/XTA-new", "valid")]


def test_laws_in_force_at_lists_start_unknown_apart(store):
    rows = run(store, find_query("laws-in-force-at"), {"country": "XTA", "asOf": "2015-01-01"}).rows
    got = {(r["law"].value.rsplit("/", 1)[1], r["status"].value) for r in rows}
    assert got == {("XTA-law-2010-1", "in-force"), ("XTA-law-2001-3", "in-force"), ("XTA-law-2012-4", "start-unknown")}


@pytest.mark.parametrize("value", ["2024-13-45", "2015-02-30", "2015-1-1", "yesterday"])
def test_impossible_dates_are_refused(store, value):
    from mandato.errors import UsageError

    with pytest.raises(UsageError, match="date"):
        run(store, find_query("lead-agencies"), {"asOf": value})


def test_an_unexpanded_include_fails_loudly(store):
    from mandato.errors import UsageError

    with pytest.raises(UsageError):
        store.select("SELECT ?x WHERE { INCLUDE validity(?m, ?at, ?x) }")


def test_unknown_fragment_is_a_clear_error():
    from mandato.errors import UsageError

    with pytest.raises(UsageError, match="unknown fragment 'nope'"):
        fragments.expand("SELECT * WHERE { INCLUDE nope(?a) }")
