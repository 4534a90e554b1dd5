"""World Bank GTMI scores: one row per country and wave, the four component indices and the group.

Each score is a record (the cell as written) and an md:IndicatorObservation derived from it; the
group (A-D) stays a record, as it is not an indicator value.
"""

from __future__ import annotations

from . import csvfile
from .csvfile import Row
from .rdf import ImportGraph

SCORES = ("gtmi", "cgsi", "psdi", "dcei", "gtei")
COLUMNS = ("year", "country_code", "country_name", "grp", *SCORES)


def convert(rows: list[Row], out: ImportGraph, countries: set[str]) -> None:
    for row in rows:
        iso3 = csvfile.country(row, "country_code", countries)
        year = csvfile.year(row, "year")
        group = row.get("grp")
        if group:
            out.record(f"{year}-{iso3}-grp", row, "grp", group, iso3, year)
        for column in SCORES:
            value = csvfile.decimal(row, column, 0, 1)  # the GTMI and its components are indices in [0, 1]
            if value is None:
                continue
            record = out.record(f"{year}-{iso3}-{column}", row, column, row.get(column), iso3, year)
            out.observation(iso3, column, year, value, row, record)
