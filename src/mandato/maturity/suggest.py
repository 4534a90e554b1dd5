"""`mandato maturity suggest`: levels suggested from the graph for a country as of a date, with their evidence.

A suggestion is an md:MaturitySuggestion with one md:SuggestedScore per variable the rule set can
inform (a level, or none when the evidence is insufficient, with the rule, the reason, the facts and
the gap findings), and md:notInformed for the variables the graph cannot inform. It is written to
data/maturity/suggested/{ISO3}.ttl (one named graph per country) with `--write`; `--all --write`
regenerates the committed profiles of the 33 countries in one command.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from ..errors import UsageError
from ..namespaces import ID, MD, MDSH, bind_all
from ..rdfio import canonical_turtle
from ..shacl import Finding
from ..store import EmbeddedStore, Store
from .assessment import MATURITY_DIR, MATURITY_NS, write_atomically
from .evidence import collect
from .instrument import INSTRUMENT_FILE, MLEVEL, MM, Instrument, load_instrument
from .profiles import SUGGESTED, Header, Profile, profile, round_half_up
from .rules import RULE_SET_VERSION, Outcome, short
from .ruleset import NOT_INFORMED, RULES

SUGGESTED_DIR = MATURITY_DIR / "suggested"
FORMATS = ("table", "csv", "json", "ttl")


@dataclass
class Suggestion:
    country: str
    as_of: date
    outcomes: dict[str, Outcome]  # variable code -> outcome, for the variables the rule set informs

    @property
    def iri(self) -> URIRef:
        return URIRef(f"{MATURITY_NS}{self.country}-suggested")

    def score_iri(self, code: str) -> URIRef:
        return URIRef(f"{self.iri}-{code}")

    def not_informed(self, instrument: Instrument) -> list[str]:
        return [c for c in instrument.codes if c not in self.outcomes]


def countries(store: Store) -> list[str]:
    return sorted(store.select("SELECT ?iso WHERE { ?c a md:Country ; md:iso3 ?iso }", trusted=True).values("iso"))


def suggest(store: Store, as_of: date, wanted: list[str] | None = None, findings: list[Finding] | None = None) -> list[Suggestion]:
    """Suggestions for the wanted countries (default: every country in the store)."""
    from ..gaps import run_sparql_engine

    known = countries(store)
    if not known:
        raise UsageError("no countries in the store: is data/jurisdictions.ttl in the build?")
    wanted = [c.upper() for c in wanted] if wanted else known
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise UsageError(f"unknown country code {unknown[0]!r}: not one of the {len(known)} countries in the store (suggestions are made for countries)")
    if findings is None:
        findings = run_sparql_engine(store, "en")
    evidence = collect(store, as_of, wanted, findings)
    return [Suggestion(code, as_of, {v: rule.apply(evidence[code]) for v, rule in RULES.items()}) for code in wanted]


# -------------------------------------------------------------------------------------------- RDF
def _finding_node(graph: Graph, finding: Finding) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.sourceShape, MDSH[finding.rule]))
    graph.add((node, SH.focusNode, URIRef(finding.focus)))
    graph.add((node, SH.resultSeverity, SH[finding.severity]))
    if finding.value:
        graph.add((node, SH.value, URIRef(finding.value) if finding.value.startswith(("http://", "https://")) else Literal(finding.value)))
    for lang, message in sorted(finding.messages.items()):
        graph.add((node, SH.resultMessage, Literal(message, lang=lang)))
    return node


def suggestion_graph(item: Suggestion, instrument: Instrument) -> Graph:
    graph = Graph()
    bind_all(graph)
    iri, day = item.iri, item.as_of.isoformat()
    graph.add((iri, RDF.type, MD.MaturitySuggestion))
    for lang, text in {"en": f"Suggested ECLAC maturity levels, {item.country}, as of {day}",
                       "es": f"Niveles de madurez CEPAL sugeridos, {item.country}, al {day}",
                       "pt": f"Níveis de maturidade CEPAL sugeridos, {item.country}, em {day}"}.items():
        graph.add((iri, RDFS.label, Literal(text, lang=lang)))
    graph.add((iri, RDFS.comment, Literal(
        f"Levels suggested from the facts of the graph by Mandato's maturity rule set {RULE_SET_VERSION} (docs/maturity.md), "
        f"judged as of {day}. A suggestion, not an assessment: no rule suggests level 4, and the variables listed as not "
        "informed need an assessor.", lang="en")))
    graph.add((iri, MD.jurisdiction, URIRef(f"{ID}country/{item.country}")))
    graph.add((iri, MD.asOf, Literal(day, datatype=XSD.date)))
    for code in item.not_informed(instrument):
        graph.add((iri, MD.notInformed, MM[code]))
    for code, outcome in item.outcomes.items():
        node = item.score_iri(code)
        graph.add((iri, MD.hasScore, node))
        graph.add((node, RDF.type, MD.SuggestedScore))
        shown = f"level {outcome.level}" if outcome.level else "insufficient evidence"
        graph.add((node, RDFS.label, Literal(f"{item.country} suggested, variable {code}: {shown}", lang="en")))
        graph.add((node, MD.maturityVariable, MM[code]))
        if outcome.level:
            graph.add((node, MD.maturityLevel, MLEVEL[str(outcome.level)]))
        graph.add((node, MD.suggestionRule, Literal(RULES[code].id)))
        graph.add((node, RDFS.comment, Literal(outcome.reason, lang="en")))
        for fact in outcome.facts:
            graph.add((node, MD.justifiedBy, URIRef(fact)))
        for finding in outcome.findings:
            graph.add((node, MD.gapFinding, _finding_node(graph, finding)))
    return graph


def averages(item: Suggestion, instrument: Instrument) -> Profile:
    """The suggestion's component and area averages, by the same SPARQL aggregation as assessments."""
    store = EmbeddedStore()
    store.load_file(INSTRUMENT_FILE)
    store.load_ntriples(suggestion_graph(item, instrument).serialize(format="nt"))
    scored = sum(1 for o in item.outcomes.values() if o.level)
    return profile(store, Header(str(item.iri), SUGGESTED, f"{ID}country/{item.country}", None, item.as_of.isoformat(), "", scored))


def write(items: list[Suggestion], out_dir: Path = SUGGESTED_DIR) -> list[Path]:
    """Each country's suggestion to out_dir/{ISO3}.ttl (all texts made first, then each file replaced atomically)."""
    instrument = load_instrument()
    texts = {Path(out_dir) / f"{item.country}.ttl": canonical_turtle(suggestion_graph(item, instrument)) for item in items}
    for path, text in texts.items():
        write_atomically(path, text)
    return list(texts)


# ----------------------------------------------------------------------------------------- output
def records(item: Suggestion, instrument: Instrument, lang: str = "en") -> list[dict]:
    out = []
    for variable in instrument.variables:
        outcome = item.outcomes.get(variable.code)
        if outcome is None:
            out.append({"country": item.country, "as_of": item.as_of.isoformat(), "code": variable.code, "status": "not-informed",
                        "suggested_level": "", "rule": "", "reason": NOT_INFORMED[lang], "facts": [], "gap_findings": []})
            continue
        out.append({
            "country": item.country, "as_of": item.as_of.isoformat(), "code": variable.code,
            "status": "suggested" if outcome.level else "insufficient-evidence",
            "suggested_level": outcome.level or "", "rule": RULES[variable.code].id, "reason": outcome.reason,
            "facts": list(outcome.facts),
            "gap_findings": [{"rule": f.rule, "focus": f.focus, "value": f.value, "message": f.messages.get(lang) or f.message} for f in outcome.findings],
        })
    return out


def render(items: list[Suggestion], fmt: str = "table", lang: str = "en") -> str:
    instrument = load_instrument()
    if fmt == "ttl":
        graph = Graph()
        bind_all(graph)
        for item in items:
            graph += suggestion_graph(item, instrument)
        return canonical_turtle(graph)
    if fmt == "json":
        data = []
        for item in items:
            prof = averages(item, instrument)
            data.append({
                "suggestion": str(item.iri), "kind": "suggested", "country": item.country, "as_of": item.as_of.isoformat(),
                "rule_set": RULE_SET_VERSION, "variables": records(item, instrument, lang),
                "component_averages": {c: {"average": round_half_up(a), "scored": n} for c, (a, n) in prof.components.items()},
                "area_averages": {c: {"average": round_half_up(a), "scored": n} for c, (a, n) in prof.areas.items()},
            })
        return json.dumps(data if len(data) != 1 else data[0], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["country", "as_of", "code", "status", "suggested_level", "rule", "reason", "facts", "gap_findings"])
        for item in items:
            for r in records(item, instrument, lang):
                writer.writerow([r["country"], r["as_of"], r["code"], r["status"], r["suggested_level"], r["rule"], r["reason"],
                                 " ".join(r["facts"]), " ".join(f"{g['rule']}@{g['focus']}" for g in r["gap_findings"])])
        return buffer.getvalue()
    return "\n".join(_table(item, instrument, lang) for item in items)


def _table(item: Suggestion, instrument: Instrument, lang: str) -> str:
    lines = [
        f"SUGGESTED ECLAC maturity levels for {item.country} as of {item.as_of.isoformat()} (rule set {RULE_SET_VERSION}): {item.iri}",
        "Suggested from the graph's facts, not an assessment. No rule suggests level 4; '-' means the evidence is insufficient.",
        "",
        f"{'code':6} {'level':>5}  {'rule':7} reason",
    ]
    for r in records(item, instrument, lang):
        level = str(r["suggested_level"]) if r["suggested_level"] else ("n/a" if r["status"] == "not-informed" else "-")
        lines.append(f"{r['code']:6} {level:>5}  {r['rule'] or '':7} {r['reason'] if r['status'] != 'not-informed' else 'not informed by the graph'}")
        if r["facts"]:
            lines.append(f"{'':22}facts: {', '.join(short(f) for f in r['facts'])}")
        for g in r["gap_findings"]:
            lines.append(f"{'':22}gap: {g['rule']} at {short(g['focus'])}: {g['message']}")
    prof = averages(item, instrument)
    lines += ["", "Component averages of the suggested levels (informed variables only):"]
    for comp in instrument.components:
        total = len(instrument.variables_of(comp.code))
        avg, scored = prof.components.get(comp.code, (None, 0))
        shown = round_half_up(avg) if avg is not None else "  -  "
        lines.append(f"  {comp.code:4} {comp.label(lang)[:58]:58} {shown:>5}  ({scored} of {total} variables)")
    return "\n".join(lines) + "\n"
