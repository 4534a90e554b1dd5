"""RDF terms as SPARQL text, fresh variables and RDF lists, for the SHACL compiler."""

from __future__ import annotations

import json
from itertools import count

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD


class Unsupported(Exception):
    """A shape the compiler cannot translate faithfully: the runner hands it to pySHACL."""


def term(node) -> str:
    """An RDF term of the shapes graph as a SPARQL constant (blank nodes cannot be constants)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = json.dumps(str(node), ensure_ascii=False)
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype and node.datatype != XSD.string:
            return f"{text}^^<{node.datatype}>"
        return text
    if isinstance(node, BNode):
        raise Unsupported("a blank node used as a constant (SPARQL has no blank-node constants)")
    raise Unsupported(f"unexpected term {node!r}")


def string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


class Fresh:
    """Fresh variable names, so nested patterns never capture each other's variables."""

    def __init__(self, prefix: str = "v") -> None:
        self._counter = count(1)
        self.prefix = prefix

    def __call__(self, hint: str = "") -> str:
        return f"?_{self.prefix}{next(self._counter)}{hint}"


def rdf_list(graph: Graph, node) -> list:
    if node is None:
        return []
    if node == RDF.nil:
        return []
    return list(Collection(graph, node))


def is_true(value) -> bool:
    """SHACL's boolean parameters are on only for the literal true ("1"^^xsd:boolean does not count)."""
    return isinstance(value, Literal) and value.datatype == XSD.boolean and str(value) == "true"
