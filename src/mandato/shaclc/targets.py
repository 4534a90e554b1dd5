"""The focus nodes of a shape: sh:targetNode, sh:targetClass (with subclasses), implicit class
targets, sh:targetSubjectsOf and sh:targetObjectsOf."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SH

from .terms import term


def has_targets(graph: Graph, shape) -> bool:
    return any(
        (shape, p, None) in graph for p in (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
    ) or _implicit_class(graph, shape)


def _implicit_class(graph: Graph, shape) -> bool:
    return (shape, RDF.type, RDFS.Class) in graph or (shape, RDF.type, OWL.Class) in graph


def target_pattern(graph: Graph, shape, var: str = "?this") -> str:
    """A SPARQL group pattern binding `var` to each focus node of the shape (may repeat nodes)."""
    branches = []
    nodes = sorted(graph.objects(shape, SH.targetNode), key=str)
    if nodes:
        branches.append(f"VALUES {var} {{ {' '.join(term(n) for n in nodes)} }}")
    classes = sorted(graph.objects(shape, SH.targetClass), key=str)
    if _implicit_class(graph, shape):
        classes.append(shape)
    for cls in classes:
        branches.append(f"{var} <{RDF.type}>/<{RDFS.subClassOf}>* {term(cls)} .")
    for prop in sorted(graph.objects(shape, SH.targetSubjectsOf), key=str):
        branches.append(f"{var} {term(prop)} [] .")
    for prop in sorted(graph.objects(shape, SH.targetObjectsOf), key=str):
        branches.append(f"[] {term(prop)} {var} .")
    if len(branches) == 1:
        return branches[0]
    return " UNION ".join("{ " + b + " }" for b in branches)
