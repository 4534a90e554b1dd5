"""Maturity assessments as RDF: one file, and so one named graph, per jurisdiction and year.

    data/maturity/URY-2025.ttl  ->  graph:data/maturity/URY-2025
        maturity:URY-2025        a md:MaturityAssessment ; md:jurisdiction country:URY ; md:assessmentYear "2025" ;
                                 md:assessor "..." ; md:asOf "2026-12-07" ; md:hasScore maturity:URY-2025-1.1.1 , ...
        maturity:URY-2025-1.1.1  a md:VariableScore ; md:maturityVariable mm:1.1.1 ; md:maturityLevel mlevel:3 ;
                                 rdfs:comment "evidence note" ; dct:source <https://...>

Scores only: component and area averages are computed by SPARQL when asked (report.py), never stored.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ..errors import UsageError
from ..namespaces import ID, MD, bind_all
from ..paths import DATA_DIR, relative
from ..rdfio import canonical_turtle
from .checklist import Row, read_checklist
from .instrument import MLEVEL, MM, Instrument, load_instrument
from .jurisdiction import Jurisdiction, check_known, parse_code

MATURITY_DIR = DATA_DIR / "maturity"
MATURITY_NS = f"{ID}maturity/"
FIRST_YEAR = 1990


def assessment_iri(code: str, year: int) -> URIRef:
    return URIRef(f"{MATURITY_NS}{code}-{year}")


def score_iri(assessment: URIRef, code: str) -> URIRef:
    return URIRef(f"{assessment}-{code}")


def assessment_graph(
    instrument: Instrument,
    rows: list[Row],
    assessment: URIRef,
    *,
    jurisdiction: Jurisdiction | None,
    year: int | None,
    assessor: str,
    on: date | None,
    labels: dict[str, str],
) -> Graph:
    graph = Graph()
    bind_all(graph)
    graph.add((assessment, RDF.type, MD.MaturityAssessment))
    for lang, text in labels.items():
        graph.add((assessment, RDFS.label, Literal(text, lang=lang)))
    if jurisdiction is not None:
        graph.add((assessment, MD.jurisdiction, URIRef(jurisdiction.iri)))
    if year is not None:
        graph.add((assessment, MD.assessmentYear, Literal(str(year), datatype=XSD.gYear)))
    graph.add((assessment, MD.assessor, Literal(assessor)))
    if on is not None:
        graph.add((assessment, MD.asOf, Literal(on.isoformat(), datatype=XSD.date)))
    short = assessment.rsplit("/", 1)[-1]
    for row in rows:
        node = score_iri(assessment, row.code)
        graph.add((assessment, MD.hasScore, node))
        graph.add((node, RDF.type, MD.VariableScore))
        graph.add((node, RDFS.label, Literal(f"{short}, variable {row.code}: level {row.score}", lang="en")))
        graph.add((node, MD.maturityVariable, MM[row.code]))
        graph.add((node, MD.maturityLevel, MLEVEL[str(row.score)]))
        if row.evidence:
            graph.add((node, RDFS.comment, Literal(row.evidence)))
        if row.source:
            graph.add((node, DCTERMS.source, URIRef(row.source)))
    return graph


def write_atomically(path: Path, text: str) -> None:
    """Write a file completely or not at all (a temporary file beside it, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def parse_year(raw: str | int, today: date) -> int:
    text = str(raw).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise UsageError(f"--year takes a four-digit year, got {raw!r}")
    year = int(text)
    if not FIRST_YEAR <= year <= today.year:
        raise UsageError(f"--year {year} is outside {FIRST_YEAR}-{today.year}: an assessment describes a year that has begun")
    return year


def parse_date(raw: str | None, today: date) -> date:
    if not raw:
        return today
    try:
        value = date.fromisoformat(raw.strip()) if re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", raw) else None
    except ValueError:
        value = None
    if value is None:
        raise UsageError(f"--date takes a calendar date YYYY-MM-DD, got {raw!r}")
    if value > today:
        raise UsageError(f"--date {value.isoformat()} is in the future")
    return value


@dataclass
class ImportReport:
    path: Path
    assessment: URIRef
    scores: int
    replaced: bool


def import_checklist(
    csv_path: Path,
    jurisdiction_code: str,
    year: str | int,
    assessor: str,
    *,
    on: str | None = None,
    out_dir: Path = MATURITY_DIR,
    replace: bool = False,
    data_dir: Path = DATA_DIR,
    today: date | None = None,
) -> ImportReport:
    """Check everything, then write out_dir/{jurisdiction}-{year}.ttl in one step (nothing on error)."""
    today = today or date.today()
    jurisdiction = parse_code(jurisdiction_code)
    year_value = parse_year(year, today)
    assessed_on = parse_date(on, today)
    assessor = " ".join((assessor or "").split())
    if not assessor:
        raise UsageError("--assessor needs the name of the person, team or organisation that made the assessment")
    if assessed_on.year < year_value:
        raise UsageError(f"--date {assessed_on.isoformat()} is before the assessed year {year_value}")
    check_known(jurisdiction, data_dir)
    path = Path(out_dir) / f"{jurisdiction.code}-{year_value}.ttl"
    if path.exists() and not replace:
        raise UsageError(f"an assessment of {jurisdiction.code} for {year_value} already exists ({relative(path)}); pass --replace to overwrite it")
    instrument = load_instrument()
    rows = read_checklist(Path(csv_path), instrument)
    iri = assessment_iri(jurisdiction.code, year_value)
    labels = {
        "en": f"ECLAC maturity assessment, {jurisdiction.code} {year_value}",
        "es": f"Evaluación de madurez CEPAL, {jurisdiction.code} {year_value}",
        "pt": f"Avaliação de maturidade CEPAL, {jurisdiction.code} {year_value}",
    }
    graph = assessment_graph(instrument, rows, iri, jurisdiction=jurisdiction, year=year_value, assessor=assessor, on=assessed_on, labels=labels)
    existed = path.exists()
    write_atomically(path, canonical_turtle(graph))
    return ImportReport(path, iri, len(rows), existed)
