"""One small store interface for the CLI, the gap report and the explorer.

Two implementations answer the same SPARQL text: the embedded pyoxigraph store (default, loaded from
build/mandato.trig) and any remote SPARQL 1.1 endpoint over the SPARQL 1.1 Protocol (mandato.remote:
one deadline per command, clear errors naming the URL). Parameters are bound by appending a VALUES
clause built from typed RDF terms, never by pasting user text into the query. A query from outside
the project (trusted=False, the default) passes mandato.sparql_guard first: read-only query forms,
no SERVICE anywhere. Queries see the union of the build's named graphs: the embedded store's default
graph is that union; a remote store is probed and, where its default graph lacks the data, the
dataset is declared with the graphs `mandato load` put there (see remote_scope.py). Literals are
read in their RDF 1.1 forms on both, so every engine gives the same terms.
"""

from __future__ import annotations

import json
import os
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from .errors import EndpointError, InputError, UsageError
from .namespaces import PREFIXES, sparql_prologue
from .paths import BUILD_DIR, BUILD_TRIG, relative
from .remote import Deadline, check_url, request
from .remote_scope import GRAPHS_QUERY, MANIFEST_GRAPH, MANIFEST_QUERY, PROBE, Scope, literal_datatype, literal_value, no_data_message

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

    concurrent_queries = 1  # how many read queries a caller may have running at once

    @abstractmethod
    def select(self, query: str, bindings: dict[str, Term] | None = None, timeout: float | None = None,
               trusted: bool = False) -> Result:
        """Run a SELECT or ASK query, with variables bound by an inline VALUES block.

        Unless `trusted` (the project's own stored and compiled queries), the query is checked by
        mandato.sparql_guard first and refused with QueryRefused if it is not a read-only query.
        """

    @abstractmethod
    def construct_ntriples(self, query: str, trusted: bool = False) -> str:
        """Run a CONSTRUCT or DESCRIBE query and return its triples as N-Triples."""

    def joins_rewritten_safely(self) -> bool:
        """Whether the engine answers the SHACL compiler's join rewrites (FILTER EXISTS as a joined
        sub-select, NOT EXISTS as MINUS) as SPARQL defines them; see mandato.shaclc."""
        return True


def _checked_form(query: str, trusted: bool, forms: tuple[str, ...]) -> str:
    """The query form; for an untrusted query, after the guard has allowed it."""
    if trusted:
        if is_update(query):
            raise UsageError("SPARQL Update is refused: Mandato's stores are read-only")
        return _query_form(query)
    from .sparql_guard import require_read_only

    return require_read_only(query, forms=forms)


def _term(node) -> Term | None:
    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return Term("iri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    return literal(node.value, node.datatype.value if node.datatype else None, node.language)


def literal(value: str, datatype: str | None, lang: str | None) -> Term:
    """A literal term in its RDF 1.1 form (explicit xsd:string / rdf:langString, canonical booleans)."""
    datatype = literal_datatype(datatype, lang)
    return Term("literal", literal_value(value, datatype), datatype, lang or None)


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
    """pyoxigraph in memory, loaded from TriG, N-Quads or Turtle.

    Oxigraph evaluates read queries from several threads at once without Python's lock, so callers that
    run many independent queries (the compiled SHACL engine) may run one per core."""

    concurrent_queries = max(1, min(4, os.cpu_count() or 1))

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
            detail = " ".join(str(exc).split())[:200]
            match = re.search(r"line (\d+)", detail)
            raise InputError(f"cannot load (corrupt or not RDF): {detail}", file=relative(path), line=int(match.group(1)) if match else None) from None
        except (ValueError, OSError) as exc:
            raise InputError(f"cannot load: {' '.join(str(exc).split())[:200]}", file=relative(path)) from None

    def load_ntriples(self, text: str, graph: str | None = None) -> None:
        """Add N-Triples, in sorted line order (see load_graph: the dump follows insertion order, and an
        rdflib serialisation lists triples in an order that changes between processes)."""
        ordered = "\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n"
        self.store.bulk_load(ordered.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph) if graph else ox.DefaultGraph())

    def load_graph(self, graph, to_graph: str | None = None) -> None:
        """Add an rdflib graph, keeping its blank node labels (so results can be compared with rdflib's).

        The triples are added in a fixed order: an rdflib graph iterates in an order that changes from
        one Python process to the next, and the store's dump follows the order of insertion, so the
        build's TriG (and its digest) would otherwise differ between two builds of the same sources."""
        target = ox.NamedNode(to_graph) if to_graph else ox.DefaultGraph()
        ordered = sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
        self.store.extend(ox.Quad(_ox(s), _ox(p), _ox(o), target) for s, p, o in ordered)

    def __len__(self) -> int:
        return len(self.store)

    def _query(self, query: str):
        try:
            return self.store.query(with_prologue(query), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise UsageError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from exc

    def select(self, query: str, bindings: dict[str, Term] | None = None, timeout: float | None = None,
               trusted: bool = False) -> Result:
        _checked_form(query, trusted, ("SELECT", "ASK"))
        solutions = self._query(bind_values(query, bindings))
        if isinstance(solutions, ox.QueryBoolean):
            return Result(["ask"], [{"ask": Term("literal", str(bool(solutions)).lower(), "http://www.w3.org/2001/XMLSchema#boolean")}])
        if not isinstance(solutions, ox.QuerySolutions):
            raise UsageError("only SELECT and ASK queries return tables")
        columns = [v.value for v in solutions.variables]
        rows = [{c: _term(s[c]) for c in columns} for s in solutions]
        return Result(columns, rows)

    def construct_ntriples(self, query: str, trusted: bool = False) -> str:
        _checked_form(query, trusted, ("CONSTRUCT", "DESCRIBE"))
        triples = self._query(query)
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)


class RemoteStore(Store):
    """Any SPARQL 1.1 endpoint, over the SPARQL 1.1 Protocol (POST, form-encoded), within a deadline.

    `timeout` bounds each call; `deadline` (a mandato.remote.Deadline shared by a whole command)
    bounds them all together. Answers are checked before they are used: a reply that is not SPARQL
    JSON results, or lacks a variable the query selects, is an EndpointError naming the endpoint.
    `scope`: the dataset to declare; by default the store is probed once (see remote_scope.py).
    """

    def __init__(self, endpoint: str, timeout: float = 30.0, deadline: Deadline | None = None, scope: Scope | None = None) -> None:
        self.endpoint = check_url(endpoint, "--endpoint")
        Deadline(timeout)  # validates: positive and finite
        self.timeout = timeout
        self.deadline = deadline
        self._scope = scope
        self.server = ""  # the Server header of its last answer

    def joins_rewritten_safely(self) -> bool:
        """Virtuoso 7 joins a sub-select wrongly when it replaces a FILTER EXISTS (findings that the
        data does not support): the shapes are sent to it as written."""
        self.scope()  # at least one request, so the Server header is known
        return "virtuoso" not in self.server.lower()

    def scope(self) -> Scope:
        """The dataset to declare, found by probing the store once (see remote_scope.py)."""
        if self._scope is None:
            self._scope = self._probe()
        return self._scope

    def _probe(self) -> Scope:
        if self._ask(PROBE, Scope()):
            return Scope()
        manifest = [str(row["g"]) for row in self._select(MANIFEST_QUERY, Scope(), None).rows if row.get("g") is not None]
        scope = Scope(tuple(manifest))
        if manifest and self._ask(PROBE, scope):
            return self._as_union(scope)
        raise EndpointError(no_data_message(self.endpoint, manifest))

    def _as_union(self, scope: Scope) -> Scope:
        """The same dataset asked as an Oxigraph server's union of named graphs, when the server holds
        exactly the loaded graphs besides the manifest (so that the union adds nothing but the
        manifest's own graph, which stays out of the default graph in the declared form)."""
        if not self.server.lower().startswith("oxigraph"):
            return scope
        present = {str(row["g"]) for row in self._select(GRAPHS_QUERY, Scope(), None).rows if row.get("g") is not None}
        if present - {MANIFEST_GRAPH} != set(scope.graphs):
            return scope
        union = Scope(scope.graphs, union=True)
        return union if self._ask(PROBE, union) else scope
        raise EndpointError(no_data_message(self.endpoint, manifest))

    def _ask(self, query: str, scope: Scope) -> bool:
        body = self._post(query, "application/sparql-results+json", None, scope)
        result = parse_json_results(body, self.endpoint, "ASK")
        return str(result.rows[0]["ask"]) == "true"

    def _deadline(self, timeout: float | None) -> Deadline:
        seconds = timeout if timeout and timeout > 0 else self.timeout
        return self.deadline.within(seconds) if self.deadline is not None else Deadline(seconds)

    def _post(self, query: str, accept: str, timeout: float | None, scope: Scope | None = None) -> bytes:
        params = [("query", with_prologue(query)), *(scope if scope is not None else self.scope()).params()]
        body = urlencode(params).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept}
        response = request("POST", self.endpoint, deadline=self._deadline(timeout), body=body, headers=headers,
                           idempotent=True, doing="SPARQL answer")
        self.server = response.header("server") or self.server
        if not response.ok:
            raise response.failure("the query")
        cut = response.header("x-sparql-maxrows")
        if cut:  # Virtuoso's ResultSetMaxRows: the answer was cut short, and a partial answer is a wrong one
            raise EndpointError(
                f"{self.endpoint} cut its answer at {cut} rows (X-SPARQL-MaxRows): the full answer is larger; "
                "raise the server's row limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)"
            )
        return response.body

    def _select(self, query: str, scope: Scope, timeout: float | None) -> Result:
        body = self._post(query, "application/sparql-results+json", timeout, scope)
        return parse_json_results(body, self.endpoint, "SELECT", projected_variables(query))

    def select(self, query: str, bindings: dict[str, Term] | None = None, timeout: float | None = None,
               trusted: bool = False) -> Result:
        form = _checked_form(query, trusted, ("SELECT", "ASK"))
        body = self._post(bind_values(query, bindings), "application/sparql-results+json", timeout)
        expected = projected_variables(query) if form == "SELECT" else None
        return parse_json_results(body, self.endpoint, form, expected)

    def construct_ntriples(self, query: str, trusted: bool = False) -> str:
        _checked_form(query, trusted, ("CONSTRUCT", "DESCRIBE"))
        body = self._post(query, "application/n-triples", None)
        try:
            text = body.decode("utf-8")
            for _triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
                pass
        except UnicodeDecodeError as exc:
            raise EndpointError(f"{self.endpoint} returned an answer that is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        except SyntaxError as exc:
            raise EndpointError(f"{self.endpoint} returned an answer that is not N-Triples ({' '.join(str(exc).split())[:160]})") from None
        return text


_LITERAL_TYPES = ("literal", "typed-literal")


def parse_json_results(body: bytes, endpoint: str, form: str, expected: list[str] | None = None) -> Result:
    """SPARQL 1.1 Query Results JSON, checked: anything else is an EndpointError naming the endpoint."""

    def bad(why: str) -> EndpointError:
        return EndpointError(f"{endpoint} returned an answer that is not SPARQL JSON results ({why})")

    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise bad(f"not UTF-8 at byte {exc.start}") from None
    except ValueError as exc:
        raise bad(f"not JSON: {' '.join(str(exc).split())[:80]}") from None
    except RecursionError:
        raise bad("JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise bad(f"a JSON {type(data).__name__}, not an object")
    if form == "ASK":
        if not isinstance(data.get("boolean"), bool):
            raise bad('no "boolean" in the answer to an ASK query')
        return Result(["ask"], [{"ask": Term("literal", str(data["boolean"]).lower(), "http://www.w3.org/2001/XMLSchema#boolean")}])
    head, results = data.get("head"), data.get("results")
    columns = head.get("vars") if isinstance(head, dict) else None
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise bad('no "head": {"vars": [...]} list of variable names')
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings, list):
        raise bad('no "results": {"bindings": [...]} list')
    if expected is not None:
        missing = [v for v in expected if v not in columns]
        if missing:
            raise EndpointError(f"{endpoint} answered without the variable(s) {', '.join('?' + m for m in missing)} that the query selects (it sent {', '.join('?' + c for c in columns) or 'none'})")
    rows = []
    for number, binding in enumerate(bindings, start=1):
        if not isinstance(binding, dict):
            raise bad(f"binding {number} is not an object")
        row: dict[str, Term | None] = {}
        for column in columns:
            cell = binding.get(column)
            if cell is None:
                row[column] = None
                continue
            if not isinstance(cell, dict) or not isinstance(cell.get("value"), str):
                raise bad(f"binding {number}, ?{column}: no string \"value\"")
            kind = cell.get("type")
            if kind == "uri":
                row[column] = Term("iri", cell["value"])
            elif kind == "bnode":
                row[column] = Term("bnode", cell["value"])
            elif kind in _LITERAL_TYPES:
                datatype, lang = cell.get("datatype"), cell.get("xml:lang")
                if (datatype is not None and not isinstance(datatype, str)) or (lang is not None and not isinstance(lang, str)):
                    raise bad(f"binding {number}, ?{column}: datatype or language is not a string")
                row[column] = literal(cell["value"], datatype, lang)
            else:
                raise bad(f"binding {number}, ?{column}: type {kind!r} is not uri, literal or bnode")
        rows.append(row)
    return Result(columns, rows)


_SELECT_CLAUSE = re.compile(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{|\bFROM\b)", re.IGNORECASE | re.DOTALL)


def projected_variables(query: str) -> list[str] | None:
    """The variables the outermost SELECT projects (None for SELECT *): what a correct answer must name."""
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>', " ", query)
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    match = _SELECT_CLAUSE.search(text)
    if not match:
        return None
    clause = match.group(1)
    if "*" in re.sub(r"\([^()]*\)", " ", clause):
        return None
    names, depth, token = [], 0, ""
    for piece in re.findall(r"\(|\)|\bAS\s+[?$]\w+|[?$]\w+|[^()?$\s]+", clause, re.IGNORECASE):
        if piece == "(":
            depth += 1
        elif piece == ")":
            depth -= 1
        elif piece.upper().startswith("AS") and depth == 1:
            names.append(piece.split()[-1][1:])
        elif piece[0] in "?$" and depth == 0:
            names.append(piece[1:])
    return list(dict.fromkeys(names)) or None


def open_store(endpoint: str | None = None, build_dir: Path = BUILD_DIR, timeout: float = 30.0,
               deadline: Deadline | None = None) -> Store:
    """A RemoteStore when an endpoint is given (an empty one is an error), else the embedded store of build_dir."""
    return RemoteStore(endpoint, timeout, deadline) if endpoint is not None else EmbeddedStore.from_build(build_dir)


__all__ = ["EmbeddedStore", "RemoteStore", "Result", "Store", "Term", "open_store", "sparql_prologue"]
