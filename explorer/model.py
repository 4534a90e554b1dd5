"""What the pages compute from query results besides the statuses (explorer/facts.py): map values, law filters.

Pure functions over the frames that `explorer.data` returns (strings, '' for unbound), with no
Streamlit in them, so that tests and the benchmark can call them directly.
"""

from __future__ import annotations

import pandas as pd

from explorer.facts import (  # noqa: F401 - the one definition of each, re-exported for the pages
    SCHEMES,
    STATUSES,
    Truth,
    flag,
    in_force_from,
    instrument_year,
    split,
    status_counts,
    topics_in_force,
    year_of,
)

SUBREGIONS = ("south-america", "central-america", "caribbean", "mexico")


def with_years(laws: pd.DataFrame) -> pd.DataFrame:
    """The catalogue with an integer-or-None `year` column."""
    out = laws.copy()
    out["year"] = [instrument_year(r) for r in laws.to_dict("records")] if len(laws) else []
    return out


def map_values(metric: str, countries: list[str], findings: pd.DataFrame, truth: Truth, indicators: pd.DataFrame,
               baseline_topics: list[str], codes: dict[str, list[str]] | None = None) -> dict[str, float | None]:
    """ISO3 -> the value the map shows for a metric ('gaps', 'warnings', 'baseline', 'present', 'indicator:<code>')."""
    if metric in ("gaps", "warnings"):
        rows = findings if metric == "gaps" else findings[findings["severity"] == "Warning"]
        counts = rows.groupby("country").size().to_dict() if len(rows) else {}
        return {iso: float(counts.get(iso, 0)) for iso in countries}
    if metric == "baseline":
        return {iso: float(len(truth.baseline_in_force(iso, baseline_topics))) for iso in countries}
    if metric == "present":
        codes = codes or {}
        return {iso: float(sum(truth.status(iso, scheme, code) == "present" for scheme in SCHEMES for code in codes.get(scheme, [])))
                for iso in countries}
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
