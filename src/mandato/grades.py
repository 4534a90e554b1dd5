"""The evidence grade of every source and every fact, from one rule table (data/source-kinds.csv).

A source URL takes the kind of the most specific pattern of the table that matches it (a longer host
suffix beats a shorter one; a path prefix beats the bare host); each kind has one grade, declared in
ontology/schemes.ttl (md:SourceKindScheme, md:evidenceGrade):

  1 official text: an official gazette, a legislature, an official legal database
  2 official government page
  3 privately run legal database reproducing the gazette data
  4 intergovernmental body or public dataset
  5 secondary: news, law firms, vendors, academia and civil society, blogs, wikis, document sharing

A fact (a curated node with dct:source) takes the best grade among its sources. The build writes both
to graph:derived (`<url> md:sourceKind ...; md:evidenceGrade ...` and `<fact> md:evidenceGrade ...`),
so that queries, the gap report and `mandato coverage` read the same grades.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from .errors import InputError
from .namespaces import ID, MD, scheme_ns
from .paths import DATA_DIR, relative

SOURCE_KINDS = DATA_DIR / "source-kinds.csv"
SRCKIND = scheme_ns("srckind")
GRADE = scheme_ns("grade")
GRADES = ("1", "2", "3", "4", "5")
WEAK_KINDS = ("blog", "wiki", "document-sharing")
IMPORTED = (MD.IndicatorObservation, MD.DatasetRecord, MD.ImportedDataset, MD.DisagreementExplanation, MD.VariableScore, MD.SuggestedScore)
_BRACES = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Rule:
    host: str
    path: str
    kind: str
    publisher: str
    line: int

    @property
    def specificity(self) -> tuple[int, int]:
        return (self.host.count(".") + 1, len(self.path))


def _expand(pattern: str) -> list[str]:
    parts = _BRACES.split(pattern)
    literals, choices = parts[0::2], [p.split(",") for p in parts[1::2]]
    out = []
    for combo in itertools.product(*choices):
        text = literals[0]
        for choice, literal in zip(combo, literals[1:]):
            text += choice.strip() + literal
        out.append(text.strip().lower())
    return out


def parse_rules(text: str, name: str = "data/source-kinds.csv", kinds: set[str] | None = None) -> list[Rule]:
    rules, seen = [], {}
    lines = [line for line in text.splitlines()]
    reader = csv.reader(io.StringIO("\n".join(lines)))
    for number, row in enumerate(reader, start=1):
        if not row or row[0].startswith("#") or row == ["pattern", "kind", "publisher"]:
            continue
        if len(row) < 2:
            raise InputError("a rule needs a pattern and a kind", file=name, line=number)
        pattern, kind = row[0].strip(), row[1].strip()
        if kinds is not None and kind not in kinds:
            raise InputError(f"unknown source kind {kind!r} (kinds: {', '.join(sorted(kinds))})", file=name, line=number)
        for expanded in _expand(pattern):
            host, _, path = expanded.partition("/")
            if not host:
                raise InputError(f"empty host in pattern {pattern!r}", file=name, line=number)
            key = (host, path)
            if key in seen:
                raise InputError(f"{expanded!r} is already given a kind on line {seen[key]}: one rule per host and path", file=name, line=number)
            seen[key] = number
            rules.append(Rule(host, "/" + path if path else "", kind, row[2].strip() if len(row) > 2 else "", number))
    return rules


@lru_cache(maxsize=4)
def _rules(path: str) -> tuple[Rule, ...]:
    file = Path(path)
    return tuple(parse_rules(file.read_text(encoding="utf-8-sig"), relative(file)))


def rules(path: Path = SOURCE_KINDS) -> tuple[Rule, ...]:
    return _rules(str(path))


def _host_and_path(url: str) -> tuple[str, str]:
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return "", ""
    return host, parts.path or "/"


def rule_for(url: str, table: tuple[Rule, ...] | None = None) -> Rule | None:
    """The most specific rule that matches the URL, or None: the longest matching host suffix wins, and
    under it the longest matching path prefix (a host's suffixes are looked up, not every rule)."""
    host, path = _host_and_path(url)
    if not host:
        return None
    by_host = _index(table if table is not None else rules())
    labels = host.split(".")
    path = path.lower()
    for start in range(len(labels)):
        for rule in by_host.get(".".join(labels[start:]), ()):
            if not rule.path or path.startswith(rule.path):
                return rule
    return None


_INDEXES: dict[int, tuple[tuple[Rule, ...], dict[str, list[Rule]]]] = {}


def _index(table: tuple[Rule, ...]) -> dict[str, list[Rule]]:
    """The table's rules by host, the longest path first (kept per table: a build looks up every cited URL)."""
    cached = _INDEXES.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    by_host: dict[str, list[Rule]] = {}
    for rule in table:
        by_host.setdefault(rule.host, []).append(rule)
    for host_rules in by_host.values():
        host_rules.sort(key=lambda r: -len(r.path))
    if len(_INDEXES) > 8:
        _INDEXES.clear()
    _INDEXES[id(table)] = (table, by_host)
    return by_host


def kind_of(url: str, table: tuple[Rule, ...] | None = None) -> str:
    rule = rule_for(url, table)
    return rule.kind if rule else "other"


def grade_of_kind(ontology: Graph) -> dict[str, str]:
    """kind code -> grade code, as declared in the ontology (md:SourceKindScheme)."""
    out = {}
    for concept, grade in ontology.subject_objects(MD.evidenceGrade):
        if str(concept).startswith(str(SRCKIND)) and str(grade).startswith(str(GRADE)):
            out[str(concept)[len(str(SRCKIND)):]] = str(grade)[len(str(GRADE)):]
    return out


def curated_pairs_query() -> str:
    """SPARQL: every (fact, source URL) pair of the curated layer.

    Imported records are not curated facts, and the ontology's terms cite the passages of the source
    documents (id/source/), not web pages. An unknown assessment states no fact: the pages it cites are
    the ones that did not settle it (its search trail lists them too), so it takes no grade.
    """
    imported = " ".join(f"<{c}>" for c in IMPORTED)
    return (
        "SELECT ?fact ?source WHERE { ?fact <http://purl.org/dc/terms/source> ?source . "
        f"FILTER (isIRI(?source) && !STRSTARTS(STR(?source), '{ID}source/')) "
        f"MINUS {{ ?fact a ?imported VALUES ?imported {{ {imported} }} }} "
        f"MINUS {{ ?fact <{MD.status}> <{scheme_ns('status').unknown}> }} }}"
    )


def derived_ntriples(pairs, grade_of: dict[str, str], table: tuple[Rule, ...] | None = None) -> list[str]:
    """md:sourceKind and md:evidenceGrade of every cited URL, and md:evidenceGrade of every fact, as
    N-Triples lines (`pairs`: (fact IRI, source IRI) strings; a build derives them for every fact, so
    no rdflib graph is made)."""
    lines: list[str] = []
    best: dict[str, int] = {}
    ranks: dict[str, int] = {}
    kind_p, grade_p = f"<{MD.sourceKind}>", f"<{MD.evidenceGrade}>"
    for fact, url in pairs:
        rank = ranks.get(url)
        if rank is None:
            kind = kind_of(url, table)
            grade = grade_of.get(kind, "5")
            rank = ranks[url] = GRADES.index(grade)
            lines.append(f"<{url}> {kind_p} <{SRCKIND[kind]}> .")
            lines.append(f"<{url}> {grade_p} <{GRADE[grade]}> .")
        if rank < best.get(fact, 99):
            best[fact] = rank
    lines.extend(f"<{fact}> {grade_p} <{GRADE[GRADES[rank]]}> ." for fact, rank in best.items())
    return lines


def derived_from_pairs(pairs, grade_of: dict[str, str], table: tuple[Rule, ...] | None = None) -> Graph:
    """The same derivation as an rdflib graph."""
    text = "\n".join(derived_ntriples(((str(f), str(s)) for f, s in pairs), grade_of, table))
    return Graph().parse(data=text, format="nt") if text else Graph()
