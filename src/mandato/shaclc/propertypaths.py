"""SHACL property paths (predicate, inverse, sequence, alternative, zero/one-or-more) as SPARQL paths."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from .terms import Unsupported, rdf_list, term


def sparql_path(graph: Graph, node) -> str:
    """The SPARQL property path of a SHACL path node."""
    if isinstance(node, URIRef):
        return term(node)
    if not isinstance(node, BNode):
        raise Unsupported(f"not a SHACL path: {node!r}")
    kinds = [p for p in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath, RDF.first) if (node, p, None) in graph]
    if len(kinds) != 1:
        raise Unsupported("an ill-formed property path (a node with more than one kind of path)")
    if graph.value(node, SH.inversePath) is not None:
        return f"^({sparql_path(graph, graph.value(node, SH.inversePath))})"
    if graph.value(node, SH.alternativePath) is not None:
        members = rdf_list(graph, graph.value(node, SH.alternativePath))
        if len(members) < 2:
            raise Unsupported("sh:alternativePath needs at least two members")
        return "(" + "|".join(f"({sparql_path(graph, m)})" for m in members) + ")"
    for prop, operator in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(node, prop)
        if inner is not None:
            return f"({sparql_path(graph, inner)}){operator}"
    members = rdf_list(graph, node)
    if len(members) >= 2:
        return "(" + "/".join(f"({sparql_path(graph, m)})" for m in members) + ")"
    raise Unsupported("a property path the compiler does not recognise")


def path_key(graph: Graph, node) -> str:
    """A text that identifies a path whatever its blank nodes (for comparing results)."""
    try:
        return sparql_path(graph, node)
    except Unsupported:
        return str(node)
