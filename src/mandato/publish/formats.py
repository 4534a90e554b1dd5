"""Deterministic RDF serialisations: Turtle, N-Triples, RDF/XML, TriG and compact JSON-LD.

Turtle for pages comes from rdflib's canonical ``longturtle`` (sorted, nested blank nodes, canonical
prefixes); the whole-graph Turtle and TriG dumps come from pyoxigraph's writer on sorted triples
(ten times faster on the full graph, same triples). JSON-LD is written
here so that its output is sorted and uses the canonical prefixes as its context: a flat ``@graph``
of node objects, compact IRIs, typed and language-tagged values. Both parse back to the same graph
(checked at publish time and by the tests).
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from ..errors import InputError
from ..namespaces import PREFIXES

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def used_prefixes(graph: Graph) -> dict[str, str]:
    """The canonical prefixes whose namespaces the IRIs (and datatypes) of the graph use."""
    used: dict[str, str] = {}
    seen: set[str] = set()
    for triple in graph:
        for term in triple:
            iri = str(term.datatype) if isinstance(term, Literal) and term.datatype else str(term) if isinstance(term, URIRef) else None
            if iri and iri not in seen:
                seen.add(iri)
                for prefix, ns in _BY_LENGTH:
                    if iri.startswith(ns):
                        used[prefix] = ns
                        break
    return dict(sorted(used.items()))


def turtle(graph: Graph) -> str:
    """Canonical Turtle (rdflib longturtle), binding only the canonical prefixes the graph uses."""
    out = Graph(bind_namespaces="none")
    for triple in graph:
        out.add(triple)
    for prefix, ns in used_prefixes(graph).items():
        out.bind(prefix, ns, override=True, replace=True)
    text = out.serialize(format="longturtle")
    return text if text.endswith("\n") else text + "\n"


def rdfxml(graph: Graph) -> str:
    """Flat RDF/XML (one rdf:Description per subject, blank nodes by rdf:nodeID), triples in sorted order.

    rdflib writes subjects in the order its store holds them, so the triples are added sorted; every
    predicate must be expressible as a QName (ours and the standard vocabularies' are). rdflib's
    pretty-xml is not used: it drops the other triples of blank nodes that are list cells.
    """
    out = Graph(bind_namespaces="none")
    for triple in sorted(graph, key=lambda t: (_term_key(t[0]), _term_key(t[1]), _term_key(t[2]))):
        out.add(triple)
    for prefix, ns in used_prefixes(graph).items():
        out.bind(prefix, ns, override=True, replace=True)
    try:
        text = out.serialize(format="xml")
    except ValueError as exc:  # a predicate IRI that cannot be split into namespace and local name
        raise InputError(f"cannot write RDF/XML: {exc}") from exc
    return text if text.endswith("\n") else text + "\n"


# ------------------------------------------------------------------------------------------ dumps
def to_oxigraph(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def _term_key(term) -> tuple:
    return (0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2, str(term), getattr(term, "language", None) or "", str(getattr(term, "datatype", None) or ""))


def _sorted_triples(graph: Graph) -> list:
    return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in sorted(graph, key=lambda t: (_term_key(t[0]), _term_key(t[1]), _term_key(t[2])))]


def _with_sorted_header(data: bytes, prefixes: dict[str, str]) -> str:
    text = data.decode("utf-8")
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("@prefix "))
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()) + "\n" + body


def dump_turtle(graph: Graph) -> str:
    """The whole graph as Turtle, sorted by subject (pyoxigraph's writer)."""
    prefixes = used_prefixes(graph)
    return _with_sorted_header(ox.serialize(_sorted_triples(graph), format=ox.RdfFormat.TURTLE, prefixes=prefixes), prefixes)


def dump_trig(graphs: dict[URIRef, Graph]) -> str:
    """TriG with one block per named graph, sorted by graph name, then by subject."""
    union = Graph()
    quads = []
    for name in sorted(graphs):
        union += graphs[name]
        graph_name = ox.NamedNode(str(name))
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in _sorted_triples(graphs[name])]
    prefixes = used_prefixes(union)
    return _with_sorted_header(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes), prefixes)


def ntriples(graph: Graph) -> str:
    lines = sorted(f"{s.n3()} {p.n3()} {_nt_object(o)} .\n" for s, p, o in graph)
    return "".join(lines)


def _nt_object(o) -> str:
    if isinstance(o, Literal):
        text = json.dumps(str(o), ensure_ascii=False)[1:-1].replace("\\/", "/")
        if o.language:
            return f'"{text}"@{o.language}'
        if o.datatype and o.datatype != XSD.string:
            return f'"{text}"^^<{o.datatype}>'
        return f'"{text}"'
    return o.n3()


# ------------------------------------------------------------------------------------------ JSON-LD
class _Compactor:
    def __init__(self) -> None:
        self.used: dict[str, str] = {}
        self._by_length = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))

    def iri(self, iri: str) -> str:
        for prefix, ns in self._by_length:
            if iri.startswith(ns) and len(iri) > len(ns):
                suffix = iri[len(ns):]
                if suffix.startswith("//"):
                    continue
                self.used[prefix] = ns
                return f"{prefix}:{suffix}"
        return iri

    def context(self) -> dict[str, str]:
        return {prefix: self.used[prefix] for prefix in sorted(self.used)}


def _node_key(node) -> tuple:
    return (0 if isinstance(node, URIRef) else 1, str(node))


def _value(compact: _Compactor, o) -> dict:
    if isinstance(o, URIRef):
        return {"@id": compact.iri(str(o))}
    if isinstance(o, BNode):
        return {"@id": f"_:{o}"}
    if o.language:
        return {"@value": str(o), "@language": o.language}
    if o.datatype and o.datatype != XSD.string:
        return {"@value": str(o), "@type": compact.iri(str(o.datatype))}
    return {"@value": str(o)}


def _value_key(value: dict) -> tuple:
    return (value.get("@id", ""), value.get("@value", ""), value.get("@language", ""), value.get("@type", ""))


def jsonld_data(graph: Graph) -> dict:
    compact = _Compactor()
    nodes = []
    for subject in sorted(set(graph.subjects()), key=_node_key):
        node: dict = {"@id": compact.iri(str(subject)) if isinstance(subject, URIRef) else f"_:{subject}"}
        types = sorted(compact.iri(str(t)) for t in graph.objects(subject, RDF.type) if isinstance(t, URIRef))
        if types:
            node["@type"] = types
        properties: dict[str, list[dict]] = {}
        for p, o in graph.predicate_objects(subject):
            if p == RDF.type and isinstance(o, URIRef):
                continue
            properties.setdefault(compact.iri(str(p)), []).append(_value(compact, o))
        for key in sorted(properties):
            node[key] = sorted(properties[key], key=_value_key)
        nodes.append(node)
    return {"@context": compact.context(), "@graph": nodes}


def jsonld(graph: Graph) -> str:
    return json.dumps(jsonld_data(graph), indent=1, ensure_ascii=False) + "\n"


#: The writer of each per-resource representation other than HTML (see layout.REPRESENTATIONS).
WRITERS = {"ttl": turtle, "jsonld": jsonld, "nt": ntriples, "rdf": rdfxml}
