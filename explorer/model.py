"""What the pages compute from query results: headline figures, status matrices, filters.

Pure functions over the frames that `explorer.data` returns (strings, '' for unbound), with no
Streamlit in them, so that tests and the benchmark can call them directly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

STATUSES = ("present", "absent", "unknown", "not-applicable")
SUBREGIONS = ("south-america", "central-america", "caribbean", "mexico")
SCHEMES = ("topic", "soltype", "aspect")
ENDED_UNDATED = -1  # an end that happened at an unknown date


def year_of(value: str | None) -> int | None:
    """The year of an xsd:date, xsd:gYear or dateTime lexical form ('' -> None)."""
    match = re.match(r"\s*(-?\d{4})", value or "")
    return int(match.group(1)) if match else None


def flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1")


def split(value: str | None) -> list[str]:
    return sorted(set((value or "").split()))


# ------------------------------------------------------------------------------------ instruments
def instrument_year(row) -> int | None:
    """The year an instrument is known by: the earliest of adoption, promulgation, publication, entry into force."""
    years = [year_of(row.get(c)) for c in ("date_adopted", "date_promulgated", "date_published", "date_in_force")]
    years = [y for y in years if y is not None]
    return min(years) if years else None


def in_force_from(row) -> int | None:
    """The year an instrument came into force: its entry-into-force date, else its earliest date."""
    return year_of(row.get("date_in_force")) or instrument_year(row)


def with_years(laws: pd.DataFrame) -> pd.DataFrame:
    """The catalogue with an integer-or-None `year` column."""
    out = laws.copy()
    out["year"] = [instrument_year(r) for r in laws.to_dict("records")] if len(laws) else []
    return out


def topics_in_force(laws: pd.DataFrame) -> dict[str, set[str]]:
    """ISO3 -> legal topic codes covered by at least one instrument in force."""
    covered: dict[str, set[str]] = defaultdict(set)
    for row in laws.to_dict("records"):
        if row.get("status") == "in-force":
            covered[row["iso3"]].update(split(row.get("topics")))
    return covered


# -------------------------------------------------------------------------------------- overview
@dataclass
class Headline:
    countries: int
    lead: int
    coordination: int
    strategy: int
    baseline: dict[str, int]  # topic code -> countries with a law in force

    @staticmethod
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0


def headline(summary: pd.DataFrame, laws: pd.DataFrame, baseline_topics: list[str]) -> Headline:
    """Headline figures computed from the country summary and the instrument catalogue."""
    covered = topics_in_force(laws)
    isos = list(summary["iso3"])
    return Headline(
        countries=len(isos),
        lead=sum(flag(v) for v in summary["lead"]),
        coordination=sum(flag(v) for v in summary["coordination"]),
        strategy=sum(flag(v) for v in summary["strategy"]),
        baseline={t: sum(1 for iso in isos if t in covered.get(iso, set())) for t in baseline_topics},
    )


def map_values(metric: str, countries: list[str], findings: pd.DataFrame, laws: pd.DataFrame,
               assessments: pd.DataFrame, indicators: pd.DataFrame, baseline_topics: list[str]) -> dict[str, float | None]:
    """ISO3 -> the value the map shows for a metric ('gaps', 'warnings', 'baseline', 'present', 'indicator:<code>')."""
    if metric in ("gaps", "warnings"):
        rows = findings if metric == "gaps" else findings[findings["severity"] == "Warning"]
        counts = rows.groupby("country").size().to_dict() if len(rows) else {}
        return {iso: float(counts.get(iso, 0)) for iso in countries}
    if metric == "baseline":
        covered = topics_in_force(laws)
        return {iso: float(len(covered.get(iso, set()) & set(baseline_topics))) for iso in countries}
    if metric == "present":
        present = assessments[assessments["status"] == "present"] if len(assessments) else assessments
        counts = present.groupby("iso3").size().to_dict() if len(present) else {}
        return {iso: float(counts.get(iso, 0)) for iso in countries}
    if metric.startswith("indicator:"):
        return latest_indicator(indicators, metric.split(":", 1)[1], countries)
    raise ValueError(f"unknown map metric {metric!r}")


def latest_indicator(indicators: pd.DataFrame, code: str, countries: list[str]) -> dict[str, float | None]:
    values: dict[str, float | None] = {iso: None for iso in countries}
    latest: dict[str, int] = {}
    for row in indicators.to_dict("records") if len(indicators) else []:
        if row["indicator"] != code or row["iso3"] not in values:
            continue
        year = year_of(row["year"]) or 0
        try:
            number = float(row["value"])
        except ValueError:
            continue
        if year >= latest.get(row["iso3"], -1):
            latest[row["iso3"]] = year
            values[row["iso3"]] = number
    return values


# ---------------------------------------------------------------------------------------- matrix
@dataclass
class Evidence:
    """Dated things that make an aspect present in a country: (start year, end year) pairs.

    start None: undated; end None: still running; end ENDED_UNDATED: ended at an unknown date.
    """

    items: dict[tuple[str, str, str], list[tuple[int | None, int | None]]]
    now: dict[tuple[str, str, str], bool]


def evidence(laws: pd.DataFrame, solutions: pd.DataFrame, mandates: pd.DataFrame, bodies: pd.DataFrame,
             events: pd.DataFrame, strategies: pd.DataFrame, summary: pd.DataFrame) -> Evidence:
    items: dict[tuple[str, str, str], list[tuple[int | None, int | None]]] = defaultdict(list)
    now: dict[tuple[str, str, str], bool] = defaultdict(bool)
    for row in laws.to_dict("records"):
        if row.get("status") not in ("in-force", "repealed"):
            continue
        end = None if row["status"] == "in-force" else (year_of(row.get("date_repealed")) or ENDED_UNDATED)
        for topic in split(row.get("topics")):
            items[(row["iso3"], "topic", topic)].append((in_force_from(row), end))
            if row["status"] == "in-force":
                now[(row["iso3"], "topic", topic)] = True
    for row in solutions.to_dict("records"):
        if row.get("soltype"):
            items[(row["iso3"], "soltype", row["soltype"])].append((year_of(row.get("launched")), None))
            now[(row["iso3"], "soltype", row["soltype"])] = True
    founded, abolished = _event_years(events)
    for row in mandates.to_dict("records"):
        if row.get("mandate_type") != "lead-digital-government":
            continue
        start = year_of(row.get("valid_from")) or founded.get(row["holder"])
        end = year_of(row.get("valid_until")) or abolished.get(row["holder"])
        items[(row["iso3"], "aspect", "lead-body")].append((start, end))
    for row in bodies.to_dict("records"):
        if flag(row.get("coordination")):
            items[(row["iso3"], "aspect", "coordination-body")].append((founded.get(row["body"]), abolished.get(row["body"])))
    for row in strategies.to_dict("records"):
        end = year_of(row.get("period_end"))
        items[(row["iso3"], "aspect", "national-strategy")].append((year_of(row.get("period_start")), end + 1 if end else None))
    for row in summary.to_dict("records"):
        for code, column in (("lead-body", "lead"), ("coordination-body", "coordination"), ("national-strategy", "strategy")):
            now[(row["iso3"], "aspect", code)] = flag(row.get(column))
    return Evidence(dict(items), dict(now))


def _event_years(events: pd.DataFrame) -> tuple[dict[str, int], dict[str, int]]:
    founded: dict[str, int] = {}
    abolished: dict[str, int] = {}
    for row in events.to_dict("records"):
        year = year_of(row.get("date"))
        if year is None:
            continue
        if row["kind"] == "Foundation" and row.get("resulting"):
            founded[row["resulting"]] = min(year, founded.get(row["resulting"], year))
        if row["kind"] in ("Abolition", "Merger") and row.get("original") and row.get("original") != row.get("resulting"):
            abolished[row["original"]] = year
    return founded, abolished


def assessed(assessments: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    for row in assessments.sort_values(["iso3", "scheme", "aspect", "assessment"]).to_dict("records") if len(assessments) else []:
        out.setdefault((row["iso3"], row["scheme"], row["aspect"]), row.get("status") or "unknown")
    return out


def status_now(key: tuple[str, str, str], assessed_status: dict, ev: Evidence) -> str:
    """The curated assessment; without one, present when the graph holds evidence, else unknown."""
    if key in assessed_status:
        return assessed_status[key]
    return "present" if ev.now.get(key) else "unknown"


def status_as_of(key: tuple[str, str, str], year: int, assessed_status: dict, ev: Evidence) -> str:
    """The status at the end of `year`, from dated evidence (see the Compare page's explanation)."""
    states = []
    for start, end in ev.items.get(key, []):
        if start is None:
            states.append("undated")
        elif start > year:
            states.append("later")
        elif end is None or (end != ENDED_UNDATED and end > year):
            states.append("active")
        elif end == ENDED_UNDATED:
            states.append("undated")
        else:
            states.append("ended")
    if "active" in states:
        return "present"
    if "undated" in states:
        return "unknown"
    current = status_now(key, assessed_status, ev)
    if current in ("absent", "not-applicable"):
        return current
    if states:
        return "absent"
    return "unknown"


def matrix(countries: list[str], scheme: str, codes: list[str], assessments: pd.DataFrame, ev: Evidence,
           year: int | None = None) -> pd.DataFrame:
    """Long table iso3, scheme, code, status for every country and code (year None: now)."""
    assessed_status = assessed(assessments)
    rows = []
    for iso in countries:
        for code in codes:
            key = (iso, scheme, code)
            status = status_now(key, assessed_status, ev) if year is None else status_as_of(key, year, assessed_status, ev)
            rows.append({"iso3": iso, "scheme": scheme, "code": code, "status": status})
    return pd.DataFrame(rows, columns=["iso3", "scheme", "code", "status"])


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["status"].value_counts().to_dict() if len(frame) else {}
    return {s: int(counts.get(s, 0)) for s in STATUSES}


# ------------------------------------------------------------------------------------------- laws
def haystack(laws: pd.DataFrame, names: dict[str, str] | None = None) -> pd.Series:
    """The text the free-text search looks in: IRI, title, number and the labels of each instrument."""
    names = names or {}
    return pd.Series(
        [" ".join([law, title or "", number or "", names.get(law, "")]).casefold()
         for law, title, number in zip(laws["law"], laws.get("title", [""] * len(laws)), laws.get("number", [""] * len(laws)))],
        index=laws.index, dtype="object",
    )


def filter_laws(laws: pd.DataFrame, countries: list[str] | None = None, topics: list[str] | None = None,
                types: list[str] | None = None, statuses: list[str] | None = None,
                years: tuple[int, int] | None = None, full_range: bool = True, text: str = "",
                names: dict[str, str] | None = None) -> pd.DataFrame:
    """The catalogue rows matching every filter (vectorised); the text matches every word, in any case.

    The text is searched in a `haystack` column when the frame has one (see haystack()), otherwise
    in the IRI, title, number and `names` (IRI -> labels).
    """
    mask = pd.Series(True, index=laws.index)
    if countries:
        mask &= laws["iso3"].isin(countries)
    if topics:
        padded = " " + laws["topics"].fillna("") + " "
        mask &= pd.concat([padded.str.contains(f" {t} ", regex=False) for t in topics], axis=1).any(axis=1)
    if types:
        mask &= laws["type"].isin(types)
    if statuses:
        mask &= laws["status"].isin(statuses)
    if years and not full_range:
        low, high = years
        numeric = pd.to_numeric(laws["year"], errors="coerce")
        mask &= numeric.between(low, high)
    words = " ".join(text.split()).casefold().split()
    if words:
        hay = laws["haystack"] if "haystack" in laws else haystack(laws, names)
        for word in words:
            mask &= hay.str.contains(word, regex=False)
    return laws[mask]


def year_bounds(laws: pd.DataFrame, default: tuple[int, int]) -> tuple[int, int]:
    years = [int(y) for y in laws.get("year", []) if y is not None and not pd.isna(y)]
    return (min(years), max(years)) if years else default
