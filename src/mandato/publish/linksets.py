"""VoID linksets: the links from Mandato's resources to other datasets (Wikidata, GeoNames, the EU
country authority table), counted from the published graph.

A link is a skos:exactMatch, skos:closeMatch or owl:sameAs triple whose subject is a Mandato IRI and
whose object lies in a target's URI space. Each target and link predicate gives one void:Linkset,
a subset of the dataset, with its void:triples.
"""

from __future__ import annotations

from collections import Counter

from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS, VOID

from ..namespaces import BASE
from .model import DATASET, Model

#: target: (URI space, title, homepage)
TARGETS = {
    "wikidata": ("http://www.wikidata.org/entity/", "Wikidata", "https://www.wikidata.org/"),
    "geonames": ("https://sws.geonames.org/", "GeoNames", "https://www.geonames.org/"),
    "eu-country": ("http://publications.europa.eu/resource/authority/country/", "EU country authority table", "http://publications.europa.eu/resource/authority/country"),
}
LINK_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, OWL.sameAs)


def link_counts(graph: Graph) -> Counter:
    """(target, predicate) -> number of link triples in the graph."""
    counts: Counter = Counter()
    for predicate in LINK_PREDICATES:
        for s, o in graph.subject_objects(predicate):
            if not (isinstance(s, URIRef) and str(s).startswith(BASE) and isinstance(o, URIRef)):
                continue
            for name, (space, _title, _home) in TARGETS.items():
                if str(o).startswith(space):
                    counts[(name, predicate)] += 1
    return counts


def _local(predicate: URIRef) -> str:
    return str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def linkset_iri(name: str, predicate: URIRef) -> URIRef:
    return URIRef(f"{DATASET}#linkset-{name}-{_local(predicate)}")


def target_iri(name: str) -> URIRef:
    return URIRef(f"{DATASET}#target-{name}")


def add_linksets(void: Graph, model: Model) -> None:
    for (name, predicate), count in sorted(link_counts(model.graph).items()):
        space, title, home = TARGETS[name]
        linkset, target = linkset_iri(name, predicate), target_iri(name)
        void.add((DATASET, VOID.subset, linkset))
        void.add((linkset, RDF.type, VOID.Linkset))
        void.add((linkset, DCTERMS.title, Literal(f"Links to {title} ({_local(predicate)})", lang="en")))
        void.add((linkset, VOID.subjectsTarget, DATASET))
        void.add((linkset, VOID.objectsTarget, target))
        void.add((linkset, VOID.linkPredicate, predicate))
        void.add((linkset, VOID.triples, Literal(count)))
        void.add((target, RDF.type, VOID.Dataset))
        void.add((target, DCTERMS.title, Literal(title, lang="en")))
        void.add((target, FOAF.homepage, URIRef(home)))
        void.add((target, VOID.uriSpace, Literal(space)))


def check_linksets(void: Graph, model: Model) -> list[str]:
    """Every link of the graph is counted in its linkset."""
    problems = []
    for (name, predicate), count in link_counts(model.graph).items():
        declared = void.value(linkset_iri(name, predicate), VOID.triples)
        if declared is None or int(declared) != count:
            problems.append(f"the linkset to {name} ({_local(predicate)}) declares {declared} triples, the graph has {count}")
    return problems
