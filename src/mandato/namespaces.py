"""The one canonical map of prefixes and namespaces.

Every module, query header, Turtle formatter and the explorer take their prefixes from here, so a
namespace is spelled exactly once in the code base.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BASE = "https://w3id.org/mandato/"

MD = Namespace(BASE + "ontology#")
MDSH = Namespace(BASE + "shapes#")
ID = Namespace(BASE + "id/")
VOCAB = Namespace(BASE + "vocab/")
GRAPH = Namespace(BASE + "graph/")

ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")

# Instance namespaces: one per kind of thing, each a flat folder of stable codes (see README, IRI policy).
INSTANCE_KINDS = (
    "country",  # ISO 3166-1 alpha-3
    "jurisdiction",  # subnational jurisdictions: ISO 3166-2 codes (BR-SP), municipalities {ISO 3166-2}-{national code}
    "body",  # public organisations, units, co-ordination bodies: {ISO3}-{minted slug}
    "mandate",  # n-ary mandate nodes: {ISO3}-{body slug}-{mandate code}
    "law",  # legal instruments: {ISO3}-{type}-{year}-{number}; provisions add -art-{n}
    "solution",  # cross-cutting solutions: {ISO3}-{slug}
    "strategy",  # strategies and regional agendas
    "assessment",  # {ISO3}-{scheme}-{code}
    "event",  # institutional change events
    "post",  # posts such as a national CIO
    "obs",  # indicator observations imported from public datasets
    "regional",  # regional instruments, networks and groupings
    "dataset",  # imported public datasets and their rows
    "source",  # the documents the ontology and the shapes rest on (../shared/sources)
    "search",  # documented searches behind an unknown assessment: {assessment code}-{yyyymmdd}
    "maturity",  # ECLAC maturity assessments {jurisdiction}-{year}, suggestions {ISO3}-suggested, their scores -{code}
)

# Controlled vocabularies (SKOS schemes): one namespace per scheme, concepts by short code.
SCHEMES = {
    "topic": "legal-topic",
    "soltype": "solution-type",
    "mtype": "mandate-type",
    "status": "assessment-status",
    "aspect": "governance-aspect",
    "itype": "instrument-type",
    "inforce": "in-force-status",
    "tier": "governance-tier",
    "level": "governance-level",
    "placement": "placement",
    "orgform": "organisation-form",
    "coordrole": "coordination-role",
    "interop": "interoperability-level",
    "indicator": "indicator",
    "subregion": "subregion",
    "posttype": "post-type",
    "grade": "evidence-grade",
    "srckind": "source-kind",
    "ikind": "instrument-kind",
    "mm": "maturity-model",  # the ECLAC maturity instrument: areas, components, variables (code = notation)
    "mlevel": "maturity-level",  # its four levels, 1 to 4
}


def _prefix_map() -> dict[str, str]:
    prefixes = {
        "md": str(MD),
        "mdsh": str(MDSH),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "owl": str(OWL),
        "xsd": str(XSD),
        "skos": str(SKOS),
        "dct": str(DCTERMS),
        "prov": str(PROV),
        "sh": str(SH),
        "org": str(ORG),
        "cv": str(CV),
        "eli": str(ELI),
        "dcat": str(DCAT),
        "void": str(VOID),
        "foaf": str(FOAF),
        "schema": str(SCHEMA),
        "vann": str(VANN),
    }
    for kind in INSTANCE_KINDS:
        prefixes[kind] = f"{ID}{kind}/"
    for prefix, path in SCHEMES.items():
        prefixes[prefix] = f"{VOCAB}{path}/"
    return prefixes


PREFIXES: dict[str, str] = _prefix_map()


def sparql_prologue(only_used_in: str | None = None) -> str:
    """PREFIX lines for SPARQL text; with ``only_used_in`` only the prefixes that text uses."""
    lines = []
    for prefix, ns in sorted(PREFIXES.items()):
        if only_used_in is None or f"{prefix}:" in only_used_in:
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(lines) + "\n"


def turtle_prologue() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))


def bind_all(graph) -> None:
    """Bind the canonical prefixes on an rdflib graph (replacing rdflib's defaults)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def instance_ns(kind: str) -> Namespace:
    if kind not in INSTANCE_KINDS:
        raise KeyError(kind)
    return Namespace(f"{ID}{kind}/")


def scheme_ns(prefix: str) -> Namespace:
    return Namespace(f"{VOCAB}{SCHEMES[prefix]}/")


def curie(iri: str) -> str:
    """Shortest prefixed form of an IRI, or the IRI itself."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri
