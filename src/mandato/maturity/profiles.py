"""Maturity profiles read from a store: assessments and suggestions with their component and area averages.

A profile is one md:MaturityAssessment (scores given by an assessor for a year) or one
md:MaturitySuggestion (levels suggested from the graph as of a date); `kind` keeps them apart
everywhere. The averages come from SPARQL aggregation (queries/maturity/*-averages.rq) over the
stored variable scores; nothing computed is ever stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..namespaces import MD
from ..paths import QUERIES_DIR
from ..queries import find_query, run
from ..store import Store

MATURITY_QUERIES = QUERIES_DIR / "maturity"
ASSESSED = "assessed"
SUGGESTED = "suggested"
KINDS = {str(MD.MaturityAssessment): ASSESSED, str(MD.MaturitySuggestion): SUGGESTED}


def query(store: Store, slug: str, **values: str):
    return run(store, find_query(slug, MATURITY_QUERIES), {k: v for k, v in values.items() if v})


@dataclass(frozen=True)
class Header:
    iri: str
    kind: str  # "assessed" or "suggested"
    jurisdiction: str  # IRI, '' for the guide's example
    year: int | None
    as_of: str
    assessor: str
    scored: int

    @property
    def code(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


@dataclass
class Score:
    code: str
    component: str
    area: str
    score: int | None
    evidence: str = ""
    sources: list[str] = field(default_factory=list)


@dataclass
class Profile:
    header: Header
    scores: dict[str, Score]
    components: dict[str, tuple[float, int]]  # code -> (average, variables scored)
    areas: dict[str, tuple[float, int]]

    def weakest(self, n: int = 3) -> list[str]:
        """The n components with the lowest averages (ties broken by code)."""
        return [c for c, _ in sorted(self.components.items(), key=lambda item: (item[1][0], item[0]))[:n]]


def headers(store: Store, jurisdiction: str | None = None) -> list[Header]:
    out = []
    for row in query(store, "assessments", jurisdiction=jurisdiction or "").rows:
        year = row["year"].value
        out.append(Header(row["assessment"].value, KINDS[row["kind"].value], row["jurisdiction"].value, int(year) if year else None,
                          row["as_of"].value, row["assessor"].value, int(row["scores"].value)))
    return out


def _averages(store: Store, slug: str, iri: str, column: str) -> dict[str, tuple[float, int]]:
    return {r[column].value: (float(Decimal(r["average"].value)), int(r["scored"].value)) for r in query(store, slug, assessment=iri).rows}


def profile(store: Store, header: Header) -> Profile:
    scores: dict[str, Score] = {}
    for row in query(store, "scores", assessment=header.iri).rows:
        code = row["code"].value
        item = scores.get(code)
        if item is None:
            value = row["score"].value
            item = scores[code] = Score(code, row["component"].value, row["area"].value, int(value) if value else None, row["evidence"].value)
        if row["source"].value and row["source"].value not in item.sources:
            item.sources.append(row["source"].value)
    return Profile(header, scores, _averages(store, "component-averages", header.iri, "component"), _averages(store, "area-averages", header.iri, "area"))


def round_half_up(value: float, places: int = 2) -> str:
    """A score average as printed: fixed decimals, halves rounded up (1.125 -> 1.13)."""
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(repr(value)).quantize(quantum, rounding="ROUND_HALF_UP"))
