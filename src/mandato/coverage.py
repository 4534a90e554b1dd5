"""`mandato coverage`: how far the curation of each country has got, how well its facts are sourced,
and what the next sweep should look at.

Per country:
- assessed: how many of the 30 assessable aspects (16 legal topics, 11 solution types, 3 governance
  aspects: the concepts of md:LegalTopicScheme, md:SolutionTypeScheme, md:GovernanceAspectScheme) have
  an assessment of any status; `present`, `absent`, `unknown` and `not_applicable` count them by status,
  and `known` = present + absent + not applicable. An unknown is either `searched` (it has a search
  trail: the sources and queries consulted, and the date) or `not_searched`;
- facts: the curated nodes that cite a dct:source (imported records, observations, dataset nodes and
  disagreement explanations are not curated facts), counted by their evidence grade (the best grade
  among their sources, from the one rule table of grades.py / data/source-kinds.csv): grade_1 official
  text, grade_2 government page, grade_3 private legal database, grade_4 intergovernmental body or
  dataset, grade_5 secondary; `weak_only` counts the facts whose every source is a blog, a wiki or a
  document-sharing site; `official` (grades 1, 2 and 4: the State's own pages and intergovernmental
  bodies) and `official_or_legal_db` (grades 1 to 4) keep the measures of earlier releases;
- instruments: the legal instruments, and `cited` those with a gazette citation (md:gazetteName or
  md:gazetteReference) or a source of grade 1 to 3;
- stale: the facts not re-checked (md:retrievedOn) in the twelve months before today.
The total row sums the countries. `--list stale|weak|uncited|unknown` prints the items behind a count,
so that the next sweep knows where to start.

`--tier subnational` counts the states and provinces instead (one row each; `--tier all` both), with
two more measures, derived at the day asked like every coverage by a higher tier (see the fragment
queries/fragments/coverage.rq): `higher_tier`, the aspects the jurisdiction does not have itself but a
higher-tier instrument in force (or solution operating) that binds its tier covers, and `open`, the
aspects whose coverage is still unknown (assessed unknown, or not assessed, and nothing covers them
from above). `lead_body` is the status of the jurisdiction's own lead-body assessment. The targets of
the subnational tier (issue 14) are measured on these: a lead-body assessment that is not unknown for
at least 90% of the jurisdictions, and at most 25% of all assessments open (see `targets`), the
aspects counted over all 30 aspects of every jurisdiction. `open_assessed` counts the same among the
assessments a jurisdiction carries (decision 17: a state carries a chosen set, not all 30), and the
target is measured that way too, so that both readings of "unknown assessments overall" are shown.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from . import clock
from .errors import EXIT_OK, UsageError
from .grades import WEAK_KINDS, kind_of, rules
from .jurisdictions import index_from_store, parse_tier
from .store import Store

FORMATS = ("table", "csv", "json", "markdown")
LISTS = ("stale", "weak", "secondary", "uncited", "unknown")
STATUSES = ("present", "absent", "unknown", "not-applicable")
OFFICIAL_GRADES = ("1", "2", "4")


def is_official(url: str) -> bool:
    """True for an official gazette, legislature, legal database, government or intergovernmental URL (grades 1, 2, 4)."""
    if not url.strip().lower().startswith(("http://", "https://")):
        return False
    return _grade_of(kind_of(url)) in OFFICIAL_GRADES


def is_legal_database(url: str) -> bool:
    """True for a privately run legal database reproducing the official text (grade 3)."""
    return url.strip().lower().startswith(("http://", "https://")) and kind_of(url) == "private-legal-database"


_KIND_GRADE = {
    "gazette": "1", "legislature": "1", "official-legal-database": "1", "government": "2",
    "private-legal-database": "3", "intergovernmental": "4", "public-dataset": "4",
}


def _grade_of(kind: str) -> str:
    """The grade of a kind as declared in ontology/schemes.ttl (a test checks this copy against it)."""
    return _KIND_GRADE.get(kind, "5")


@dataclass
class CountryCoverage:
    """One row of `mandato coverage`: a jurisdiction (a country unless --tier says otherwise) or the total.

    `country` is the ISO3 of the country, `jurisdiction` the row's own code (the ISO3 again for a
    country, BR-SP for a state; TOTAL for the total row).
    """

    country: str
    aspects: int
    assessed: int = 0
    present: int = 0
    absent: int = 0
    unknown: int = 0
    unknown_searched: int = 0
    not_applicable: int = 0
    facts: int = 0
    grade_1: int = 0
    grade_2: int = 0
    grade_3: int = 0
    grade_4: int = 0
    grade_5: int = 0
    weak_only: int = 0
    official: int = 0
    official_or_legal_db: int = 0
    instruments: int = 0
    cited: int = 0
    stale: int = 0
    higher_tier: int = 0
    open: int = 0
    open_assessed: int = 0
    jurisdiction: str = ""
    tier: str = "national"
    lead_body: str = "not-assessed"
    items: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in LISTS}, repr=False)

    def __post_init__(self) -> None:
        self.jurisdiction = self.jurisdiction or self.country

    @property
    def known(self) -> int:
        return self.present + self.absent + self.not_applicable

    @property
    def unknown_not_searched(self) -> int:
        return self.unknown - self.unknown_searched

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def assessed_share(self) -> float:
        return self.share(self.assessed, self.aspects)

    @property
    def known_share(self) -> float:
        return self.share(self.known, self.aspects)

    @property
    def unknown_share(self) -> float:
        return self.share(self.unknown, self.aspects)

    @property
    def open_share(self) -> float:
        return self.share(self.open, self.aspects)

    @property
    def official_share(self) -> float:
        return self.share(self.official, self.facts)

    @property
    def official_or_legal_db_share(self) -> float:
        return self.share(self.official_or_legal_db, self.facts)

    @property
    def secondary_share(self) -> float:
        return self.share(self.grade_5, self.facts)

    @property
    def cited_share(self) -> float:
        return self.share(self.cited, self.instruments)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("items")
        data.update(
            known=self.known,
            unknown_not_searched=self.unknown_not_searched,
            **{name: round(getattr(self, name), 4) for name in (
                "assessed_share", "known_share", "unknown_share", "official_share", "official_or_legal_db_share",
                "secondary_share", "cited_share", "open_share",
            )},
        )
        return data


def _run(store: Store, slug: str, tier: str = "national"):
    from . import queries

    return queries.run(store, queries.find_query(slug), {"tier": tier})


def _assessments(store: Store, rows: dict[str, CountryCoverage], tier: str) -> None:
    statuses: dict[tuple[str, str, str], tuple[str, str]] = {}
    for row in _run(store, "assessment-matrix", tier).rows:
        code, scheme, aspect, status = (row[c].value for c in ("jurisdiction", "scheme", "aspect", "status"))
        searched = row["searched"].value if row.get("searched") is not None else ""
        key = (code, scheme, aspect)
        # one status per aspect (a duplicate assessment is an integrity violation; keep the first in order)
        if key not in statuses or statuses[key][0] == "not-assessed":
            statuses[key] = (status, searched)
        elif statuses[key][0] == status and searched > statuses[key][1]:
            statuses[key] = (status, searched)  # one row per search trail: report the latest search
    for (code, scheme, aspect), (status, searched) in statuses.items():
        item = rows.get(code)
        if item is None:
            continue
        if (scheme, aspect) == ("aspect", "lead-body"):
            item.lead_body = status
        if status not in STATUSES:
            continue
        item.assessed += 1
        setattr(item, status.replace("-", "_"), getattr(item, status.replace("-", "_")) + 1)
        if status == "unknown":
            item.unknown_searched += bool(searched)
            item.items["unknown"].append(f"{scheme}:{aspect}\t{'searched ' + searched if searched else 'not yet searched'}")


def _coverage_by_higher_tier(store: Store, rows: dict[str, CountryCoverage], tier: str) -> None:
    seen: dict[tuple[str, str, str], str] = {}
    for row in _run(store, "topic-coverage", tier).rows:
        seen[(row["jurisdiction"].value, row["scheme"].value, row["aspect"].value)] = row["coverage"].value
    for (code, _scheme, _aspect), coverage in seen.items():
        item = rows.get(code)
        if item is None:
            continue
        item.higher_tier += coverage == "higher-tier"
        item.open += coverage in ("unknown", "not-assessed")
        item.open_assessed += coverage == "unknown"
    # in --list unknown, say which unknowns a higher tier's instrument already covers (they are not open)
    for code, item in rows.items():
        item.items["unknown"] = [
            entry + ("\tcovered by a higher tier" if seen.get((code, *entry.split("\t")[0].split(":", 1))) == "higher-tier" else "")
            for entry in item.items["unknown"]
        ]


def _facts(store: Store, rows: dict[str, CountryCoverage], today: date, tier: str) -> None:
    facts: dict[tuple[str, str], dict] = {}
    for row in _run(store, "fact-sources", tier).rows:
        key = (row["jurisdiction"].value, row["node"].value)
        fact = facts.setdefault(key, {"grade": "", "kinds": set(), "checked": ""})
        fact["kinds"].add(row["kind"].value or kind_of(row["source"].value))
        fact["grade"] = row["grade"].value or fact["grade"]
        fact["checked"] = row["checked"].value or fact["checked"]
    cutoff = (today - timedelta(days=365)).isoformat()
    for (code, node), fact in facts.items():
        if code not in rows:
            continue
        item = rows[code]
        grade = fact["grade"] or min((_grade_of(k) for k in fact["kinds"]), default="5")
        item.facts += 1
        setattr(item, f"grade_{grade}", getattr(item, f"grade_{grade}") + 1)
        if grade == "5":
            item.items["secondary"].append(node)
        item.official += grade in OFFICIAL_GRADES
        item.official_or_legal_db += grade in ("1", "2", "3", "4")
        if fact["kinds"] and fact["kinds"] <= set(WEAK_KINDS):
            item.weak_only += 1
            item.items["weak"].append(node)
        if fact["checked"] and fact["checked"] < cutoff:
            item.stale += 1
            item.items["stale"].append(f"{node}\tchecked {fact['checked']}")


def _instruments(store: Store, rows: dict[str, CountryCoverage], tier: str) -> None:
    for row in _run(store, "instrument-citations", tier).rows:
        code = row["jurisdiction"].value
        if code not in rows:
            continue
        item = rows[code]
        item.instruments += 1
        cited = bool(row["gazette"].value or row["reference"].value) or row["grade"].value in ("1", "2", "3")
        item.cited += cited
        if not cited:
            item.items["uncited"].append(row["law"].value)


def coverage(store: Store, today: date | None = None, tier: str = "national") -> list[CountryCoverage]:
    """One row per jurisdiction of the tier asked (countries by default; sorted by country, then code)
    followed by the total row (country and jurisdiction 'TOTAL')."""
    rules()  # a malformed rule table is reported before anything is counted
    tier = parse_tier(tier)
    index = index_from_store(store)
    chosen = [j for j in index.by_iri.values() if tier == "all" or j.tier == tier]
    if not any(j.tier == "national" for j in index.by_iri.values()):
        raise UsageError("no countries in the store: is data/jurisdictions.ttl loaded?")
    if not chosen:
        raise UsageError(f"no jurisdictions of the {tier} tier in the store")
    chosen.sort(key=lambda j: (index.country(j.iri), j.tier != "national", j.code))
    first = next(j for j in index.by_iri.values() if j.tier == "national")
    aspects = len({(r["scheme"].value, r["aspect"].value) for r in _run(store, "assessment-matrix").rows if r["jurisdiction"].value == first.code})
    rows = {j.code: CountryCoverage(index.country(j.iri), aspects, jurisdiction=j.code, tier=j.tier) for j in chosen}
    _assessments(store, rows, tier)
    _coverage_by_higher_tier(store, rows, tier)
    _facts(store, rows, today or clock.today(), tier)
    _instruments(store, rows, tier)
    out = list(rows.values())
    total = CountryCoverage("TOTAL", sum(r.aspects for r in out), tier=tier)
    for name in total.as_dict():
        if name in {f.name for f in total.__dataclass_fields__.values()} and name not in ("country", "aspects", "jurisdiction", "tier", "lead_body"):
            setattr(total, name, sum(getattr(r, name) for r in out))
    for r in out:
        for name, values in r.items.items():
            total.items[name] += [f"{r.jurisdiction}\t{v}" for v in values]
    return out + [total]


@dataclass(frozen=True)
class Target:
    name: str
    measured: int
    of: int
    threshold: float
    at_least: bool

    @property
    def share(self) -> float:
        return self.measured / self.of if self.of else 0.0

    @property
    def met(self) -> bool:
        return self.of > 0 and (self.share >= self.threshold if self.at_least else self.share <= self.threshold)


def targets(rows: list[CountryCoverage]) -> list[Target]:
    """The subnational tier's targets (issue 14), measured on the subnational rows."""
    lower = [r for r in rows if r.country != "TOTAL" and r.tier == "subnational"]
    if not lower:
        return []
    settled = sum(r.lead_body in ("present", "absent", "not-applicable") for r in lower)
    return [
        Target("lead-body assessment not unknown", settled, len(lower), 0.90, True),
        Target("assessments still open (unknown or not assessed, not covered from above)", sum(r.open for r in lower), sum(r.aspects for r in lower), 0.25, False),
        Target("assessments made still unknown (not covered from above)", sum(r.open_assessed for r in lower), sum(r.assessed for r in lower), 0.25, False),
    ]


# ------------------------------------------------------------------------------------------ command
def cmd_coverage(args) -> int:
    from .coverage_render import render, render_list
    from .reconcile import store_from_args

    rows = coverage(store_from_args(args), tier=args.tier)
    text = render_list(rows, args.list) if args.list else render(rows, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def register(subparsers) -> None:
    from .reconcile import add_store_options

    p = subparsers.add_parser(
        "coverage",
        help="per country: aspects assessed and settled, evidence grades of the facts, gazette citations, stale facts",
        description=(
            "Curation coverage per country and in total. By default the source files are read directly; --build or "
            "--endpoint query a built store instead. --format markdown is the table for the README. --list prints "
            "the items behind a count: stale (facts not re-checked in 12 months), weak (facts resting only on blogs, "
            "wikis or document-sharing sites), secondary (facts whose best source is grade 5), uncited (instruments without a gazette citation or a grade 1-3 "
            "source), unknown (unknown assessments, searched or not)."
        ),
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--list", choices=LISTS, help="print the items behind one count instead of the table")
    p.add_argument("--tier", choices=("national", "subnational", "municipal", "all"), default="national",
                   help="count the countries (default), the states and provinces (with the targets of the subnational tier), the municipalities, or all")
    add_store_options(p)
    p.set_defaults(func=cmd_coverage)
