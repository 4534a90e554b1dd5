"""Well-formed terms: every IRI a valid absolute IRI (RFC 3987), every typed literal valid for its datatype.

rdflib accepts `<http://exa mple.org/>` with a warning and `"2015-02-30"^^xsd:date` silently; the first
breaks the build's TriG and the second changes time-dependent answers. These checks run whenever the
sources are loaded, so `validate` reports them exactly as `build` does: each problem with its file,
line and the offending term. IRIs are checked with Oxigraph's IRI parser; literals with rdflib's
lexical validation, plus the year forms rdflib does not check.
"""

from __future__ import annotations

import re
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

_YEAR_FORMS = {
    XSD.gYear: re.compile(r"-?(?:[1-9]\d{4,}|\d{4})(?:Z|[+-]\d\d:\d\d)?", re.ASCII),
    XSD.gYearMonth: re.compile(r"-?(?:[1-9]\d{4,}|\d{4})-(?:0[1-9]|1[0-2])(?:Z|[+-]\d\d:\d\d)?", re.ASCII),
}
_CHECKED = {XSD.date, XSD.dateTime, XSD.integer, XSD.decimal, XSD.boolean, XSD.double, XSD.float,
            XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long, XSD.time, *_YEAR_FORMS}
# a typed number whose exponent has four or more digits would be expanded to that many digits by rdflib
HUGE_NUMBER = re.compile(r'"[+-]?[\d.]*[eE][+-]?\d{4,}"\s*\^\^\s*(?:xsd:(?:decimal|integer)\b|<http://www\.w3\.org/2001/XMLSchema#(?:decimal|integer)>)')


def iri_problem(iri: str) -> str | None:
    """Why `iri` is not a valid absolute IRI, or None."""
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as exc:
        return str(exc)
    return None


def literal_problem(literal: Literal) -> str | None:
    """Why a typed literal's lexical form is not valid for its datatype, or None."""
    datatype = literal.datatype
    if datatype is None or datatype not in _CHECKED:
        return None
    form = _YEAR_FORMS.get(datatype)
    if form is not None:
        return None if form.fullmatch(str(literal)) else f"not a valid {datatype.split('#')[-1]}"
    if getattr(literal, "ill_typed", False):
        return f"not a valid {datatype.split('#')[-1]}" + (" (no such calendar date)" if datatype in (XSD.date, XSD.dateTime) else "")
    return None


def problems(triples: Iterable[tuple]) -> list[tuple[str, str, str]]:
    """(term as written in Turtle, what is wrong, a token to find its line) for each bad term, deduplicated."""
    found: list[tuple[str, str, str]] = []
    seen: set = set()
    for triple in triples:
        for term in triple:
            if term in seen:
                continue
            seen.add(term)
            if isinstance(term, URIRef):
                why = iri_problem(str(term))
                if why:
                    found.append((f"<{term}>", f"invalid IRI: {why}", str(term)))
            elif isinstance(term, Literal) and term.datatype is not None:
                why = literal_problem(term)
                if why:
                    found.append((f'"{term}"^^{_short(term.datatype)}', why, f'"{term}"'))
    return found


def _short(datatype: URIRef) -> str:
    return "xsd:" + datatype.split("#")[-1] if str(datatype).startswith(str(XSD)) else f"<{datatype}>"
