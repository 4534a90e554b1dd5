"""Jurisdiction codes of maturity assessments: a country (ISO 3166-1 alpha-3) or a subnational one (ISO 3166-2).

    URY   -> https://w3id.org/mandato/id/country/URY
    AR-X  -> https://w3id.org/mandato/id/jurisdiction/AR-X   (the Province of Córdoba, Argentina)

A country must be one of the 33 of data/jurisdictions.ttl; a subnational jurisdiction must be
declared as an md:SubnationalJurisdiction in one of the data/*.ttl files before it is assessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, URIRef

from ..errors import UsageError
from ..namespaces import ID, MD
from ..paths import DATA_DIR
from ..rdfio import parse_turtle

_COUNTRY = re.compile(r"[A-Z]{3}")
_SUBDIVISION = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    iri: str

    @property
    def is_country(self) -> bool:
        return bool(_COUNTRY.fullmatch(self.code))


def parse_code(raw: str) -> Jurisdiction:
    """The jurisdiction for a code as users type it (case-insensitive); a usage error otherwise."""
    code = (raw or "").strip().upper()
    if _COUNTRY.fullmatch(code):
        return Jurisdiction(code, f"{ID}country/{code}")
    if _SUBDIVISION.fullmatch(code):
        return Jurisdiction(code, f"{ID}jurisdiction/{code}")
    raise UsageError(f"jurisdiction {raw!r} is neither an ISO 3166-1 alpha-3 country code (URY) nor an ISO 3166-2 subdivision code (AR-X)")


def from_iri(iri: str) -> Jurisdiction | None:
    for kind in ("country", "jurisdiction"):
        prefix = f"{ID}{kind}/"
        if iri.startswith(prefix):
            return Jurisdiction(iri[len(prefix):], iri)
    return None


def known_jurisdictions(data_dir: Path = DATA_DIR) -> set[str]:
    """IRIs of the countries and subnational jurisdictions declared in data/*.ttl."""
    found: set[str] = set()
    for path in sorted(Path(data_dir).glob("*.ttl")):
        graph = parse_turtle(path).graph
        for cls in (MD.Country, MD.SubnationalJurisdiction):
            found.update(str(s) for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
    return found


def check_known(jurisdiction: Jurisdiction, data_dir: Path = DATA_DIR) -> None:
    if jurisdiction.iri in known_jurisdictions(data_dir):
        return
    if jurisdiction.is_country:
        raise UsageError(f"unknown country code {jurisdiction.code!r}: not one of the countries in data/jurisdictions.ttl")
    raise UsageError(
        f"unknown subnational jurisdiction {jurisdiction.code!r}: declare <{jurisdiction.iri}> as an md:SubnationalJurisdiction "
        "(with its labels, md:governanceTier and sources) in data/jurisdictions.ttl first"
    )
