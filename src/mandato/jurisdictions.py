"""Jurisdictions at every tier: their codes as users type them, their IRIs, and the tree they form.

    URY            -> country:URY                  a country (ISO 3166-1 alpha-3), tier national
    BR-SP          -> jurisdiction:BR-SP           a state or province (ISO 3166-2), tier subnational
    BR-SP-3550308  -> jurisdiction:BR-SP-3550308   a municipality (its state's code and its national
                                                   statistical code), tier municipal

`parse_code` reads a code without looking at the data (so that a parameter is validated before any
query runs); `Index` knows the jurisdictions the graph declares, their parents and tiers, and tells to
which jurisdiction and country a fact belongs, from its IRI (`body:BR-SP-sgd` belongs to BR-SP, in
BRA) or from its md:jurisdiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, URIRef

from .errors import UsageError
from .namespaces import ID, MD

COUNTRY_NS = f"{ID}country/"
JURISDICTION_NS = f"{ID}jurisdiction/"
TIER_NS = "https://w3id.org/mandato/vocab/governance-tier/"
TIERS = ("national", "subnational", "municipal")
TIER_CHOICES = ("national", "subnational", "all")

_COUNTRY = re.compile(r"[A-Z]{3}")
_SUBDIVISION = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
_MUNICIPALITY = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}-[0-9]{4,9}")
_CODE_IN_IRI = re.compile(r"^" + re.escape(str(ID)) + r"[a-z]+/([A-Z][A-Z0-9-]*)")
_ISO3_IN_IRI = re.compile(r"^" + re.escape(str(ID)) + r"[a-z]+/([A-Z]{3})(?:-|$)")


@dataclass(frozen=True)
class Code:
    """A jurisdiction code as typed by a user, checked for its form only."""

    code: str
    iri: str
    tier: str

    @property
    def is_country(self) -> bool:
        return self.tier == "national"


def parse_code(raw: str, what: str = "jurisdiction") -> Code:
    """The code in canonical form (upper case) with its IRI and tier; a usage error otherwise."""
    code = (raw or "").strip().upper()
    if _COUNTRY.fullmatch(code):
        return Code(code, COUNTRY_NS + code, "national")
    if _SUBDIVISION.fullmatch(code):
        return Code(code, JURISDICTION_NS + code, "subnational")
    if _MUNICIPALITY.fullmatch(code):
        return Code(code, JURISDICTION_NS + code, "municipal")
    raise UsageError(
        f"{what} {raw!r} is neither an ISO 3166-1 alpha-3 country code (URY) nor an ISO 3166-2 subdivision code "
        "(BR-SP; a municipality: BR-SP-3550308)"
    )


def parse_tier(raw: str | None) -> str:
    tier = (raw or "all").strip().lower()
    if tier not in (*TIERS, "all"):
        raise UsageError(f"tier {raw!r} is not one of national, subnational, municipal, all")
    return tier


@dataclass(frozen=True)
class Jurisdiction:
    iri: str
    code: str
    tier: str
    parent: str = ""  # IRI of the parent jurisdiction ('' for a country)
    labels: tuple[tuple[str, str], ...] = ()

    def label(self, lang: str = "en") -> str:
        by_lang = dict(self.labels)
        return by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()), self.code)


@dataclass
class Index:
    """The jurisdictions a graph declares (countries and subnational ones), by IRI and by code."""

    by_iri: dict[str, Jurisdiction] = field(default_factory=dict)

    _codes: dict[str, Jurisdiction] = field(default_factory=dict, repr=False, compare=False)
    _codes_of: int = field(default=-1, repr=False, compare=False)

    @property
    def by_code(self) -> dict[str, Jurisdiction]:
        if self._codes_of != len(self.by_iri):  # built once per content, not on every look-up
            self._codes = {j.code: j for j in self.by_iri.values()}
            self._codes_of = len(self.by_iri)
        return self._codes

    def get(self, code_or_iri: str) -> Jurisdiction | None:
        return self.by_iri.get(code_or_iri) or self.by_code.get(code_or_iri.upper())

    def country(self, iri: str) -> str:
        """ISO3 of the country a jurisdiction is in (itself for a country); '' when not known."""
        seen = set()
        node = self.by_iri.get(iri)
        while node is not None and node.iri not in seen:
            seen.add(node.iri)
            if node.tier == "national":
                return node.code
            node = self.by_iri.get(node.parent)
        return ""

    def ancestors(self, iri: str) -> list[str]:
        """IRIs of the jurisdiction and those above it, nearest first."""
        out = []
        node = self.by_iri.get(iri)
        while node is not None and node.iri not in out:
            out.append(node.iri)
            node = self.by_iri.get(node.parent)
        return out

    def children(self, iri: str) -> list[Jurisdiction]:
        return sorted((j for j in self.by_iri.values() if j.parent == iri), key=lambda j: j.code)

    def of_iri(self, iri: str) -> Jurisdiction | None:
        """The jurisdiction an instance IRI belongs to, read from its code (`body:BR-SP-sgd` -> BR-SP):
        the longest declared jurisdiction code that begins the IRI's local name."""
        if iri in self.by_iri:
            return self.by_iri[iri]
        match = _CODE_IN_IRI.match(iri)
        if not match:
            return None
        parts = match.group(1).split("-")
        codes = self.by_code
        for n in range(len(parts), 0, -1):
            found = codes.get("-".join(parts[:n]))
            if found is not None:
                return found
        return None

    def in_scope(self, iri: str, within: str | None, tier: str = "all") -> bool:
        """True if the jurisdiction is `within` (an IRI; None: anywhere) and of the tier asked."""
        node = self.by_iri.get(iri)
        if node is None:
            return False
        if tier != "all" and node.tier != tier:
            return False
        return within is None or within in self.ancestors(iri)


def _tier_code(iri: str) -> str:
    return iri[len(TIER_NS):] if iri.startswith(TIER_NS) else ""


INDEX_QUERY = """SELECT ?j ?code ?tier ?parent ?label WHERE {
  { ?j a md:Country ; md:iso3 ?code . BIND ("national" AS ?tier) }
  UNION
  { ?j a md:SubnationalJurisdiction ; md:subdivisionCode ?code .
    OPTIONAL { ?j md:governanceTier ?tier_iri }
    BIND (COALESCE(STRAFTER(STR(?tier_iri), "/governance-tier/"), "subnational") AS ?tier) }
  OPTIONAL { ?j md:parentJurisdiction ?parent }
  OPTIONAL { ?j rdfs:label ?label }
}"""


def _from_rows(rows) -> Index:
    acc: dict[str, dict] = {}
    for iri, code, tier, parent, label, lang in rows:
        item = acc.setdefault(iri, {"code": code, "tier": tier, "parent": parent or "", "labels": {}})
        if label:
            item["labels"].setdefault(lang or "", label)
    return Index({iri: Jurisdiction(iri, v["code"], v["tier"], v["parent"], tuple(sorted(v["labels"].items()))) for iri, v in acc.items()})


def index_from_store(store) -> Index:
    from .namespaces import sparql_prologue

    rows = []
    for r in store.select(sparql_prologue(INDEX_QUERY) + INDEX_QUERY, trusted=True).rows:
        label = r.get("label")
        parent = r.get("parent")
        rows.append((r["j"].value, r["code"].value, r["tier"].value, parent.value if parent is not None else "",
                     label.value if label is not None else "", label.lang if label is not None else ""))
    return _from_rows(rows)


def index_from_graph(graph: Graph) -> Index:
    rows = []
    for cls, prop in ((MD.Country, MD.iso3), (MD.SubnationalJurisdiction, MD.subdivisionCode)):
        for node in graph.subjects(RDF.type, cls):
            code = graph.value(node, prop)
            if not isinstance(node, URIRef) or code is None:
                continue
            tier = "national" if cls == MD.Country else _tier_code(str(graph.value(node, MD.governanceTier) or "")) or "subnational"
            parent = graph.value(node, MD.parentJurisdiction)
            labels = list(graph.objects(node, RDFS.label)) or [None]
            for label in labels:
                rows.append((str(node), str(code), tier, str(parent) if parent is not None else "",
                             str(label) if label is not None else "", getattr(label, "language", "") or ""))
    return _from_rows(rows)


def iso3_in_iri(iri: str) -> str:
    """The ISO3 a national instance IRI starts with (`body:URY-agesic` -> URY), '' otherwise."""
    match = _ISO3_IN_IRI.match(iri)
    return match.group(1) if match else ""
