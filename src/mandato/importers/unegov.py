"""UN E-Government Survey: one row per country and survey year (EGDI, its rank, EPI, OSI, HCI, TII).

Each cell is a record and an md:IndicatorObservation derived from it.
"""

from __future__ import annotations

from . import csvfile
from .csvfile import Row
from .rdf import ImportGraph

INDICATORS = {"egdi_rank": "egdi-rank", "egdi": "egdi", "epi": "epi", "osi": "osi", "hci": "hci", "tii": "tii"}
# plausible ranges: the indices lie in [0, 1]; the rank is a place among the UN's 193 member States
RANGES = {"egdi_rank": (1, 193, True), **{c: (0, 1, False) for c in ("egdi", "epi", "osi", "hci", "tii")}}
COLUMNS = ("country_iso3", "country", "survey_year", *INDICATORS)


def convert(rows: list[Row], out: ImportGraph, countries: set[str]) -> None:
    for row in rows:
        iso3 = csvfile.country(row, "country_iso3", countries)
        year = csvfile.year(row, "survey_year")
        for column, indicator in INDICATORS.items():
            lowest, highest, whole = RANGES[column]
            value = csvfile.decimal(row, column, lowest, highest, whole)
            if value is None:
                continue
            record = out.record(f"{year}-{iso3}-{column}", row, column, row.get(column), iso3, year)
            out.observation(iso3, indicator, year, value, row, record)
