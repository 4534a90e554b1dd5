"""Links to the world: the 33 countries to Wikidata, GeoNames and the EU country authority table
(data/links/, one named graph per target with its source), on the pages, in the dumps and counted
as VoID linksets."""

from __future__ import annotations

import re

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS, VOID

from mandato.importers import known_countries
from mandato.namespaces import ID, MD
from mandato.paths import DATA_DIR
from mandato.publish.linksets import TARGETS, linkset_iri
from mandato.publish.model import DATASET
from mandato.rdfio import parse_turtle

LINKS = DATA_DIR / "links"
PATTERNS = {
    "wikidata": r"^http://www\.wikidata\.org/entity/Q[1-9]\d*$",
    "geonames": r"^https://sws\.geonames\.org/[1-9]\d*/$",
    "eu-country": r"^http://publications\.europa\.eu/resource/authority/country/[A-Z]{3}$",
}


def links() -> Graph:
    graph = Graph()
    for path in LINKS.glob("*.ttl"):
        graph += parse_turtle(path).graph
    return graph


def test_every_country_links_once_to_each_target():
    graph = links()
    countries = {f"{ID}country/{code}" for code in known_countries()}
    assert len(countries) == 33
    for name, (space, _title, _home) in TARGETS.items():
        targets = {}
        for country in countries:
            found = [str(o) for o in graph.objects(URIRef(country), SKOS.exactMatch) if str(o).startswith(space)]
            assert len(found) == 1, (country, name, found)
            assert re.match(PATTERNS[name], found[0]), found[0]
            targets[found[0]] = country
        assert len(targets) == 33, f"two countries share a {name} target"
    for country in countries:  # the EU table's authority codes are the ISO 3166 codes
        code = country.rsplit("/", 1)[1]
        assert URIRef(TARGETS["eu-country"][0] + code) in set(graph.objects(URIRef(country), SKOS.exactMatch))


def test_each_links_graph_says_where_its_links_come_from():
    for path in sorted(LINKS.glob("*.ttl")):
        source = parse_turtle(path)
        graph_node = source.graph_iri
        assert list(source.graph.objects(graph_node, DCTERMS.source)), path.name
        assert source.graph.value(graph_node, MD.retrievedOn) is not None, path.name
        subjects = {s for s in source.graph.subjects() if s != graph_node}
        assert subjects and all(str(s).startswith(f"{ID}country/") for s in subjects), path.name


def test_links_are_on_the_pages_in_the_dumps_and_in_the_void_linksets(site):
    html = (site / "id" / "country" / "URY.html").read_text()
    assert "http://www.wikidata.org/entity/Q77" in html and "https://sws.geonames.org/3439705/" in html
    dump = Graph().parse(site / "dumps" / "mandato.nt", format="nt")
    assert (URIRef(f"{ID}country/URY"), SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q77")) in dump
    void = Graph().parse(site / "void.ttl", format="turtle")
    for name in TARGETS:
        linkset = linkset_iri(name, SKOS.exactMatch)
        assert (linkset, RDF.type, VOID.Linkset) in void
        assert int(void.value(linkset, VOID.triples)) == 33
        assert (DATASET, VOID.subset, linkset) in void
