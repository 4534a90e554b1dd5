"""Run compiled shapes on a store: one SELECT per constraint over the shape's targets.

A shape the compiler cannot translate (`Unsupported`) is validated by pySHACL, that shape alone, on
an rdflib copy of the store's data, and the report carries a notice naming it and the reason:
nothing is skipped silently. sh:deactivated shapes and constraints report nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ..errors import EndpointError
from ..store import Store, Term
from .constraints import checks
from .model import Check, Context
from .propertypaths import path_key
from .targets import has_targets, target_pattern, with_class_hierarchy
from .terms import Unsupported

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)


@dataclass(frozen=True)
class EngineResult:
    """One validation result: the fields both engines must agree on."""

    focus: object
    path: str
    value: object
    shape: object
    severity: URIRef
    component: str

    def key(self) -> tuple:
        return self._key

    @cached_property
    def _key(self) -> tuple:  # computed once: results are deduplicated and sorted by it
        return (_show(self.focus), self.path, _show(self.value), _show(self.shape), str(self.severity), self.component)


@dataclass
class CompiledCheck:
    top: object  # the shape whose targets give the focus nodes
    check: Check
    query: str  # the query (joined form) or the target query (per-focus form)
    any_target: str = ""  # ASK whether the shape has a focus node at all
    graph: Graph | None = None  # the shapes graph compiled (its blank nodes name the property shapes)


@dataclass
class Report:
    results: list[EngineResult] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    compiled: int = 0
    fallback: list = field(default_factory=list)
    graph: Graph | None = None  # the shapes graph the results refer to (blank-node shapes included)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == SH.Violation for r in self.results)


def _show(node) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return "_:" + str(node)
    if isinstance(node, Literal):
        if node.datatype is not None and str(node.datatype) == _XSD_STRING:
            return Literal(str(node)).n3()
        return node.n3()
    return str(node)


def top_shapes(graph: Graph) -> list:
    """Shapes with targets, in a stable order."""
    candidates = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    for prop in _TARGETS:
        candidates |= set(graph.subjects(prop, None))
    ctx = Context(graph)
    return sorted((s for s in candidates if has_targets(graph, s) and not ctx.deactivated(s)), key=lambda s: (isinstance(s, BNode), str(s)))


def _prologue(ctx: Context) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(ctx.prefixes.items()))


def compile_shapes(graph: Graph, optimise: bool = True) -> tuple[list[CompiledCheck], list[tuple[object, str]]]:
    """Every constraint of every targeted shape as a query, and the shapes that cannot be compiled."""
    compiled, refused = [], []
    for top in top_shapes(graph):
        ctx = Context(graph, optimise=optimise)
        try:
            target = target_pattern(graph, top)
            items = checks(ctx, top, "?this")
        except Unsupported as exc:
            refused.append((top, str(exc)))
            continue
        prologue = _prologue(ctx)
        for check in items:
            if check.per_focus is not None:
                query = f"SELECT DISTINCT ?this WHERE {{ {target} }}"
                check.per_focus.query = prologue + check.per_focus.query
            else:
                project = " ".join(dict.fromkeys(v for v in ("?this", check.focus, check.value, check.path, check.key) if v))
                pattern = check.top_pattern if (check.top_pattern and check.focus == "?this" and optimise) else check.pattern
                query = f"{prologue}SELECT DISTINCT {project} WHERE {{\n  {{ SELECT DISTINCT ?this WHERE {{ {target} }} }}\n  {pattern}\n}}"
            compiled.append(CompiledCheck(top, check, query, f"ASK {{ {target} }}", graph))
    return compiled, refused


def to_rdflib(cell: Term | None):
    if cell is None:
        return None
    if cell.kind == "iri":
        return URIRef(cell.value)
    if cell.kind == "bnode":
        return BNode(cell.value)
    if cell.lang:
        return Literal(cell.value, lang=cell.lang)
    if not cell.datatype or cell.datatype == _XSD_STRING:
        return Literal(cell.value)
    return Literal(cell.value, datatype=URIRef(cell.datatype))


def _severity(graph: Graph, shape) -> URIRef:
    value = graph.value(shape, SH.severity)
    return value if isinstance(value, URIRef) else SH.Violation


def _result(graph: Graph, item: CompiledCheck, row: dict, focus_cell, severity: URIRef | None = None) -> EngineResult:
    check = item.check
    focus = to_rdflib(focus_cell)
    value = to_rdflib(row.get(check.value.lstrip("?"))) if check.value else None
    if check.component == "SPARQLConstraintComponent" and value is None and check.path_node is None:
        value = focus
    if check.path and row.get(check.path.lstrip("?")) is not None:
        path = str(to_rdflib(row[check.path.lstrip("?")]))
        path = f"<{path}>"
    elif check.path_node is not None:
        path = path_key(graph, check.path_node)
    else:
        path = ""
    return EngineResult(focus, path, value, check.shape, severity if severity is not None else _severity(graph, check.shape), check.component)


def run(store: Store, graph: Graph, timeout: float | None = None, optimise: bool = True, compiled=None) -> Report:
    """Validate the store's data against the shapes graph (`compiled`: the result of `compile_shapes`
    for it, when the caller keeps one)."""
    compiled, refused = compiled if compiled is not None else compile_shapes(graph, optimise)
    refused = list(refused)
    if compiled and compiled[0].graph is not None:
        graph = compiled[0].graph  # precompiled: its shapes graph, whose blank nodes the checks carry
    report = Report(compiled=len(compiled), graph=graph)
    hierarchy = _subclasses_in(store, timeout)
    runtime_refused: dict[object, str] = {}
    seen = set()
    asks = {item.top: with_class_hierarchy(item.any_target, hierarchy) for item in compiled}
    queries = [with_class_hierarchy(item.query, hierarchy) for item in compiled]
    with _Prefetch(store, compiled, asks, queries, timeout) as prefetched:
        for index, item in enumerate(compiled):
            if item.top in runtime_refused:
                continue
            check = item.check
            rows: list[tuple[dict, object]] = []
            try:
                if not prefetched.has_targets(item.top):  # no focus node: one ASK, not one query per constraint
                    continue
                if check.per_focus is None:
                    for row in prefetched.rows(index):
                        rows.append((row, row.get(check.focus.lstrip("?"))))
                else:
                    for target in store.select(queries[index], timeout=timeout, trusted=True).rows:
                        focus = target["this"]
                        if focus.kind == "bnode":
                            runtime_refused[item.top] = "a SPARQL constraint pre-bound to a blank node"
                            break
                        for row in store.select(check.per_focus.bind(focus.n3()), timeout=timeout, trusted=True).rows:
                            rows.append((row, focus))
            except EndpointError as exc:  # name the shape: a store may reject a query Oxigraph runs
                raise EndpointError(f"shape {_show(item.top)} ({check.component}): {exc}") from exc
            severity = _severity(graph, check.shape)  # once per constraint, not per result
            for row, focus in rows:
                result = _result(graph, item, row, focus, severity)
                key = result.key()
                if key not in seen:
                    seen.add(key)
                    report.results.append(result)
    if runtime_refused:
        report.results = [r for r in report.results if _top_of(compiled, r) not in runtime_refused]
        refused += list(runtime_refused.items())
    if refused:
        report.fallback = [shape for shape, _ in refused]
        for shape, reason in refused:
            report.notices.append(f"shape {_show(shape)} is not compiled ({reason}): validated by pySHACL")
        data = Graph()
        data.parse(data=store.construct_ntriples("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", trusted=True), format="nt")
        try:
            report.results += run_pyshacl(data, graph, only=[shape for shape, _ in refused])
        except Exception as exc:  # pySHACL refuses some shapes too: say so, never skip silently
            from ..errors import UsageError

            names = ", ".join(_show(shape) for shape, _ in refused)
            raise UsageError(f"shapes {names} can be validated neither by the compiler nor by pySHACL: {' '.join(str(exc).split())[:300]}") from exc
    report.results.sort(key=EngineResult.key)
    return report


class _Prefetch:
    """The joined queries (one per constraint) run on a thread pool while results are read in order.

    The embedded store answers queries from several threads at once (Oxigraph evaluates them without
    Python's lock), so on a machine with N cores up to N run together; a remote store gets one query
    at a time, as before. Results are consumed in the compiled order, so the report is the same."""

    def __init__(self, store: Store, compiled: list[CompiledCheck], asks: dict, queries: list[str], timeout: float | None):
        self.store, self.compiled, self.asks, self.queries, self.timeout = store, compiled, asks, queries, timeout
        self.pool = None
        self.futures: dict[int, object] = {}
        self.answers: dict[object, object] = {}

    def __enter__(self) -> "_Prefetch":
        workers = getattr(self.store, "concurrent_queries", 1)
        if workers > 1 and len(self.compiled) > 1:
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mandato-shaclc")
            for top, ask in self.asks.items():
                self.answers[top] = self.pool.submit(_ask, self.store, ask, self.timeout)
            for index, item in enumerate(self.compiled):
                if item.check.per_focus is None:
                    self.futures[index] = self.pool.submit(self._rows_if_targeted, index)
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _rows_if_targeted(self, index: int) -> list[dict]:
        if not self.answers[self.compiled[index].top].result():
            return []
        return self.store.select(self.queries[index], timeout=self.timeout, trusted=True).rows

    def has_targets(self, top) -> bool:
        answer = self.answers.get(top)
        if answer is None:
            answer = self.answers[top] = _ask(self.store, self.asks[top], self.timeout)
        return answer if isinstance(answer, bool) else answer.result()

    def rows(self, index: int) -> list[dict]:
        future = self.futures.pop(index, None)  # its rows are read once: let them go afterwards
        if future is not None:
            return future.result()
        return self.store.select(self.queries[index], timeout=self.timeout, trusted=True).rows


def _subclasses_in(store: Store, timeout: float | None):
    """subclasses(C): the IRIs of C's subclasses in the store's data, one query per class, cached;
    None when one of them is a blank node (a VALUES list cannot name it: the path form stays)."""
    cache: dict[str, list[str] | None] = {}

    def subclasses(cls: str) -> list[str] | None:
        if cls not in cache:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ <{cls}> }}"
            found = [r["c"] for r in store.select(query, timeout=timeout, trusted=True).rows if r.get("c") is not None]
            cache[cls] = None if any(c.kind != "iri" for c in found) else sorted(c.value for c in found)
        return cache[cls]

    return subclasses


def _ask(store: Store, query: str, timeout: float | None) -> bool:
    """An ASK answer, whatever column name the endpoint gives it (Virtuoso answers with a result set)."""
    rows = store.select(query, timeout=timeout, trusted=True).rows
    if not rows:
        return False
    cell = next(iter(rows[0].values()), None)
    return cell is not None and cell.value in ("true", "1")


def _top_of(compiled: list[CompiledCheck], result: EngineResult):
    for item in compiled:
        if item.check.shape == result.shape:
            return item.top
    return None


def run_pyshacl(data: Graph, shapes: Graph, only: list | None = None) -> list[EngineResult]:
    """The reference: pySHACL's results in the same form (optionally for some targeted shapes only)."""
    import pyshacl

    shapes_graph = shapes
    if only is not None:
        shapes_graph = Graph()
        shapes_graph += shapes
        from rdflib.namespace import OWL, RDFS

        for top in top_shapes(shapes):
            if top in only:
                continue
            for prop in _TARGETS:
                shapes_graph.remove((top, prop, None))
            shapes_graph.remove((top, RDF.type, RDFS.Class))
            shapes_graph.remove((top, RDF.type, OWL.Class))
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", abort_on_first=False, allow_infos=True, allow_warnings=True, advanced=True
    )
    out = []
    for node in results.objects(None, SH.result):  # top-level results only, not their sh:detail
        path = results.value(node, SH.resultPath)
        component = results.value(node, SH.sourceConstraintComponent)
        out.append(
            EngineResult(
                results.value(node, SH.focusNode),
                path_key(results, path) if path is not None else "",
                results.value(node, SH.value),
                results.value(node, SH.sourceShape),
                results.value(node, SH.resultSeverity),
                str(component).rsplit("#", 1)[-1] if component else "",
            )
        )
    return sorted(set(out), key=EngineResult.key)
