"""The committed data for Brazil's 27 first-level jurisdictions (issue 14): one file per state, the lead body
and the baseline topics assessed for each, and the national laws whose scope binds the states."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, URIRef

from mandato.catalog import load_sources
from mandato.namespaces import MD
from mandato.paths import SUBNATIONAL_DIR

ID = "https://w3id.org/mandato/id/"
VOCAB = "https://w3id.org/mandato/vocab/"
SUBNATIONAL = URIRef(VOCAB + "governance-tier/subnational")
LEAD = URIRef(VOCAB + "mandate-type/lead-digital-government")
ASSESSED_IN_EVERY_STATE = [
    VOCAB + "governance-aspect/lead-body",
    VOCAB + "legal-topic/digital-government",
    VOCAB + "legal-topic/access-to-information",
    VOCAB + "legal-topic/privacy-data-protection",
    VOCAB + "legal-topic/digital-signature",
    VOCAB + "legal-topic/cybersecurity",
    VOCAB + "legal-topic/e-procurement",
]


@pytest.fixture(scope="module")
def codes() -> list[str]:
    listing = Graph().parse(SUBNATIONAL_DIR / "BRA.ttl")
    return sorted(str(c) for c in listing.objects(None, MD.subdivisionCode))


@pytest.fixture(scope="module")
def data() -> Graph:
    return load_sources(include_imports=False).data_graph()


def test_one_file_per_brazilian_state(codes):
    assert len(codes) == 27
    assert sorted(p.stem for p in (SUBNATIONAL_DIR / "BRA").glob("*.ttl")) == codes


def test_each_state_file_describes_only_its_own_jurisdiction(codes):
    for code in codes:
        g = Graph().parse(SUBNATIONAL_DIR / "BRA" / f"{code}.ttl")
        jurisdictions = {str(o) for o in g.objects(None, MD.jurisdiction)}
        assert jurisdictions == {f"{ID}jurisdiction/{code}"}, code


def test_every_state_assesses_its_lead_body_and_the_baseline_topics(codes, data):
    missing = []
    for code in codes:
        state = URIRef(f"{ID}jurisdiction/{code}")
        assessed = {str(data.value(a, MD.aspect)) for a in data.subjects(MD.jurisdiction, state) if (a, RDF.type, MD.Assessment) in data}
        missing += [f"{code}: {aspect.rsplit('/', 1)[-1]}" for aspect in ASSESSED_IN_EVERY_STATE if aspect not in assessed]
    assert not missing, missing


def test_lead_body_is_settled_for_at_least_90_percent_of_the_states(codes, data):
    settled = 0
    for code in codes:
        a = URIRef(f"{ID}assessment/{code}-aspect-lead-body")
        if data.value(a, MD.status) != URIRef(VOCAB + "assessment-status/unknown"):
            settled += 1
    assert settled / len(codes) >= 0.9, f"{settled} of {len(codes)}"


def test_a_present_lead_body_holds_a_current_lead_mandate(codes, data):
    for code in codes:
        a = URIRef(f"{ID}assessment/{code}-aspect-lead-body")
        if data.value(a, MD.status) != URIRef(VOCAB + "assessment-status/present"):
            continue
        body = data.value(a, MD.evidence)
        current = [m for m in data.subjects(MD.holder, body) if data.value(m, MD.mandateType) == LEAD and data.value(m, MD.validUntil) is None]
        assert current, f"{code}: {body} has no current lead mandate"


@pytest.mark.parametrize("law", ["BRA-law-2011-12527", "BRA-law-2018-13709", "BRA-law-2020-14063", "BRA-law-2021-14133"])
def test_national_laws_whose_scope_binds_the_states_say_so(data, law):
    assert (URIRef(f"{ID}law/{law}"), MD.appliesToTier, SUBNATIONAL) in data


def test_the_digital_government_law_binds_the_states_only_through_their_own_acts(data):
    assert (URIRef(f"{ID}law/BRA-law-2021-14129"), MD.appliesToTier, SUBNATIONAL) not in data
