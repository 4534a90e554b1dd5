"""The focus nodes of a shape: sh:targetNode, sh:targetClass (with subclasses), implicit class
targets, sh:targetSubjectsOf and sh:targetObjectsOf."""

from __future__ import annotations

import re
from collections.abc import Callable

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
        branches.append(class_target(var, term(cls)))
    for prop in sorted(graph.objects(shape, SH.targetSubjectsOf), key=str):
        branches.append(f"{var} {term(prop)} [] .")
    for prop in sorted(graph.objects(shape, SH.targetObjectsOf), key=str):
        branches.append(f"[] {term(prop)} {var} .")
    if len(branches) == 1:
        return branches[0]
    return " UNION ".join("{ " + b + " }" for b in branches)


def class_target(var: str, cls: str) -> str:
    """The instances of a class and of its subclasses (rdfs:subClassOf* written as its two cases).

    Before a run, `with_class_hierarchy` replaces this form by the classes themselves, read from the
    store: Virtuoso 7 drops rows when a subClassOf path over the target is joined with the shape's
    patterns (with a zero-or-more path, and with a one-or-more path next to OPTIONALs)."""
    return f"{{ {var} <{RDF.type}> {cls} }} UNION {{ {var} <{RDF.type}>/<{RDFS.subClassOf}>+ {cls} }}"


_CLASS_TARGET = re.compile(
    r"\{ (\?\w+) <" + re.escape(str(RDF.type)) + r"> (<[^<>\s]+>) \} UNION \{ \1 <" + re.escape(str(RDF.type))
    + r">/<" + re.escape(str(RDFS.subClassOf)) + r">\+ \2 \}"
)


def with_class_hierarchy(query: str, subclasses: Callable[[str], list[str] | None]) -> str:
    """The query with every class target written as `VALUES ?class { C S1 S2 ... } ?node a ?class`,
    where S1, S2 ... are the subclasses of C that `subclasses(C)` finds in the data (the same focus
    nodes as the path form, as SHACL reads the class hierarchy from the data graph). Where
    `subclasses(C)` is None (a blank-node subclass, which VALUES cannot name) the path form stays."""

    def values(match: re.Match) -> str:
        var, cls = match.group(1), match.group(2)
        found = subclasses(cls[1:-1])
        if found is None:
            return match.group(0)
        classes = " ".join(dict.fromkeys([cls, *(f"<{c}>" for c in found)]))
        return f"{{ VALUES ?_target_class {{ {classes} }} {var} <{RDF.type}> ?_target_class }}"

    return _CLASS_TARGET.sub(values, query)
