"""The committed data: 33 countries, every file conforms, every topic/solution/aspect assessed."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import SKOS

from mandato.build import integrity_errors
from mandato.catalog import load_sources
from mandato.namespaces import MD
from mandato.paths import COUNTRIES_DIR

ISO3 = "ARG ATG BHS BLZ BOL BRA BRB CHL COL CRI CUB DMA DOM ECU GRD GTM GUY HND HTI JAM KNA LCA MEX NIC PAN PER PRY SLV SUR TTO URY VCT VEN".split()


@pytest.fixture(scope="module")
def sources():
    return load_sources(include_imports=False)


def test_one_file_per_country():
    assert sorted(p.stem for p in COUNTRIES_DIR.glob("*.ttl")) == ISO3


def test_committed_data_conforms_to_the_integrity_shapes(sources):
    errors = integrity_errors(sources)
    assert not errors, "\n".join(errors[:50])


def test_every_country_assesses_every_topic_solution_type_and_aspect(sources):
    ontology, data = sources.ontology_graph(), sources.data_graph()
    aspects = {c for c in ontology.subjects(SKOS.inScheme, None) if ontology.value(c, SKOS.inScheme) in (MD.LegalTopicScheme, MD.SolutionTypeScheme, MD.GovernanceAspectScheme)}
    assert len(aspects) == 30
    missing = []
    for code in ISO3:
        country = URIRef(f"https://w3id.org/mandato/id/country/{code}")
        assessed = {data.value(a, MD.aspect) for a in data.subjects(MD.jurisdiction, country) if (a, RDF.type, MD.Assessment) in data}
        if aspects - assessed:
            missing.append(f"{code}: {len(aspects - assessed)} not assessed")
    assert not missing, missing


def test_every_country_has_a_current_lead_body_or_an_assessment_of_it(sources):
    data = sources.data_graph()
    lead = URIRef("https://w3id.org/mandato/vocab/mandate-type/lead-digital-government")
    with_lead = set()
    for m in data.subjects(MD.mandateType, lead):
        if data.value(m, MD.validUntil) is None:
            holder = data.value(m, MD.holder)
            with_lead.add(str(data.value(holder, MD.jurisdiction)).rsplit("/", 1)[-1])
    assessed = {str(data.value(a, MD.jurisdiction)).rsplit("/", 1)[-1] for a in data.subjects(MD.aspect, URIRef("https://w3id.org/mandato/vocab/governance-aspect/lead-body"))}
    assert set(ISO3) <= with_lead | assessed


def test_retrieved_dates_are_not_in_the_future(sources):
    data = sources.data_graph()
    dates = Counter(str(d) for d in data.objects(None, MD.retrievedOn))
    assert all(d <= "2026-12-31" for d in dates), dates
