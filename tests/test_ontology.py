"""Ontology QC: each queries/qc/*-violation.rq must return no rows over ontology + shapes + data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mandato.catalog import ontology_files
from mandato.paths import QC_DIR, SHAPES_DIR
from mandato.queries import parse_query_file
from mandato.rdfio import parse_turtle
from mandato.render import render_result
from mandato.store import EmbeddedStore

QC = sorted(Path(QC_DIR).glob("*-violation.rq"))


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    graph = Graph()
    for path in [*ontology_files(), *sorted(Path(SHAPES_DIR).glob("*.ttl"))]:
        graph += parse_turtle(path).graph
    graph += parse_turtle(Path(__file__).parent / "fixtures" / "graph" / "demo.ttl").graph
    store = EmbeddedStore()
    store.load_ntriples(graph.serialize(format="nt"))
    return store


def test_there_are_qc_queries():
    assert len(QC) >= 6


@pytest.mark.parametrize("path", QC, ids=lambda p: p.stem)
def test_qc_query_returns_no_rows(path, store):
    query = parse_query_file(path)
    result = store.select(query.text)
    assert not result.rows, f"{query.title}:\n{render_result(result)}"


def test_qc_catches_a_term_without_definition(store):
    """The QC queries can fail: an undocumented class is reported."""
    bad = EmbeddedStore()
    bad.load_ntriples("<https://w3id.org/mandato/ontology#Bogus> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> .\n")
    query = parse_query_file(Path(QC_DIR) / "term-missing-definition-violation.rq")
    assert bad.select(query.text).values("term") == ["https://w3id.org/mandato/ontology#Bogus"]


def test_every_legal_topic_and_solution_type_required_by_the_issue_exists(store):
    topics = store.select("SELECT ?n WHERE { ?c skos:inScheme md:LegalTopicScheme ; skos:notation ?n }").values("n")
    assert len(topics) == 16
    baseline = store.select("SELECT ?n WHERE { md:BaselineLegalTopics skos:member/skos:notation ?n }").values("n")
    advanced = store.select("SELECT ?n WHERE { md:AdvancedLegalTopics skos:member/skos:notation ?n }").values("n")
    assert len(baseline) == 6 and len(advanced) == 9
    soltypes = store.select("SELECT ?n WHERE { ?c skos:inScheme md:SolutionTypeScheme ; skos:notation ?n }").values("n")
    assert len(soltypes) == 11
    powers = store.select("SELECT ?n WHERE { ?c skos:broader mtype:decision-making-power ; skos:notation ?n }").values("n")
    assert sorted(powers) == ["approve-initiatives", "enforce-standards", "mandate-external-reviews", "provide-financial-support"]
