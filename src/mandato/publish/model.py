"""The graph being published: the build's named graphs, stamped with the version, plus provenance.

Reads build/mandato.trig (through pyoxigraph, with blank nodes relabelled canonically so that every
output is byte-for-byte reproducible) and adds two publish-time graphs:
- graph/version: owl:versionIRI and owl:versionInfo of the ontology, from mandato.__version__;
- graph/provenance: one description per named graph (what it holds, where it came from, when it was
  built, how many triples), so the TriG dump carries its own provenance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, SKOS, VOID

from .. import __version__
from ..build import VERSION_GRAPH, read_manifest, version_graph
from ..errors import InputError, UsageError
from ..jurisdictions import Index, index_from_graph
from ..namespaces import BASE, GRAPH, ID, MD, curie
from ..paths import BUILD_TRIG, relative
from ..shacl import country_of
from .formats import to_oxigraph

PROVENANCE_GRAPH = URIRef(str(GRAPH) + "provenance")
DATASET = URIRef(BASE + "dataset")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
LANGUAGES = ("en", "es", "pt")
Node = URIRef | BNode | Literal


@dataclass
class Model:
    """Named graphs, their union, and the indexes the page generator needs."""

    graphs: dict[URIRef, Graph]
    version: str
    issued: date
    built: str
    graph: Graph = field(default_factory=Graph)
    out: dict = field(default_factory=lambda: defaultdict(list))
    inc: dict = field(default_factory=lambda: defaultdict(list))
    graphs_of: dict = field(default_factory=lambda: defaultdict(set))
    label_cache: dict = field(default_factory=dict)
    _jurisdictions: Index | None = None

    def __post_init__(self) -> None:
        for name in sorted(self.graphs):
            for s, p, o in self.graphs[name]:
                if (s, p, o) not in self.graph:
                    self.graph.add((s, p, o))
                    self.out[s].append((p, o))
                    self.inc[o].append((s, p))
                self.graphs_of[s].add(name)

    # ------------------------------------------------------------------ labels
    def labels(self, node: Node) -> dict[str, list[str]]:
        """Labels by language ('' for untagged), from skos:prefLabel, rdfs:label, dct:title."""
        found: dict[str, list[str]] = defaultdict(list)
        for prop in LABEL_PROPERTIES:
            for value in self.graph.objects(node, prop):
                if isinstance(value, Literal) and str(value) not in found[value.language or ""]:
                    found[value.language or ""].append(str(value))
        return {lang: sorted(values) for lang, values in sorted(found.items())}

    def label(self, node: Node, lang: str = "en") -> str:
        """The best label in ``lang`` (then en, es, pt, untagged, any), else the prefixed IRI."""
        labels = self.labels(node)
        for key in (lang, "en", "es", "pt", "", *labels):
            if labels.get(key):
                return labels[key][0]
        notation = self.graph.value(node, SKOS.notation)
        if notation is not None:
            return str(notation)
        return curie(str(node)) if isinstance(node, URIRef) else str(node)

    # ------------------------------------------------------------------ descriptions
    def cbd(self, node: Node, graph: Graph | None = None) -> Graph:
        """Concise bounded description: outgoing triples, following blank nodes."""
        out = graph if graph is not None else Graph()
        todo, seen = [node], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for p, o in self.out.get(current, ()):
                out.add((current, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
        return out

    def describe(self, node: URIRef) -> Graph:
        """What the Turtle and JSON-LD representation of a resource say: its CBD and its incoming links."""
        graph = self.cbd(node)
        for s, p in self.inc.get(node, ()):
            if isinstance(s, URIRef):
                graph.add((s, p, node))
        return graph

    def is_deprecated(self, node: URIRef) -> bool:
        return any(o.toPython() is True for o in self.graph.objects(node, OWL.deprecated) if isinstance(o, Literal))

    @property
    def jurisdictions(self) -> Index:
        """The countries and subnational jurisdictions of the graph, their codes, tiers and parents."""
        if self._jurisdictions is None:
            self._jurisdictions = index_from_graph(self.graph)
        return self._jurisdictions

    def country(self, node: URIRef) -> str:
        """ISO3 of the country a resource belongs to, at any tier ('' for regional or vocabulary IRIs)."""
        if (node, RDF.type, MD.Country) in self.graph:
            iso = self.graph.value(node, MD.iso3)
            return str(iso) if iso is not None else str(node).rsplit("/", 1)[-1]
        found = self.jurisdictions.of_iri(str(node))
        if found is not None and self.jurisdictions.country(found.iri):
            return self.jurisdictions.country(found.iri)
        return country_of(node, self.graph)

    def jurisdiction(self, node: URIRef) -> str:
        """The code of the jurisdiction a resource belongs to (the ISO3 for a national one, BR-SP...)."""
        found = self.jurisdictions.of_iri(str(node))
        return found.code if found is not None else self.country(node)

    def namespace_iris(self) -> set[str]:
        """Every IRI under https://w3id.org/mandato/ that occurs in the graph, or names a graph."""
        found = {str(name) for name in self.graphs}
        for triple in self.graph:
            for term in triple:
                if isinstance(term, URIRef) and str(term).startswith(BASE):
                    found.add(str(term))
        return found

    def countries(self) -> list[URIRef]:
        return sorted(s for s in self.graph.subjects(RDF.type, MD.Country) if isinstance(s, URIRef))


# ---------------------------------------------------------------------------------------- loading
def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value if term.datatype else None
    if datatype == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype) if datatype else None)


def canonical(graph: Graph) -> Graph:
    """The same graph with blank nodes labelled canonically (RDFC-1.0), for reproducible output."""
    dataset = ox.Dataset(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph()) for s, p, o in graph)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for quad in sorted(dataset, key=str):
        out.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object)))
    return out


def read_build(build_dir: Path) -> dict[URIRef, Graph]:
    """The named graphs of build/mandato.trig, blank nodes labelled canonically (RDFC-1.0)."""
    path = Path(build_dir) / BUILD_TRIG
    if not path.exists():
        raise UsageError(f"no build found at {relative(path)}: run `mandato build` first")
    try:
        dataset = ox.Dataset(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    except SyntaxError as exc:
        raise InputError(f"cannot read the build: {exc}", file=relative(path)) from exc
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    graphs: dict[URIRef, Graph] = defaultdict(Graph)
    terms: dict = {}

    def term(node):
        if node not in terms:
            terms[node] = _to_rdflib(node)
        return terms[node]

    for quad in dataset:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            raise InputError("the build has triples outside any named graph", file=relative(path))
        graphs[term(quad.graph_name)].add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return dict(graphs)


def load_model(build_dir: Path, issued: date, version: str = __version__) -> Model:
    graphs = read_build(build_dir)
    manifest = read_manifest(build_dir) or {}
    graphs[VERSION_GRAPH] = version_graph(version)
    graphs.pop(PROVENANCE_GRAPH, None)
    built = str(manifest.get("built", ""))
    graphs[PROVENANCE_GRAPH] = provenance_graph(graphs, manifest, built)
    return Model(graphs=graphs, version=version, issued=issued, built=built)


def source_of(graph_name: URIRef, manifest: dict) -> str | None:
    """The source file a named graph was built from, as listed in build/manifest.json."""
    suffix = str(graph_name)[len(str(GRAPH)):]
    for name in manifest.get("sources", {}):
        if name.rsplit(".", 1)[0] == suffix or name.rsplit(".", 1)[0].endswith("/" + suffix):
            return name
    return None


def provenance_graph(graphs: dict[URIRef, Graph], manifest: dict, built: str) -> Graph:
    """One prov:Entity per named graph: title, source file, country, triple count, build time."""
    out = Graph()
    countries = {str(s): s for g in graphs.values() for s in g.subjects(RDF.type, MD.Country)}
    for name in sorted(graphs):
        graph = graphs[name]
        suffix = str(name)[len(str(GRAPH)):]
        out.add((name, RDF.type, PROV.Entity))
        out.add((name, DCTERMS.isPartOf, DATASET))
        out.add((name, DCTERMS.license, CC_BY))
        out.add((name, VOID.triples, Literal(len(graph))))
        if built:
            out.add((name, PROV.generatedAtTime, Literal(built, datatype=XSD.dateTime)))
        source = source_of(name, manifest)
        shown = _shown_path(source) if source else None
        if source:
            out.add((name, DCTERMS.identifier, Literal(shown)))
            digest = manifest.get("sources", {}).get(source)
            if digest:
                out.add((name, DCTERMS.description, Literal(f"Built from {shown} (SHA-256 {digest}…).", lang="en")))
        datasets = sorted(s for s in set(graph.subjects(RDF.type, DCAT.Dataset)) | set(graph.subjects(RDF.type, MD.ImportedDataset)) if isinstance(s, URIRef))
        for dataset in datasets:
            out.add((name, PROV.wasDerivedFrom, dataset))
        country = countries.get(f"{ID}country/{suffix.rsplit('/', 1)[-1]}") if suffix.startswith("data/countries/") else None
        if country is not None:
            out.add((name, DCTERMS.spatial, country))
            title = f"Mandato data: {_label(graphs, country)}"
        elif name == VERSION_GRAPH:
            title = "Version stamp of the ontology (owl:versionIRI, owl:versionInfo)"
        elif name == URIRef(str(GRAPH) + "inferred"):
            title = "Classifications inferred by the OWL reasoner (HermiT)"
        elif datasets:
            title = f"Imported dataset: {_label(graphs, datasets[0], DCTERMS.title)}"
        else:
            title = f"Mandato source: {shown or suffix}"
        out.add((name, DCTERMS.title, Literal(title, lang="en")))
    out.add((PROVENANCE_GRAPH, RDF.type, PROV.Entity))
    out.add((PROVENANCE_GRAPH, DCTERMS.title, Literal("Provenance of the named graphs of this release", lang="en")))
    out.add((PROVENANCE_GRAPH, DCTERMS.isPartOf, DATASET))
    out.add((PROVENANCE_GRAPH, DCTERMS.license, CC_BY))
    return out


def _shown_path(source: str) -> str:
    """A source file as published: repository-relative, or imports/<file> for imported datasets."""
    path = Path(source)
    if not path.is_absolute():
        return source
    return f"imports/{path.name}" if path.parent.name == "imports" else path.name


def _label(graphs: dict[URIRef, Graph], node: URIRef, prop: URIRef = RDFS.label) -> str:
    for graph in graphs.values():
        for value in graph.objects(node, prop):
            if isinstance(value, Literal) and value.language == "en":
                return str(value)
    return str(node).rsplit("/", 1)[-1]


