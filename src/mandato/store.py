"""One small store interface for the CLI, the gap report and the explorer.

Two implementations answer the same SPARQL text: the embedded pyoxigraph store (default, loaded from
build/mandato.trig) and any remote SPARQL 1.1 endpoint through SPARQLWrapper. Parameters are bound by
appending a VALUES clause built from typed RDF terms, never by pasting user text into the query.
The default graph is the union of the named graphs (remote servers must be configured likewise,
e.g. `oxigraph serve --union-default-graph`).
"""

from __future__ import annotations

import json
import re
import socket
from abc import ABC, abstractmethod
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import EndpointError, InputError, UsageError
from .namespaces import PREFIXES, sparql_prologue
from .paths import BUILD_DIR, BUILD_TRIG, relative

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass
class Term:
    """An RDF term as the store returns it: kind 'iri', 'literal' or 'bnode'."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def n3(self) -> str:
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = json.dumps(self.value, ensure_ascii=False)
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype and self.datatype != "http://www.w3.org/2001/XMLSchema#string":
            return f"{text}^^<{self.datatype}>"
        return text


@dataclass
class Result:
    columns: list[str]
    rows: list[dict[str, Term | None]] = field(default_factory=list)

    def values(self, column: str) -> list[str]:
        return [str(r[column]) for r in self.rows if r.get(column) is not None]


_WHERE_OPEN = re.compile(r"\b(WHERE\s*\{|ASK\s*\{)", re.IGNORECASE)


def values_block(bindings: dict[str, Term]) -> str:
    """An inline VALUES block binding each variable to one typed term."""
    names = sorted(bindings)
    for name in names:
        if not name.isidentifier():
            raise UsageError(f"invalid parameter name {name!r}")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(bindings[n].n3() for n in names)
    return f" VALUES ({head}) {{ ({row}) }} "


def bind_values(query: str, bindings: dict[str, Term] | None) -> str:
    """Bind variables by an inline VALUES block at the start of the outermost WHERE group.

    Inside the group the values are visible to its FILTERs (a trailing VALUES clause would only be
    joined afterwards). The terms are typed and escaped: no user text is pasted into the query.
    """
    if not bindings:
        return query
    match = _WHERE_OPEN.search(query)
    if not match:
        raise UsageError("a query with parameters needs a 'WHERE {' (or 'ASK {') group to bind them in")
    return query[: match.end()] + values_block(bindings) + query[match.end():]


def with_prologue(query: str) -> str:
    """Add the canonical PREFIX lines the query uses but does not declare."""
    declared = {line.split()[1].rstrip(":") for line in query.splitlines() if line.strip().upper().startswith("PREFIX")}
    needed = {p: ns for p, ns in PREFIXES.items() if f"{p}:" in query and p not in declared}
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(needed.items())) + query


def _query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword outside comments and strings."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|<[^>\s]*>', " ", query)
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"


def is_update(query: str) -> bool:
    """True for SPARQL Update requests (they are refused everywhere)."""
    body = "\n".join(l for l in query.splitlines() if not l.strip().upper().startswith(("PREFIX", "BASE", "#")))
    first = body.strip().split(None, 1)[0].upper() if body.strip() else ""
    return first in UPDATE_KEYWORDS


class Store(ABC):
    """The interface: SELECT/ASK/CONSTRUCT over the union of all named graphs."""

    @abstractmethod
    def select(self, query: str, bindings: dict[str, Term] | None = None, timeout: float | None = None) -> Result:
        """Run a SELECT or ASK query, with variables bound by an inline VALUES block."""

    @abstractmethod
    def construct_ntriples(self, query: str) -> str:
        """Run a CONSTRUCT query and return its triples as N-Triples."""


def _term(node) -> Term | None:
    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return Term("iri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    return Term("literal", node.value, node.datatype.value if node.datatype else None, node.language)


def _ox(node):
    from rdflib import BNode, Literal

    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
    return ox.NamedNode(str(node))


class EmbeddedStore(Store):
    """pyoxigraph in memory, loaded from TriG, N-Quads or Turtle."""

    def __init__(self) -> None:
        self.store = ox.Store()

    @classmethod
    def from_build(cls, build_dir: Path = BUILD_DIR) -> "EmbeddedStore":
        path = Path(build_dir) / BUILD_TRIG
        if not path.exists():
            raise UsageError(f"no build found at {relative(path)}: run `mandato build` first")
        store = cls()
        store.load_file(path)
        return store

    def load_file(self, path: Path, graph: str | None = None) -> None:
        fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}[Path(path).suffix]
        try:
            self.store.bulk_load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph) if graph else None)
        except SyntaxError as exc:
            raise InputError(f"cannot load: {exc}", file=relative(path)) from exc

    def load_ntriples(self, text: str, graph: str | None = None) -> None:
        self.store.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph) if graph else ox.DefaultGraph())

    def load_graph(self, graph, to_graph: str | None = None) -> None:
        """Add an rdflib graph, keeping its blank node labels (so results can be compared with rdflib's)."""
        target = ox.NamedNode(to_graph) if to_graph else ox.DefaultGraph()
        self.store.extend(ox.Quad(_ox(s), _ox(p), _ox(o), target) for s, p, o in graph)

    def __len__(self) -> int:
        return len(self.store)

    def _query(self, query: str):
        try:
            return self.store.query(with_prologue(query), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise UsageError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from exc

    def select(self, query: str, bindings: dict[str, Term] | None = None, timeout: float | None = None) -> Result:
        if is_update(query):
            raise UsageError("SPARQL Update is refused: Mandato's stores are read-only")
        solutions = self._query(bind_values(query, bindings))
        if isinstance(solutions, ox.QueryBoolean):
            return Result(["ask"], [{"ask": Term("literal", str(bool(solutions)).lower(), "http://www.w3.org/2001/XMLSchema#boolean")}])
        if not isinstance(solutions, ox.QuerySolutions):
            raise UsageError("only SELECT and ASK queries return tables")
        columns = [v.value for v in solutions.variables]
        rows = [{c: _term(s[c]) for c in columns} for s in solutions]
        return Result(columns, rows)

    def construct_ntriples(self, query: str) -> str:
        triples = self._query(query)
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)


class RemoteStore(Store):
    """Any SPARQL 1.1 endpoint, through SPARQLWrapper, with a timeout and clear errors."""

    def __init__(self, endpoint: str, timeout: float = 30.0) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise UsageError(f"endpoint must be an http(s) URL, got {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout

    def _wrapper(self, query: str, fmt: str, timeout: float | None):
        from SPARQLWrapper import SPARQLWrapper

        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setQuery(with_prologue(query))
        # SPARQLWrapper guesses the query form from keywords anywhere in the text (comments, words
        # such as "address"), and would send a read query as an update. Updates are refused before
        # this point, so the form is set from our own reading of the query.
        wrapper.queryType = _query_form(query)
        wrapper.setReturnFormat(fmt)
        wrapper.setTimeout(int(timeout or self.timeout))
        wrapper.setMethod("POST")
        return wrapper

    def _run(self, wrapper):
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        try:
            return wrapper.query()
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise EndpointError(f"SPARQL endpoint {self.endpoint} is unreachable or too slow: {reason}") from exc
        except SPARQLWrapperException as exc:
            raise EndpointError(f"SPARQL endpoint {self.endpoint} rejected the query: {' '.join(str(exc).split())[:300]}") from exc

    def select(self, query: str, bindings: dict[str, Term] | None = None, timeout: float | None = None) -> Result:
        if is_update(query):
            raise UsageError("SPARQL Update is refused: Mandato's stores are read-only")
        from SPARQLWrapper import JSON

        response = self._run(self._wrapper(bind_values(query, bindings), JSON, timeout))
        try:
            data = json.loads(response.response.read().decode("utf-8"))
        except (ValueError, OSError) as exc:
            raise EndpointError(f"SPARQL endpoint {self.endpoint} returned an unreadable answer: {exc}") from exc
        if "boolean" in data:
            return Result(["ask"], [{"ask": Term("literal", str(data["boolean"]).lower(), "http://www.w3.org/2001/XMLSchema#boolean")}])
        columns = data["head"]["vars"]
        rows = []
        for binding in data["results"]["bindings"]:
            row = {}
            for c in columns:
                cell = binding.get(c)
                if cell is None:
                    row[c] = None
                elif cell["type"] == "uri":
                    row[c] = Term("iri", cell["value"])
                elif cell["type"] == "bnode":
                    row[c] = Term("bnode", cell["value"])
                else:
                    row[c] = Term("literal", cell["value"], cell.get("datatype"), cell.get("xml:lang"))
            rows.append(row)
        return Result(columns, rows)

    def construct_ntriples(self, query: str) -> str:
        from SPARQLWrapper import N3  # noqa: F401  (format constant)

        wrapper = self._wrapper(query, "n3", None)
        wrapper.addCustomHttpHeader("Accept", "application/n-triples")
        response = self._run(wrapper)
        return response.response.read().decode("utf-8")


def open_store(endpoint: str | None = None, build_dir: Path = BUILD_DIR, timeout: float = 30.0) -> Store:
    return RemoteStore(endpoint, timeout) if endpoint else EmbeddedStore.from_build(build_dir)


__all__ = ["EmbeddedStore", "RemoteStore", "Result", "Store", "Term", "open_store", "sparql_prologue"]
