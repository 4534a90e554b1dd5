"""The explorer's only door to the graph: the store, the stored queries and the gap report, cached.

The explorer never parses the sources. It opens the built graph through `mandato.store`
(EmbeddedStore.from_build, or RemoteStore for an endpoint URL), runs the stored queries of
`queries/` and `queries/explorer/` through `mandato.queries`, and the gap shapes through
`mandato.gaps.run_sparql_engine`. Everything is cached per data source with st.cache_resource (the
store, query results as shared read-only frames, labels, vocabulary, the gap report); only the
endpoint probe uses st.cache_data, with a short time to live. The cache key of the embedded store
includes the build file's modification time, so a new `mandato build` is picked up without a
restart. `warm()` fills the caches before the first browser connects (explorer/serve.py).
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from mandato import gaps as gap_report
from mandato import queries as stored
from mandato.errors import EndpointError, MandatoError, UsageError
from mandato.paths import BUILD_MANIFEST, BUILD_TRIG, QUERIES_DIR, relative
from mandato.store import EmbeddedStore, RemoteStore, Result, Store

ENV_ENDPOINT = "MANDATO_EXPLORER_ENDPOINT"
ENV_TIMEOUT = "MANDATO_EXPLORER_TIMEOUT"
EXPLORER_QUERIES = QUERIES_DIR / "explorer"
# the texts of the cited documents are not distributed: a folder holding them may be named here
SOURCE_TEXTS = Path(os.environ["MANDATO_SOURCE_TEXTS"]) if os.environ.get("MANDATO_SOURCE_TEXTS") else None
REMOTE_TTL = 600  # seconds a remote endpoint's answers are reused
FIRST_PAGE = threading.Event()  # set after the first script run of the process (see serve.warm)


@dataclass(frozen=True)
class Source:
    """Which store the explorer reads: an endpoint URL, or the embedded store of a build folder."""

    endpoint: str
    build_dir: str
    timeout: float
    stamp: str = ""  # build file modification time: a rebuild changes the cache key

    @property
    def key(self) -> str:
        return f"remote:{self.endpoint}" if self.endpoint else f"embedded:{self.build_dir}:{self.stamp}"

    @property
    def remote(self) -> bool:
        return bool(self.endpoint)


def default_build_dir() -> Path:
    from mandato.paths import BUILD_DIR

    return Path(os.environ.get("MANDATO_BUILD") or BUILD_DIR)


def default_endpoint() -> str:
    return os.environ.get(ENV_ENDPOINT, "").strip()


def default_timeout() -> float:
    try:
        return float(os.environ.get(ENV_TIMEOUT, "20"))
    except ValueError:
        return 20.0


def source_for(endpoint: str | None, build_dir: Path | None = None, timeout: float | None = None) -> Source:
    """The data source for an endpoint URL (or '' for the embedded store); checks the URL's form."""
    endpoint = (endpoint or "").strip()
    if endpoint and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", endpoint):
        raise UsageError(f"endpoint must be an http(s) URL, got {endpoint!r}")
    build = Path(build_dir or default_build_dir())
    trig = build / BUILD_TRIG
    stamp = str(trig.stat().st_mtime_ns) if trig.exists() and not endpoint else ""
    return Source(endpoint, str(build), float(timeout or default_timeout()), stamp)


# ------------------------------------------------------------------------------------------- store
@st.cache_resource(show_spinner=False, max_entries=8)
def _open_store(key: str, endpoint: str, build_dir: str, timeout: float) -> Store:
    if endpoint:
        return RemoteStore(endpoint, timeout=timeout)
    return EmbeddedStore.from_build(Path(build_dir))


def store(source: Source) -> Store:
    return _open_store(source.key, source.endpoint, source.build_dir, source.timeout)


@st.cache_data(show_spinner=False, ttl=30, max_entries=16)
def _probe(key: str, endpoint: str, build_dir: str, timeout: float) -> int:
    """Triple count (embedded) or 1 (remote answered an ASK); raises a MandatoError otherwise."""
    opened = _open_store(key, endpoint, build_dir, timeout)
    if endpoint:
        opened.select("ASK { ?s ?p ?o }", timeout=min(timeout, 8.0), trusted=True)
        return 1
    return len(opened)


def check(source: Source) -> int:
    """Open the source and make sure it answers; raises EndpointError/UsageError with a clear message."""
    return _probe(source.key, source.endpoint, source.build_dir, source.timeout)


def manifest(source: Source) -> dict:
    path = Path(source.build_dir) / BUILD_MANIFEST
    if source.remote or not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}


def describe(source: Source) -> dict:
    if source.remote:
        return {"kind": "remote", "url": source.endpoint}
    info = manifest(source)
    return {
        "kind": "embedded",
        "path": relative(Path(source.build_dir) / BUILD_TRIG),
        "triples": f"{info.get('triples', 0):,}",
        "built": str(info.get("built", "?"))[:10],
    }


# ----------------------------------------------------------------------------------------- queries
@st.cache_resource(show_spinner=False)
def _query_files(directory: str) -> dict[str, stored.StoredQuery]:
    """The stored queries of a folder, read once per server process."""
    return {q.slug: q for q in stored.list_queries(Path(directory))}


def library() -> list[stored.StoredQuery]:
    """The stored queries of queries/ (the public library), sorted by file name."""
    return list(_query_files(str(QUERIES_DIR)).values())


def explorer_query(slug: str) -> stored.StoredQuery:
    queries = _query_files(str(EXPLORER_QUERIES))
    if slug not in queries:
        raise UsageError(f"explorer query {slug!r} is missing from {relative(EXPLORER_QUERIES)}")
    return queries[slug]


def to_frame(result: Result) -> pd.DataFrame:
    """A result as a frame of strings ('' for unbound), columns in the query's order."""
    rows = [["" if row.get(c) is None else row[c].value for c in result.columns] for row in result.rows]
    return pd.DataFrame(rows, columns=result.columns, dtype="object")


def _execute(key: str, endpoint: str, build_dir: str, timeout: float, directory: str, slug: str, params: tuple) -> pd.DataFrame:
    queries = _query_files(directory)
    if slug not in queries:
        raise UsageError(f"unknown query {slug!r}")
    result = stored.run(_open_store(key, endpoint, build_dir, timeout), queries[slug], dict(params), timeout=timeout)
    return to_frame(result)


# Results are shared, read-only frames (st.cache_resource hands out the object itself, with no copy):
# pages derive new frames and never modify these.
@st.cache_resource(show_spinner=False, max_entries=1024)
def _run(key: str, endpoint: str, build_dir: str, timeout: float, directory: str, slug: str, params: tuple) -> pd.DataFrame:
    return _execute(key, endpoint, build_dir, timeout, directory, slug, params)


@st.cache_resource(show_spinner=False, max_entries=1024, ttl=REMOTE_TTL)
def _run_remote(key: str, endpoint: str, build_dir: str, timeout: float, directory: str, slug: str, params: tuple) -> pd.DataFrame:
    return _execute(key, endpoint, build_dir, timeout, directory, slug, params)


def _params(values: dict[str, str] | None) -> tuple:
    return tuple(sorted((k, v) for k, v in (values or {}).items() if v not in (None, "")))


def run_library(source: Source, slug: str, values: dict[str, str] | None = None) -> pd.DataFrame:
    """Run a stored query of the public library with its parameters (bound, never pasted)."""
    runner = _run_remote if source.remote else _run
    return runner(source.key, source.endpoint, source.build_dir, source.timeout, str(QUERIES_DIR), slug, _params(values))


def run(source: Source, slug: str, values: dict[str, str] | None = None) -> pd.DataFrame:
    """Run one of the explorer's own stored queries (queries/explorer/)."""
    runner = _run_remote if source.remote else _run
    return runner(source.key, source.endpoint, source.build_dir, source.timeout, str(EXPLORER_QUERIES), slug, _params(values))


# ------------------------------------------------------------------------------------------- truth
@st.cache_resource(show_spinner=False, max_entries=64, ttl=REMOTE_TTL)
def _truth(key: str, _source: Source, on: str, today: bool):
    import datetime as dt

    from explorer import facts

    dated = {} if today else {"asOf": on}  # today: the queries' own default date (mandato.clock)
    frames = {slug: run(_source, slug, dated if slug in facts.DATED_QUERIES else None) for slug in facts.TRUTH_QUERIES}
    return facts.from_frames(frames, dt.date.fromisoformat(on))


def truth(source: Source, on=None):
    """The one definition of every status and count (explorer/facts.py) on a date (default today),
    computed once per source and date."""
    from explorer import facts

    today = facts.today()
    day = on or today
    return _truth(source.key, source, day.isoformat(), day >= today)


# ------------------------------------------------------------------------------------------ labels
@dataclass
class Labels:
    """Language-tagged names of entities, with acronyms and the instrument each provision is part of."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)

    def get(self, iri: str, lang: str) -> str:
        """The label in lang, else English, Spanish, Portuguese, untagged; else the IRI's short form."""
        if not iri:
            return ""
        names = self.names.get(iri)
        if names:
            for candidate in (lang, "en", "es", "pt", ""):
                if candidate in names:
                    return names[candidate]
            return names[sorted(names)[0]]
        parent = self.part_of.get(iri)
        if parent:
            return f"{iri.rsplit('-art-', 1)[-1]} · {self.get(parent, lang)}"
        from mandato.namespaces import curie

        return curie(iri)

    def full(self, iri: str, lang: str) -> str:
        """Label with acronym, and for a provision its instrument: 'Artículo 3 (Ley 100)'."""
        label = self.get(iri, lang)
        acronym = self.acronyms.get(iri)
        if acronym and acronym.lower() not in label.lower():
            label = f"{label} ({acronym})"
        parent = self.part_of.get(iri)
        if parent and iri in self.names:
            label = f"{label}, {self.get(parent, lang)}"
        return label


@st.cache_resource(show_spinner=False, max_entries=8, ttl=REMOTE_TTL)
def _labels(key: str, endpoint: str, build_dir: str, timeout: float) -> Labels:
    result = _raw_labels(key, endpoint, build_dir, timeout)
    labels = Labels()
    preferred: dict[tuple[str, str], str] = {}
    for entity, value, lang, kind in result:
        if kind == "acronym":
            labels.acronyms.setdefault(entity, value)
            continue
        slot = (entity, lang)
        # skos:prefLabel wins over rdfs:label; otherwise the first in sorted order
        if slot not in preferred or (kind == "pref" and preferred[slot] != "pref"):
            labels.names.setdefault(entity, {})[lang] = value
            preferred[slot] = kind
    provisions = _execute(key, endpoint, build_dir, timeout, str(EXPLORER_QUERIES), "provisions", ())
    labels.part_of = dict(zip(provisions["provision"], provisions["instrument"]))
    return labels


def _raw_labels(key: str, endpoint: str, build_dir: str, timeout: float) -> list[tuple[str, str, str, str]]:
    result = stored.run(_open_store(key, endpoint, build_dir, timeout), explorer_query("labels"), {}, timeout=timeout)
    out = []
    for row in result.rows:
        entity, label, kind = row.get("entity"), row.get("label"), row.get("kind")
        if entity is None or label is None or entity.kind != "iri":
            continue
        out.append((entity.value, label.value, (label.lang or "").lower().split("-")[0], kind.value if kind else "label"))
    return out


def labels(source: Source) -> Labels:
    return _labels(source.key, source.endpoint, source.build_dir, source.timeout)


@st.cache_resource(show_spinner=False, max_entries=8, ttl=REMOTE_TTL)
def _vocabulary(key: str, endpoint: str, build_dir: str, timeout: float) -> dict[tuple[str, str], str]:
    frame = _execute(key, endpoint, build_dir, timeout, str(EXPLORER_QUERIES), "concepts", ())
    return {(s, c): iri for s, c, iri in zip(frame["scheme"], frame["code"], frame["concept"])}


def vocabulary(source: Source) -> dict[tuple[str, str], str]:
    """(scheme prefix, code) -> concept IRI for every controlled vocabulary."""
    return _vocabulary(source.key, source.endpoint, source.build_dir, source.timeout)


# -------------------------------------------------------------------------------------------- gaps
@dataclass(frozen=True)
class Rule:
    """A gap shape as the explorer shows it: names, explanation and message per language, sources."""

    rule: str
    severity: str
    names: dict
    descriptions: dict
    messages: dict
    sources: tuple[str, ...]


@st.cache_resource(show_spinner=False)
def _compiled():
    """The gap shapes compiled to SPARQL, once per server process."""
    return gap_report.compile_all()


@st.cache_resource(show_spinner=False)
def rules() -> dict[str, Rule]:
    """The gap shapes (shapes/gaps.ttl) as the explorer shows them, read once per server process."""
    from rdflib import RDF, URIRef
    from rdflib.namespace import DCTERMS, SH

    from mandato.shacl import _by_lang, gap_shapes

    shapes = gap_shapes()
    rules = {}
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape))):
        severity = shapes.value(shape, SH.severity)
        if not isinstance(shape, URIRef) or severity not in (SH.Warning, SH.Info):
            continue
        name = str(shape).rsplit("#", 1)[-1]
        rules[name] = Rule(
            rule=name,
            severity=str(severity).rsplit("#", 1)[-1],
            names=_by_lang(shapes, shape, SH.name),
            descriptions=_by_lang(shapes, shape, SH.description),
            messages=_by_lang(shapes, shape, SH.message),
            sources=tuple(sorted(str(s) for s in shapes.objects(shape, DCTERMS.source))),
        )
    return rules


@st.cache_resource(show_spinner=False, max_entries=8, ttl=REMOTE_TTL)
def _findings(key: str, endpoint: str, build_dir: str, timeout: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    findings = gap_report.run_sparql_engine(_open_store(key, endpoint, build_dir, timeout), "en", _compiled())
    rows = [
        {
            "country": f.country,
            "jurisdiction": f.jurisdiction,
            "rule": f.rule,
            "severity": f.severity,
            "focus": f.focus,
            "path": f.path,
            "value": f.value,
            **{f"message_{lang}": f.messages.get(lang) or f.messages.get("en", "") for lang in ("en", "es", "pt")},
        }
        for f in findings
    ]
    columns = ["country", "jurisdiction", "rule", "severity", "focus", "path", "value", "message_en", "message_es", "message_pt"]
    frame = pd.DataFrame(rows, columns=columns, dtype="object")
    national = frame[(frame["jurisdiction"] == frame["country"]) | (frame["jurisdiction"] == "")].reset_index(drop=True)
    return frame, national


def findings(source: Source) -> pd.DataFrame:
    """The gap findings of the national tier (SPARQL engine), one row per finding, with the message in
    each language: a country's pages count its own findings, its states have their own page."""
    return _findings(source.key, source.endpoint, source.build_dir, source.timeout)[1]


def all_findings(source: Source) -> pd.DataFrame:
    """The gap findings at every tier, with the jurisdiction (ISO3 or ISO 3166-2 code) of each."""
    return _findings(source.key, source.endpoint, source.build_dir, source.timeout)[0]


@st.cache_resource(show_spinner=False, max_entries=256)
def passage_text(local_copy: str, locator: str, reach: int = 12) -> str:
    """The paragraph around the cited line of a source's plain-text copy (../shared/sources), or ''.

    The copies are hard-wrapped: the paragraph is the run of non-blank lines around the line, at
    most `reach` lines either side.
    """
    match = re.search(r"(\d+)", locator or "")
    path = SOURCE_TEXTS / Path(local_copy or "").name if SOURCE_TEXTS else None
    if not match or not local_copy or path is None or not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    index = int(match.group(1)) - 1
    if not 0 <= index < len(lines) or not lines[index].strip():
        return ""
    first = index
    while first > 0 and index - first < reach and lines[first - 1].strip():
        first -= 1
    last = index
    while last + 1 < len(lines) and last - index < reach and lines[last + 1].strip():
        last += 1
    return " ".join(" ".join(lines[first : last + 1]).split())


WARM_QUERIES = (
    "countries", "concepts", "legal-instruments", "assessments", "indicator-values",
    "solutions-catalogue", "profile-mandates", "profile-bodies", "profile-events", "profile-strategies",
    "source-passages", "provisions",
)


def warm(source: Source) -> None:
    """Load the store and run the queries every page needs, so that the first page is quick."""
    store(source)
    labels(source)
    vocabulary(source)
    rules()
    findings(source)
    for slug in WARM_QUERIES:
        run(source, slug)
    truth(source)


def safe_error(exc: BaseException) -> str:
    """A one-line message for a user error or an endpoint failure."""
    if isinstance(exc, MandatoError):
        return str(exc)
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


__all__ = [
    "EndpointError",
    "Labels",
    "Rule",
    "Source",
    "check",
    "describe",
    "findings",
    "labels",
    "library",
    "passage_text",
    "rules",
    "run",
    "run_library",
    "source_for",
    "store",
]
