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
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from . import clock
from .errors import EXIT_OK, UsageError
from .grades import WEAK_KINDS, kind_of, rules
from .store import Store

FORMATS = ("table", "csv", "json", "markdown")
LISTS = ("stale", "weak", "uncited", "unknown")
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
    items: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in LISTS}, repr=False)

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
                "secondary_share", "cited_share",
            )},
        )
        return data


def _run(store: Store, slug: str):
    from . import queries

    return queries.run(store, queries.find_query(slug), {})


def _assessments(store: Store, rows: dict[str, CountryCoverage]) -> None:
    statuses: dict[tuple[str, str, str], tuple[str, str]] = {}
    for row in _run(store, "assessment-matrix").rows:
        country, scheme, aspect, status = (row[c].value for c in ("country", "scheme", "aspect", "status"))
        searched = row["searched"].value if row.get("searched") is not None else ""
        key = (country, scheme, aspect)
        # one status per aspect (a duplicate assessment is an integrity violation; keep the first in order)
        if key not in statuses or statuses[key][0] == "not-assessed":
            statuses[key] = (status, searched)
    for (country, scheme, aspect), (status, searched) in statuses.items():
        item = rows[country]
        if status not in STATUSES:
            continue
        item.assessed += 1
        setattr(item, status.replace("-", "_"), getattr(item, status.replace("-", "_")) + 1)
        if status == "unknown":
            item.unknown_searched += bool(searched)
            item.items["unknown"].append(f"{scheme}:{aspect}\t{'searched ' + searched if searched else 'not yet searched'}")


def _facts(store: Store, rows: dict[str, CountryCoverage], today: date) -> None:
    facts: dict[tuple[str, str], dict] = {}
    for row in _run(store, "fact-sources").rows:
        key = (row["country"].value, row["node"].value)
        fact = facts.setdefault(key, {"grade": "", "kinds": set(), "checked": ""})
        fact["kinds"].add(row["kind"].value or kind_of(row["source"].value))
        fact["grade"] = row["grade"].value or fact["grade"]
        fact["checked"] = row["checked"].value or fact["checked"]
    cutoff = (today - timedelta(days=365)).isoformat()
    for (country, node), fact in facts.items():
        if country not in rows:
            continue
        item = rows[country]
        grade = fact["grade"] or min((_grade_of(k) for k in fact["kinds"]), default="5")
        item.facts += 1
        setattr(item, f"grade_{grade}", getattr(item, f"grade_{grade}") + 1)
        item.official += grade in OFFICIAL_GRADES
        item.official_or_legal_db += grade in ("1", "2", "3", "4")
        if fact["kinds"] and fact["kinds"] <= set(WEAK_KINDS):
            item.weak_only += 1
            item.items["weak"].append(node)
        if fact["checked"] and fact["checked"] < cutoff:
            item.stale += 1
            item.items["stale"].append(f"{node}\tchecked {fact['checked']}")


def _instruments(store: Store, rows: dict[str, CountryCoverage]) -> None:
    for row in _run(store, "instrument-citations").rows:
        country = row["country"].value
        if country not in rows:
            continue
        item = rows[country]
        item.instruments += 1
        cited = bool(row["gazette"].value or row["reference"].value) or row["grade"].value in ("1", "2", "3")
        item.cited += cited
        if not cited:
            item.items["uncited"].append(row["law"].value)


def coverage(store: Store, today: date | None = None) -> list[CountryCoverage]:
    """One row per country (sorted by ISO3) followed by the total row (country 'TOTAL')."""
    rules()  # a malformed rule table is reported before anything is counted
    countries = sorted({r["iso3"].value for r in store.select("SELECT ?iso3 WHERE { ?c a md:Country ; md:iso3 ?iso3 }", trusted=True).rows})
    if not countries:
        raise UsageError("no countries in the store: is data/jurisdictions.ttl loaded?")
    aspects = len({(r["scheme"].value, r["aspect"].value) for r in _run(store, "assessment-matrix").rows if r["country"].value == countries[0]})
    rows = {c: CountryCoverage(c, aspects) for c in countries}
    _assessments(store, rows)
    _facts(store, rows, today or clock.today())
    _instruments(store, rows)
    out = list(rows.values())
    total = CountryCoverage("TOTAL", sum(r.aspects for r in out))
    for name in total.as_dict():
        if name in {f.name for f in total.__dataclass_fields__.values()} and name not in ("country", "aspects"):
            setattr(total, name, sum(getattr(r, name) for r in out))
    for r in out:
        for name, values in r.items.items():
            total.items[name] += [f"{r.country}\t{v}" for v in values]
    return out + [total]


# ------------------------------------------------------------------------------------------ command
def cmd_coverage(args) -> int:
    from .coverage_render import render, render_list
    from .reconcile import store_from_args

    rows = coverage(store_from_args(args))
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
            "wikis or document-sharing sites), uncited (instruments without a gazette citation or a grade 1-3 "
            "source), unknown (unknown assessments, searched or not)."
        ),
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--list", choices=LISTS, help="print the items behind one count instead of the table")
    add_store_options(p)
    p.set_defaults(func=cmd_coverage)
