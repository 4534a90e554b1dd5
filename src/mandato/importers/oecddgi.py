"""OECD Digital Government Index 2023, long format: one row per country, year and variable.

The composite index and its six dimensions become md:IndicatorObservation nodes derived from their
records; the composite rank (given for a few countries only, among the countries of the index)
stays a record, as the GTMI group does.
"""

from __future__ import annotations

from . import csvfile
from .csvfile import Row
from .rdf import ImportGraph

#: the file's variables and the indicator concepts (vocab/indicator/) they measure
INDICATORS = {
    "composite_index": "dgi",
    "digital_design": "dgi-digital-by-design",
    "data_driven": "dgi-data-driven",
    "govt_as_platform": "dgi-government-as-platform",
    "open_default": "dgi-open-by-default",
    "user_driven": "dgi-user-driven",
    "proactiveness": "dgi-proactiveness",
}
RECORD_ONLY = ("composite_rank",)
COLUMNS = ("cc_iso3c", "ref_year", "variable", "value")


def convert(rows: list[Row], out: ImportGraph, countries: set[str]) -> None:
    for row in rows:
        iso3 = csvfile.country(row, "cc_iso3c", countries)
        year = csvfile.year(row, "ref_year")
        variable = csvfile.one_of(row, "variable", (*INDICATORS, *RECORD_ONLY))
        value = csvfile.decimal(row, "value")
        if value is None:
            continue
        record = out.record(f"{year}-{iso3}-{variable}", row, variable, row.get("value"), iso3, year)
        if variable in INDICATORS:
            out.observation(iso3, INDICATORS[variable], year, value, row, record)
