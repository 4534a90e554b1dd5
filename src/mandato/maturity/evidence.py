"""What the graph says about a country on a date: the facts the maturity rules may use.

Every time-dependent fact is judged as of the date by the stored queries queries/maturity/evidence-*.rq
(mandates held, instruments in force, solutions operating, strategies current, co-ordination bodies
existing, aspects assessed absent by then), each run once for all countries. The gap report's
findings (the graph as it stands) are attached as they are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..shacl import Finding
from ..store import Store
from .profiles import query


@dataclass(frozen=True)
class Mandate:
    iri: str
    holder: str
    type: str  # mandate type code, e.g. lead-digital-government
    level: str  # strategic | directive | operational | ''
    bases: tuple[str, ...]  # legal basis instruments (an article's instrument)


@dataclass(frozen=True)
class Solution:
    iri: str
    type: str  # solution type code
    operators: tuple[str, ...]
    bases: tuple[str, ...]
    levels: frozenset[str]  # interoperability levels recorded


@dataclass(frozen=True)
class CoordinationBody:
    iri: str
    role: str  # advisory | decision-making | ''
    members: int
    bases: tuple[str, ...]


@dataclass(frozen=True)
class Strategy:
    iri: str
    monitoring: tuple[str, ...]


@dataclass
class Evidence:
    """The facts of one country as of one date."""

    country: str
    as_of: date
    mandates: list[Mandate] = field(default_factory=list)
    in_force: dict[str, set[str]] = field(default_factory=dict)  # instrument -> its topic codes
    solutions: list[Solution] = field(default_factory=list)
    coordination: list[CoordinationBody] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)
    absent: dict[str, str] = field(default_factory=dict)  # "topic:cybersecurity" -> assessment IRI
    findings: list[Finding] = field(default_factory=list)

    # ---------------------------------------------------------------- helpers the rules share
    def laws_on(self, topic: str) -> list[str]:
        return sorted(law for law, topics in self.in_force.items() if topic in topics)

    def in_force_bases(self, bases) -> list[str]:
        return sorted(b for b in bases if b in self.in_force)

    def mandates_of(self, *types: str, level: str | None = None, holders: set[str] | None = None) -> list[Mandate]:
        return [m for m in self.mandates
                if (not types or m.type in types) and (level is None or m.level == level) and (holders is None or m.holder in holders)]

    def lead_mandates(self) -> list[Mandate]:
        return self.mandates_of("lead-digital-government")

    def lead_bodies(self) -> set[str]:
        return {m.holder for m in self.lead_mandates()}

    def solutions_of(self, *types: str) -> list[Solution]:
        return [s for s in self.solutions if s.type in types]

    def gaps(self, *rules: str) -> list[Finding]:
        return [f for f in self.findings if f.rule in rules]


def _iso_date(value: date) -> str:
    return value.isoformat()


def collect(store: Store, as_of: date, countries: list[str] | None = None, findings: list[Finding] | None = None) -> dict[str, Evidence]:
    """Evidence for each country (ISO3) as of the date, from one run of each evidence query."""
    day = _iso_date(as_of)
    wanted = set(countries) if countries else None
    out: dict[str, Evidence] = {}

    def of(country: str) -> Evidence | None:
        if wanted is not None and country not in wanted:
            return None
        if country not in out:
            out[country] = Evidence(country, as_of)
        return out[country]

    for code in sorted(wanted or ()):
        of(code)
    grouped: dict[tuple[str, str], dict] = {}
    for row in query(store, "evidence-mandates", asOf=day).rows:
        country = row["country"].value
        if of(country) is None:
            continue
        key = (country, row["mandate"].value)
        item = grouped.setdefault(key, {"holder": row["holder"].value, "type": _code(row["type"].value), "level": _code(_v(row, "level")),
                                         "bases": set()})
        if _v(row, "basis_instrument"):
            item["bases"].add(row["basis_instrument"].value)
    for (country, iri), item in sorted(grouped.items()):
        out[country].mandates.append(Mandate(iri, item["holder"], item["type"], item["level"], tuple(sorted(item["bases"]))))

    for row in query(store, "evidence-laws", asOf=day).rows:
        evidence = of(row["country"].value)
        if evidence is not None:
            topics = evidence.in_force.setdefault(row["law"].value, set())
            if _v(row, "topic"):
                topics.add(row["topic"].value)

    solutions: dict[tuple[str, str], dict] = {}
    for row in query(store, "evidence-solutions", asOf=day).rows:
        country = row["country"].value
        if of(country) is None:
            continue
        item = solutions.setdefault((country, row["solution"].value), {"type": row["type"].value, "operators": set(), "bases": set(), "levels": set()})
        for column, target in (("operator", "operators"), ("basis_instrument", "bases"), ("interoperability_level", "levels")):
            if _v(row, column):
                item[target].add(row[column].value)
    for (country, iri), item in sorted(solutions.items()):
        out[country].solutions.append(Solution(iri, item["type"], tuple(sorted(item["operators"])), tuple(sorted(item["bases"])), frozenset(item["levels"])))

    bodies: dict[tuple[str, str], dict] = {}
    for row in query(store, "evidence-bodies", asOf=day).rows:
        country = row["country"].value
        if of(country) is None:
            continue
        item = bodies.setdefault((country, row["body"].value), {"role": _v(row, "role"), "members": 0, "bases": set()})
        item["members"] = max(item["members"], int(row["members"].value))
        if _v(row, "basis_instrument"):
            item["bases"].add(row["basis_instrument"].value)
    for (country, iri), item in sorted(bodies.items()):
        out[country].coordination.append(CoordinationBody(iri, item["role"], item["members"], tuple(sorted(item["bases"]))))

    strategies: dict[tuple[str, str], set] = defaultdict(set)
    for row in query(store, "evidence-strategies", asOf=day).rows:
        if of(row["country"].value) is not None:
            monitoring = strategies[(row["country"].value, row["strategy"].value)]
            if _v(row, "monitoring"):
                monitoring.add(row["monitoring"].value)
    for (country, iri), monitoring in sorted(strategies.items()):
        out[country].strategies.append(Strategy(iri, tuple(sorted(monitoring))))

    for row in query(store, "evidence-absences", asOf=day).rows:
        evidence = of(row["country"].value)
        if evidence is not None:
            evidence.absent.setdefault(row["aspect"].value, row["assessment"].value)

    for finding in findings or ():
        if finding.jurisdiction not in ("", finding.country):
            continue  # a state's or province's finding is not evidence about its country
        evidence = out.get(finding.country)
        if evidence is not None:
            evidence.findings.append(finding)
    return out


def _v(row: dict, column: str) -> str:
    term = row.get(column)
    return term.value if term is not None else ""


def _code(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1] if iri else ""
