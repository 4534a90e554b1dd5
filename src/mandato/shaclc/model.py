"""What a compiled constraint is: a SPARQL pattern with the variables that carry its result."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import SH

from .terms import Fresh


@dataclass
class Check:
    """One constraint of one shape, compiled.

    `pattern` is a SPARQL group content that has a solution for each violation, given `focus` bound
    (by the targets at the top level, by the enclosing pattern when nested). `value`, `path` and `key`
    are variables of the pattern (or None): the result's sh:value, a result path computed by the
    query (sh:closed, SPARQL ?path), and an extra variable that tells two results apart (sh:uniqueLang).
    `path_text` is the shape's own path (property shapes), in SPARQL syntax.
    """

    shape: object
    component: str
    pattern: str
    focus: str
    value: str | None = None
    path: str | None = None
    key: str | None = None
    path_text: str = ""
    path_node: object = None
    per_focus: object = None  # a SPARQL-based constraint that must be run once per focus node
    top_pattern: str | None = None  # an equivalent form for the top level (anti-join, aggregate), where `focus` is ?this


@dataclass
class Context:
    """The shapes graph being compiled, fresh variable names, the PREFIXes SPARQL constraints need,
    and the chain of shapes being expanded (recursive shapes are refused)."""

    graph: Graph
    fresh: Fresh = field(default_factory=Fresh)
    prefixes: dict[str, str] = field(default_factory=dict)
    stack: list = field(default_factory=list)
    optimise: bool = True  # FILTER NOT EXISTS -> MINUS where equivalent (sparql_based.anti_joins)

    def is_property_shape(self, shape) -> bool:
        return (shape, SH.path, None) in self.graph

    def deactivated(self, shape) -> bool:
        from .terms import is_true

        return is_true(self.graph.value(shape, SH.deactivated))
