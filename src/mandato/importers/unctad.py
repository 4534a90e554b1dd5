"""UNCTAD Global Cyberlaw Tracker: one row per country, category and law document.

Each row gives its cells (category, status, law_title, url) as records
dataset:unctad-{ISO3}-{category}-{n}-{column}, n counting the rows of that country and category in
file order. A country's status in a category is 'Legislation' when any of its rows says so.
"""

from __future__ import annotations

from collections import Counter

from . import csvfile
from .csvfile import Row
from .rdf import ImportGraph

CATEGORIES = {
    "Electronic Transactions": "e-transactions",
    "Privacy and Data Protection": "data-protection",
    "Cybercrime": "cybercrime",
    "Consumer Protection": "consumer-protection",
}
STATUSES = ("Legislation", "Draft Legislation", "No Legislation", "No Data")
COLUMNS = ("country_iso3", "country", "category", "status", "law_title", "url")
CELLS = {"category": "category", "status": "status", "law_title": "law-title", "url": "url"}


def convert(rows: list[Row], out: ImportGraph, countries: set[str]) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        iso3 = csvfile.country(row, "country_iso3", countries)
        category = csvfile.one_of(row, "category", tuple(CATEGORIES))
        csvfile.one_of(row, "status", STATUSES)
        counts[(iso3, category)] += 1
        prefix = f"{iso3}-{CATEGORIES[category]}-{counts[(iso3, category)]}"
        for column, slug in CELLS.items():
            raw = row.get(column)
            if raw:
                out.record(f"{prefix}-{slug}", row, column, raw, iso3)
