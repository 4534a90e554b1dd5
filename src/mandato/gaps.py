"""The gap report: the gap shapes evaluated over the graph.

Two engines give the same findings (tests check it on the fixtures and on generated graphs):
- `sparql` (default): the shapes compiled to SPARQL by mandato.shaclc and run on the store, so it
  also works against a remote endpoint; any shape the compiler cannot translate is run by pySHACL,
  with a notice;
- `pyshacl`: the reference SHACL engine on an rdflib graph of the sources.

Gap rules run at both tiers: each finding carries the country (ISO3) and the jurisdiction (the ISO3
again, or the ISO 3166-2 code of a state or province) it belongs to, and `filter_findings` selects a
country with or without its states, one state, or one tier.
"""

from __future__ import annotations

import csv
import io
import json

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from .errors import UsageError
from .jurisdictions import Index, index_from_graph, index_from_store, iso3_in_iri, parse_code, parse_tier
from .namespaces import MD, curie
from .shacl import SEVERITY_RANK, Finding, findings_from, findings_from_engine, gap_shapes, run_shapes
from .shaclc import compile_shapes, run
from .shaclc.sparql_based import anti_joins
from .store import Store

FORMATS = ("table", "csv", "json", "ttl")
COLUMNS = ("country", "jurisdiction", "rule", "severity", "focus", "path", "value", "message")


def compile_all(shapes: Graph | None = None):
    """The gap shapes' constraints as SPARQL queries (mandato.shaclc), and the shapes it cannot compile."""
    return compile_shapes(shapes if shapes is not None else gap_shapes())


def run_sparql_engine(store: Store, lang: str = "en", compiled=None, notices: list[str] | None = None, index: Index | None = None) -> list[Finding]:
    """The gap report by the compiled engine on the store (any endpoint); pySHACL runs only the shapes
    the compiler cannot translate, and each is named in `notices`. `compiled`: what `compile_all()`
    returned, for callers that keep it (the explorer); `index`: the store's jurisdictions, for callers
    that have read them already."""
    shapes = gap_shapes()
    if store.joins_rewritten_safely():
        report = run(store, shapes, compiled=compiled)
    else:
        report = run(store, shapes, optimise=False)
    if notices is not None:
        notices.extend(report.notices)
    findings = [f for f in findings_from_engine(report.results, report.graph, lang) if f.severity != "Violation"]
    place(findings, index if index is not None else index_from_store(store))
    return sorted(_dedupe(findings), key=Finding.sort_key)


def place(findings: list[Finding], index: Index) -> None:
    """Set each finding's jurisdiction and country: from its focus IRI (a jurisdiction, or a fact whose
    IRI starts with a jurisdiction's code), else from its value; a national IRI alone gives the ISO3."""
    for f in findings:
        found = index.of_iri(f.focus) or (index.of_iri(f.value) if f.value.startswith("http") else None)
        if found is None and f.country:
            found = index.get(f.country)
        if found is not None:
            f.jurisdiction = found.code
            f.country = index.country(found.iri) or f.country
        else:
            f.country = f.country or iso3_in_iri(f.focus) or iso3_in_iri(f.value)
            f.jurisdiction = f.jurisdiction or f.country


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.rule, f.focus, f.value)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def run_pyshacl_engine(data: Graph, ontology: Graph, lang: str = "en") -> list[Finding]:
    from .derive import with_derived

    data = with_derived(data)
    shapes = gap_shapes()
    results = run_shapes(data, shapes, ontology)
    findings = findings_from(results, shapes, data, lang)
    place(findings, index_from_graph(data))
    return sorted(_dedupe([f for f in findings if f.severity != "Violation"]), key=Finding.sort_key)


def filter_findings(findings: list[Finding], country: str | None = None, tier: str = "all", index: Index | None = None) -> list[Finding]:
    """The findings of one country (ISO3: with its states and municipalities unless `tier` says
    otherwise) or of one jurisdiction at a lower tier (BR-SP: the state, with its municipalities), and
    of one tier (national, subnational, municipal; all by default).

    With an `index` of the graph's jurisdictions, a code the graph does not declare is a usage error.
    """
    tier = parse_tier(tier)
    out = findings
    if country:
        code = parse_code(country, "--country")
        if index is not None and index.get(code.iri) is None:
            raise UsageError(f"--country {country!r}: no such jurisdiction in the graph")
        if code.is_country:
            out = [f for f in out if f.country == code.code]
        else:
            out = [f for f in out if f.jurisdiction == code.code or f.jurisdiction.startswith(code.code + "-")]
    if tier != "all":
        out = [f for f in out if f.jurisdiction and _tier_of(f.jurisdiction) == tier]
    return out


def _tier_of(code: str) -> str:
    try:
        return parse_code(code).tier
    except UsageError:
        return ""


def exceeds(findings: list[Finding], fail_on: str | None) -> bool:
    if not fail_on:
        return False
    threshold = SEVERITY_RANK["Warning" if fail_on == "warning" else "Violation"]
    return any(SEVERITY_RANK.get(f.severity, 0) >= threshold for f in findings)


def render(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":  # an array with one finding per line: valid JSON, and lines that grep and diff read
        if not findings:
            return "[]\n"
        keys = (*COLUMNS, "name")
        rows = (json.dumps({k: d[k] for k in keys}, ensure_ascii=False) for d in (f.as_dict() for f in findings))
        return "[\n" + ",\n".join(rows) + "\n]\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for f in findings:
            writer.writerow([getattr(f, c) for c in COLUMNS])
        return buffer.getvalue()
    if fmt == "ttl":
        return report_graph(findings).serialize(format="longturtle")
    return render_table(findings)


def render_table(findings: list[Finding]) -> str:
    if not findings:
        return "No gap findings.\n"
    rows = [(f.country or "-", f.jurisdiction or "-", f.severity, f.rule, curie(f.focus), curie(f.value) if f.value and f.value != f.focus else "", f.message) for f in findings]
    header = ("country", "jurisdiction", "severity", "rule", "focus", "value", "message")
    widths = [min(max(len(str(r[i])) for r in [header, *rows]), 60) for i in range(len(header) - 1)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)) + "  " + header[-1]]
    for r in rows:
        lines.append("  ".join(str(c)[:60].ljust(w) for c, w in zip(r, widths)) + "  " + r[-1])
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("Warning", "Info")}
    countries = {f.country for f in findings}
    lower = {f.jurisdiction for f in findings if f.jurisdiction and f.jurisdiction not in countries}
    where = f"in {len(countries)} countries" + (f" (and {len(lower)} subnational jurisdictions)" if lower else "")
    lines.append(f"\n{len(findings)} findings: {counts['Warning']} warnings, {counts['Info']} infos, {where}")
    return "\n".join(lines) + "\n"


def report_graph(findings: list[Finding]) -> Graph:
    """The findings as a SHACL validation report, with dct:spatial on each result for grouping."""
    from rdflib import BNode
    from rdflib.namespace import DCTERMS

    from .namespaces import ID, MDSH, bind_all

    graph = Graph()
    bind_all(graph)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not any(f.severity == "Violation" for f in findings))))
    for f in findings:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, URIRef(f.focus)))
        graph.add((node, SH.resultSeverity, SH[f.severity]))
        graph.add((node, SH.sourceShape, MDSH[f.rule]))
        if f.path:
            graph.add((node, SH.resultPath, URIRef(_expand(f.path))))
        if f.value:
            graph.add((node, SH.value, URIRef(f.value) if f.value.startswith("http") else Literal(f.value)))
        for lang, text in (f.messages or {"en": f.message}).items():
            graph.add((node, SH.resultMessage, Literal(text, lang=lang)))
        if f.country:
            graph.add((node, DCTERMS.spatial, URIRef(f"{ID}country/{f.country}")))
        if f.jurisdiction:
            graph.add((node, MD.jurisdiction, URIRef(parse_code(f.jurisdiction).iri)))
    return graph


def _expand(short: str) -> str:
    from .namespaces import PREFIXES

    prefix, _, local = short.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else short


__all__ = ["FORMATS", "compile_all", "exceeds", "filter_findings", "render", "run_pyshacl_engine", "run_sparql_engine", "MD"]
