"""Running the SHACL shapes with pySHACL and turning its report into findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from . import fragments
from .namespaces import ID, MD, MDSH, bind_all, curie
from .paths import GAP_SHAPES, INTEGRITY_SHAPES, SHAPES_DIR

SEVERITY_RANK = {"Info": 0, "Warning": 1, "Violation": 2}
_COUNTRY_IN_IRI = re.compile(r"^" + re.escape(str(ID)) + r"[a-z]+/([A-Z]{3})(?:-|$)")


@dataclass
class Finding:
    """One SHACL result in the form users read: country, rule, severity, focus, message.

    `country` is the ISO3 of the country the focus belongs to; `jurisdiction` the code of the
    jurisdiction itself (the ISO3 again for a national fact, BR-SP for a fact of São Paulo).
    """

    country: str
    rule: str
    severity: str
    focus: str
    path: str = ""
    value: str = ""
    message: str = ""
    name: str = ""
    messages: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None
    jurisdiction: str = ""

    def as_dict(self) -> dict:
        """The finding's fields but the per-language tables (all plain strings, ints or None: no copy needed)."""
        return {name: getattr(self, name) for name in _DICT_FIELDS}

    def sort_key(self):
        subnational = bool(self.jurisdiction) and self.jurisdiction != self.country
        return (self.country, subnational, self.jurisdiction, -SEVERITY_RANK.get(self.severity, 0), self.rule, self.focus, self.value)


_DICT_FIELDS = tuple(f.name for f in fields(Finding) if f.name not in ("messages", "names"))


def load_shapes(names: tuple[str, ...]) -> Graph:
    """The shapes files as one graph, with the query fragments of SPARQL-based constraints expanded.

    Shapes judge time-dependent facts (in force, current) as of the day they run, through the same
    derivations as the stored queries (queries/fragments/, `INCLUDE name(..., TODAY, ...)`).
    """
    graph = Graph()
    bind_all(graph)
    for name in names:
        graph.parse(Path(SHAPES_DIR) / name, format="turtle")
    return expand_fragments(graph)


def expand_fragments(graph: Graph) -> Graph:
    for predicate in (SH.select, SH.ask):
        for node, text in list(graph.subject_objects(predicate)):
            expanded = fragments.expand(str(text), where=f"shape {curie(str(node))}")
            if expanded != str(text):
                graph.set((node, predicate, Literal(expanded, datatype=getattr(text, "datatype", None))))
    return graph


def integrity_shapes() -> Graph:
    return load_shapes(INTEGRITY_SHAPES)


def gap_shapes() -> Graph:
    return load_shapes(GAP_SHAPES)


def run_shapes(data: Graph, shapes: Graph, ontology: Graph | None = None) -> Graph:
    """Validate and return pySHACL's results graph.

    Inference stays off (RDFS inference would re-type wrongly linked nodes and hide sh:class errors);
    the ontology and schemes are added to the data graph so that subclass triples and concepts'
    skos:inScheme are visible to the shapes.
    """
    graph = Graph()
    graph += data
    if ontology is not None:
        graph += ontology
    import pyshacl  # imported here: the gap report, reconcile and the explorer use findings without pySHACL

    _conforms, results, _text = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=True,
    )
    return results


def check_shapes_graph(shapes: Graph) -> list[str]:
    """Validate a shapes graph against SHACL-SHACL; returns the messages of any violations."""
    import pyshacl

    conforms, results, _text = pyshacl.validate(shapes, shacl_graph=None, meta_shacl=True, inference="none")
    if conforms:
        return []
    return [str(m) for m in results.objects(None, SH.resultMessage)]


def findings_from(results: Graph, shapes: Graph, data: Graph, lang: str = "en") -> list[Finding]:
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        shape = _named_shape(results.value(result, SH.sourceShape), shapes)
        severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        engine_message = results.value(result, SH.resultMessage)
        messages = _filled(_by_lang(shapes, shape, SH.message), value)
        names = _by_lang(shapes, shape, SH.name)
        findings.append(
            Finding(
                country=country_of(focus, data),
                rule=_local(shape),
                severity=severity,
                focus=str(focus),
                path=curie(str(path)) if isinstance(path, URIRef) else "",
                value=_show(value),
                message=messages.get(lang) or messages.get("en") or str(engine_message or ""),
                name=names.get(lang) or names.get("en") or "",
                messages=messages,
                names=names,
            )
        )
    return sorted(findings, key=Finding.sort_key)


def _named_shape(shape, shapes: Graph):
    """Property shapes are blank nodes: report the node shape that holds them."""
    if isinstance(shape, URIRef):
        return shape
    parent = shapes.value(None, SH.property, shape)
    return parent if parent is not None else shape


def _local(shape) -> str:
    text = str(shape)
    return text[len(str(MDSH)):] if text.startswith(str(MDSH)) else curie(text)


def _by_lang(shapes: Graph, shape, prop) -> dict[str, str]:
    out = {}
    for literal in shapes.objects(shape, prop):
        if isinstance(literal, Literal):
            out.setdefault(literal.language or "en", str(literal))
    return out


_TEMPLATE = re.compile(r"\{[?$]value\}")


def _filled(messages: dict[str, str], value) -> dict[str, str]:
    """The messages with {?value} / {$value} replaced by the result's value (SHACL's message templates
    for SPARQL-based constraints): a copy, since the shape's messages are shared between results."""
    if not any("{" in m for m in messages.values()):
        return dict(messages)
    shown = "" if value is None else str(value)
    return {lang: _TEMPLATE.sub(lambda _m: shown, text) for lang, text in messages.items()}


def _show(value) -> str:
    if value is None:
        return ""
    return str(value)


def country_of(node, data: Graph) -> str:
    """ISO3 of the country a focus node belongs to ('' for regional or unknown)."""
    if node is None:
        return ""
    match = _COUNTRY_IN_IRI.match(str(node))
    if match:
        return match.group(1)
    if not len(data):  # nothing to look up (the compiled engine's findings)
        return ""
    for prop in (MD.jurisdiction,):
        target = data.value(node, prop)
        if target is not None:
            match = _COUNTRY_IN_IRI.match(str(target))
            if match:
                return match.group(1)
    return ""


def is_gap_shape(shape: URIRef, shapes: Graph) -> bool:
    return (shape, SH.severity, SH.Violation) not in shapes


def findings_from_engine(results, shapes: Graph, lang: str = "en") -> list[Finding]:
    """The compiled engine's results (mandato.shaclc.EngineResult) as findings, like `findings_from`."""
    findings = []
    empty = Graph()  # the country comes from the IRIs alone
    by_shape: dict = {}  # a shape's name, messages and names, looked up once
    for result in results:
        if result.shape not in by_shape:
            named = _named_shape(result.shape, shapes)
            by_shape[result.shape] = (named, _by_lang(shapes, named, SH.message), _by_lang(shapes, named, SH.name))
        shape, messages, names = by_shape[result.shape]
        messages, names = _filled(messages, result.value), dict(names)
        path = result.path[1:-1] if result.path.startswith("<") and result.path.endswith(">") and " " not in result.path else ""
        value = result.value
        findings.append(
            Finding(
                country=country_of(result.focus, empty) or (country_of(value, empty) if isinstance(value, URIRef) else ""),
                rule=_local(shape),
                severity=str(result.severity).rsplit("#", 1)[-1],
                focus=str(result.focus),
                path=curie(path) if path else "",
                value=_show(value),
                message=messages.get(lang) or messages.get("en") or "",
                name=names.get(lang) or names.get("en") or "",
                messages=messages,
                names=names,
            )
        )
    return sorted(findings, key=Finding.sort_key)
