"""World Bank GovTech Dataset, long format: one row per country, wave and indicator.

Every non-empty cell becomes one md:DatasetRecord (field = the indicator code, e.g. I-33.1 for the
lead entity's name). No observation is made here: the composite scores come from the `gtmi` import
and the UN indices (I-16, I-18, I-27, I-44) from `unegov`, so that each observation has one origin.
"""

from __future__ import annotations

import re

from . import csvfile
from .csvfile import Row
from .rdf import ImportGraph

COLUMNS = ("country_iso3", "country", "gtmi_wave", "indicator", "label", "value")
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*$")


def convert(rows: list[Row], out: ImportGraph, countries: set[str]) -> None:
    for row in rows:
        iso3 = csvfile.country(row, "country_iso3", countries)
        wave = csvfile.year(row, "gtmi_wave")
        code = row.get("indicator")
        if not _CODE.match(code):
            raise row.fail(f'"{code}" in column indicator is not an indicator code such as I-38.3')
        raw = row.get("value")
        if raw == "":
            continue
        out.record(f"{wave}-{iso3}-{code}", row, code, raw, iso3, wave)
