"""HermiT through owlready2: the ontology, and ontology plus data, are consistent; defined classes classify."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, URIRef

from conftest import DEMO
from mandato.catalog import load_sources
from mandato.namespaces import ID, MD
from mandato.rdfio import parse_turtle
from mandato.reasoning import ReasonerError, classify, java_available

pytestmark = [pytest.mark.reasoner, pytest.mark.skipif(not java_available(), reason="Java runtime required for HermiT")]


def test_ontology_alone_is_consistent(ontology):
    result = classify(ontology, Graph())
    assert result.consistent


def test_fixture_data_classifies_defined_classes(ontology):
    data = parse_turtle(DEMO).graph
    inferred = classify(ontology, data).inferred
    agency = URIRef(f"{ID}body/URY-fx-agency")
    assert (agency, RDF.type, MD.LeadDigitalGovernmentBody) in inferred
    assert (agency, RDF.type, MD.DecisionMakingBody) in inferred
    assert (agency, RDF.type, MD.SolutionOperator) in inferred
    division = URIRef(f"{ID}body/CHL-fx-division")
    assert (division, RDF.type, MD.LeadDigitalGovernmentBody) in inferred
    assert (division, RDF.type, MD.DecisionMakingBody) not in inferred
    assert (URIRef(f"{ID}mandate/URY-fx-agency-lead"), RDF.type, MD.LeadMandate) in inferred


def test_inconsistency_is_detected(ontology):
    data = parse_turtle(DEMO).graph
    law = URIRef(f"{ID}law/URY-law-2005-100")
    data.add((law, RDF.type, MD.Mandate))  # a legal instrument cannot be a mandate (disjoint classes)
    with pytest.raises(ReasonerError, match="inconsistent"):
        classify(ontology, data)


@pytest.fixture(scope="module")
def national():
    """The national data and HermiT's classification of it, computed once for the tests below."""
    sources = load_sources()
    return sources, classify(sources.ontology_graph(), sources.data_graph())


def test_full_data_is_consistent_and_materialised_by_build(national):
    _sources, result = national
    assert result.consistent
    assert result.individuals > 500
    leads = {s for s, _, o in result.inferred if o == MD.LeadDigitalGovernmentBody}
    assert len(leads) >= 25, "most countries' lead bodies should be classified"


def test_build_materialises_inferred_triples(demo_build):
    from rdflib import Dataset

    from mandato.build import INFERRED_GRAPH

    dataset = Dataset()
    dataset.parse(demo_build / "mandato.trig", format="trig")
    inferred = dataset.graph(INFERRED_GRAPH)
    assert (URIRef(f"{ID}body/URY-fx-agency"), RDF.type, MD.LeadDigitalGovernmentBody) in inferred


def _rules(ontology: Graph, data: Graph) -> set:
    from mandato.rules import inferred_graph, materialise
    from mandato.store import EmbeddedStore

    store = EmbeddedStore()
    store.load_graph(ontology, "urn:test:ontology")
    store.load_graph(data, "urn:test:data")
    materialise(store, ontology, "urn:test:inferred")
    return set(inferred_graph(store, ontology, "urn:test:inferred"))


@pytest.mark.parametrize("which", ["demo", "national"])
def test_rules_infer_exactly_what_hermit_infers(which, national):
    """The build's rule-based inference equals HermiT's classification of the defined classes."""
    from conftest import demo_data_files

    if which == "national":
        sources, result = national
    else:
        sources = load_sources(demo_data_files())
        result = classify(sources.ontology_graph(), sources.data_graph())
    data = sources.data_graph()
    hermit = set(result.inferred)
    assert hermit, "HermiT infers something on this data"
    assert _rules(sources.ontology_graph(), data) == hermit


def test_rules_cover_every_defined_class(ontology):
    from mandato.reasoning import DEFINED_CLASSES
    from mandato.rules import compile_rules

    assert {r.cls for r in compile_rules(ontology)} == set(DEFINED_CLASSES)


def test_build_with_hermit_checks_the_data(tmp_path):
    """`mandato build --hermit`: HermiT's consistency check of the data, on top of the rules."""
    from conftest import demo_data_files
    from mandato.build import build

    report = build(tmp_path / "b", data=demo_data_files(), hermit=True)
    assert report.inferred >= 9
