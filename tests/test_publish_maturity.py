"""The maturity instrument, assessments and suggestions on the published site and in the dumps (issue 12)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from mandato.build import build
from mandato.namespaces import MD
from mandato.paths import DATA_DIR, ROOT
from mandato.publish.site import publish

FIXTURES = ROOT / "tests" / "fixtures"
BASE = "https://w3id.org/mandato/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("maturity-site")
    data = [DATA_DIR / "jurisdictions.ttl", FIXTURES / "graph" / "demo.ttl", FIXTURES / "maturity" / "URY-2024.ttl", FIXTURES / "maturity" / "URY-2025.ttl",
            DATA_DIR / "maturity" / "eclac2025-example.ttl", DATA_DIR / "maturity" / "suggested" / "URY.ttl"]
    build(tmp / "build", reason=False, data=data)
    publish(tmp / "site", tmp / "build", site_url="https://mandato.example.org/", issued=date(2026, 12, 7), releases_dir=tmp / "releases")
    return tmp / "site"


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_instrument_assessments_and_suggestions_are_in_the_dumps(site):
    graph = Graph().parse(site / "dumps" / "mandato.ttl", format="turtle")
    assert len(set(graph.subjects(RDF.type, MD.MaturityVariable))) == 35
    assert (URIRef(BASE + "id/maturity/URY-2025"), RDF.type, MD.MaturityAssessment) in graph
    assert (URIRef(BASE + "id/maturity/URY-suggested"), RDF.type, MD.MaturitySuggestion) in graph
    trig = (site / "dumps" / "mandato.trig").read_text(encoding="utf-8")
    assert "graph/data/maturity/suggested/URY" in trig


def test_every_maturity_iri_has_its_pages(site):
    for path in ("vocab/maturity-model/1.2.1", "vocab/maturity-level/3", "vocab/maturity-model/index", "id/maturity/URY-2025",
                 "id/maturity/URY-2025-1.2.1", "id/maturity/URY-suggested", "id/maturity/URY-suggested-1.2.1", "id/maturity/eclac2025-example"):
        for ext in ("html", "ttl", "jsonld"):
            assert (site / f"{path}.{ext}").is_file(), f"{path}.{ext}"


def test_assessment_page_shows_scores_and_averages(site):
    page = text_of(site / "id" / "maturity" / "eclac2025-example.html")
    assert "Averages" in page and "Scores" in page
    assert "1.1 Strategic governance mm:1.1 1.50" in page and "1.3 Operational governance mm:1.3 3.25" in page


def test_suggestion_page_is_labelled_suggested(site):
    page = text_of(site / "id" / "maturity" / "URY-suggested.html")
    assert "Suggested levels" in page and "not an assessment" in page and "not informed by the graph" in page
    assert re.search(r"2\.1 Interoperability mm:2\.1 \d\.\d\d \(\d/4\)", page)


def test_overview_page_lists_assessments_and_suggestions_apart(site):
    page = text_of(site / "maturity" / "index.html")
    assessments, suggestions = page.split("Suggested profiles")
    assert "URY 2024" in assessments and "URY 2025" in assessments and "ECLAC example" in assessments
    assert "URY, suggested as of" in suggestions and "URY 2025" not in suggestions
    assert 'href="maturity/index.html"' in (site / "index.html").read_text(encoding="utf-8")
