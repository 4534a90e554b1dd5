"""`mandato reconcile`: where an imported public dataset disagrees with the curated data.

Four kinds of disagreement, per country:
- law-year         GovTech gives a year for the data protection (I-38.3), right-to-information (I-37.2)
                   or digital-signature (I-42.2) law, and no curated instrument on that topic has a
                   date (adopted, promulgated, published, in force) or an IRI year in that year;
- lead-body        GovTech's lead entity name (I-33.1) matches no name of the current lead body
                   (labels, acronyms), by normalised and fuzzy matching; both names are reported, with
                   a hint when it matches a former lead body, a previous name or the parent body;
- dataset-has-law  the dataset says a law exists (UNCTAD status 'Legislation'; GovTech code 2 or more)
                   and the curated data has no instrument in force on that topic and no 'present'
                   assessment;
- dataset-no-law   the dataset says there is none (UNCTAD 'No Legislation' or 'Draft Legislation';
                   GovTech code 0) and the curated data has an instrument in force on that topic.
GovTech is read at its latest wave that has the field. UNCTAD categories map to topics: Privacy and
Data Protection -> privacy-data-protection and Electronic Transactions -> digital-signature (both
directions); Cybercrime -> cybersecurity (only dataset-has-law: a cybersecurity law need not be a
cybercrime law); Consumer Protection is not a curated topic. The GTMI and UN survey imports are
indicator values with no curated counterpart, so they yield no disagreement.

A disagreement is either fixed in the curated data or explained in the data itself by an
md:DisagreementExplanation (in data/reconciliation.ttl) that md:explains one of its records, with
exactly one md:reconciliationStatus (dataset-stale, dataset-wrong, scope-differs, in-force-unconfirmed,
curated-updated),
an rdfs:comment, dct:source URLs, one md:retrievedOn date and the md:jurisdiction; the record itself
gets md:disagreesWith the curated fact. The explanation of record dataset:R is named
dataset:R-explanation:

    dataset:govtech-2022-GTM-I-38.1-explanation a md:DisagreementExplanation ;
        md:explains dataset:govtech-2022-GTM-I-38.1 ;
        md:jurisdiction country:GTM ;
        md:reconciliationStatus "dataset-wrong" ;
        rdfs:comment "Why the dataset and the curated data differ."@en ;
        dct:source <https://...> ; md:retrievedOn "2026-11-22"^^xsd:date .
    dataset:govtech-2022-GTM-I-38.1 md:disagreesWith assessment:GTM-topic-privacy-data-protection .

Explained disagreements are reported with severity Info, open ones with Warning. An explanation whose
record no longer disagrees is reported as `fixed` (Info) when its status is curated-updated (the record
of a correction made in the curated data: it is meant to outlive the disagreement), and otherwise as
`explanation-unused` (Info: the reason it gives no longer applies, so check or remove it); `--fail-on-unexplained` exits 1 on
any open disagreement. An incomplete explanation is an input error (exit 2) naming its file and line.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import EXIT_FINDINGS, EXIT_OK, InputError, UsageError
from .namespaces import ID, curie
from .paths import BUILD_DIR, relative
from .shacl import Finding
from .remote import Deadline, seconds_option
from .store import EmbeddedStore, Store, open_store

KINDS = ("law-year", "lead-body", "dataset-has-law", "dataset-no-law")
STATUSES = ("dataset-stale", "dataset-wrong", "scope-differs", "in-force-unconfirmed", "curated-updated")
UNUSED = "explanation-unused"
FIXED = "fixed"
SETTLED = (UNUSED, FIXED)  # kinds that report an explanation, not a current disagreement
FORMATS = ("table", "csv", "json")
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
COUNTRY_NS = f"{ID}country/"

# GovTech: topic -> (presence code field, year field, what the dataset calls it)
GOVTECH_LAWS = {
    "privacy-data-protection": ("I-38", "I-38.3", "data protection law"),
    "access-to-information": ("I-37", "I-37.2", "right-to-information law"),
    "digital-signature": ("I-42", "I-42.2", "digital signature regulation"),
}
GOVTECH_LAW_NAMES = {"privacy-data-protection": "I-38.1"}  # the only law with a name field
GOVTECH_LEAD = "I-33.1"
# UNCTAD: category slug (see importers.unctad) -> (topic, whether 'no law' in the dataset contradicts a curated law)
UNCTAD_TOPICS = {
    "data-protection": ("privacy-data-protection", True),
    "e-transactions": ("digital-signature", True),
    "cybercrime": ("cybersecurity", False),
}
UNCTAD_NO_LAW = ("No Legislation", "Draft Legislation")
_BILL = re.compile(r"\b(bills?|bil|draft|proyecto|anteproyecto|iniciativa|boletín|boletin)\b", re.IGNORECASE)
_LAW_IRI_YEAR = re.compile(r"/law/[A-Z]{3}-[a-z-]+?-(\d{4})-")
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*$")
_UNCTAD_KEY = re.compile(r"^unctad-([A-Z]{3})-([a-z-]+)-(\d+)-([a-z-]+)$")


# ------------------------------------------------------------------------------------------ store
def source_paths(include_imports: bool = True) -> list[Path]:
    """The ontology, the curated data files and (optionally) build/imports/*.ttl."""
    from .catalog import data_files, ontology_files

    return ontology_files() + data_files(include_imports=include_imports)


def source_store(paths: list[Path] | None = None) -> EmbeddedStore:
    """An embedded store loaded straight from the source files, one named graph per file (no build needed)."""
    from .derive import derive_into
    from .rdfio import graph_iri_for

    store = EmbeddedStore()
    paths = list(paths) if paths is not None else source_paths()
    for path in paths:
        store.load_file(path, str(graph_iri_for(path)))
    derive_into(store)  # evidence grades and the other calendar-free derivations, as a build has them
    store.source_paths = paths  # where explanations are located for error messages
    return store


def store_from_args(args) -> Store:
    if args.endpoint is not None and args.build:
        raise UsageError("give either --endpoint or --build, not both")
    if args.endpoint is not None or args.build:
        return open_store(args.endpoint, Path(args.build or BUILD_DIR), timeout=args.timeout, deadline=Deadline(args.timeout))
    return source_store()


def add_store_options(parser) -> None:
    parser.add_argument("--endpoint", help="query this SPARQL endpoint instead of reading the source files")
    parser.add_argument("--build", help="query this build folder (its mandato.trig) instead of reading the source files")
    parser.add_argument("--timeout", type=seconds_option, default=60.0, help="deadline in seconds for all the remote work of the command")


def _run(store: Store, slug: str, values: dict[str, str] | None = None):
    from . import queries

    return queries.run(store, queries.find_query(slug), values or {})


def _text(term) -> str:
    return "" if term is None else term.value


# ------------------------------------------------------------------------------------------ inputs
@dataclass(frozen=True)
class Record:
    iri: str
    dataset: str
    country: str
    year: str
    field: str
    value: str
    row: int


@dataclass
class Instrument:
    iri: str
    label: str
    status: str
    years: set[int] = field(default_factory=set)

    @property
    def first_year(self) -> int | None:
        return min(self.years) if self.years else None


@dataclass
class LeadName:
    body: str
    current: bool
    kind: str
    name: str


@dataclass
class Curated:
    """What the curated layer says, indexed for the checks."""

    instruments: dict[tuple[str, str], dict[str, Instrument]]
    assessments: dict[tuple[str, str], tuple[str, str]]
    lead_names: dict[str, list[LeadName]]

    def on_topic(self, country: str, topic: str) -> list[Instrument]:
        return sorted(self.instruments.get((country, topic), {}).values(), key=lambda i: i.iri)

    def in_force(self, country: str, topic: str) -> list[Instrument]:
        return [i for i in self.on_topic(country, topic) if i.status == "in-force"]

    def assessment(self, country: str, topic: str) -> tuple[str, str]:
        """(assessment IRI, status code), or ('', 'not-assessed')."""
        return self.assessments.get((country, topic), ("", "not-assessed"))

    def has_law(self, country: str, topic: str) -> bool:
        return bool(self.in_force(country, topic)) or self.assessment(country, topic)[1] == "present"

    def other_topics_with_year(self, country: str, topic: str, year: int) -> list[tuple[str, Instrument]]:
        hits = []
        for (c, t), laws in sorted(self.instruments.items()):
            if c == country and t != topic:
                hits += [(t, i) for i in sorted(laws.values(), key=lambda i: i.iri) if year in i.years]
        return hits


def load_records(store: Store, dataset: str | None = None) -> list[Record]:
    values = {"dataset": dataset} if dataset else {}
    out = []
    for row in _run(store, "dataset-records", values).rows:
        out.append(
            Record(
                iri=_text(row["record"]),
                dataset=_text(row["dataset"]),
                country=_text(row["country"]),
                year=_text(row["year"]),
                field=_text(row["field"]),
                value=_text(row["value"]),
                row=int(_text(row["row"]) or 0),
            )
        )
    return out


def load_curated(store: Store) -> Curated:
    instruments: dict[tuple[str, str], dict[str, Instrument]] = defaultdict(dict)
    for row in _run(store, "topic-instruments").rows:
        key = (_text(row["country"]), _text(row["topic"]))
        iri = _text(row["law"])
        item = instruments[key].setdefault(iri, Instrument(iri, _text(row["label"]), _text(row["status"])))
        match = _LAW_IRI_YEAR.search(iri)
        if match:
            item.years.add(int(match.group(1)))
        date = _text(row["date"])
        if date[:4].isdigit():
            item.years.add(int(date[:4]))
    assessments = {}
    result = store.select(
        """SELECT ?country ?topic ?assessment ?status WHERE {
             ?assessment a md:Assessment ; md:jurisdiction/md:iso3 ?country ; md:aspect ?t ; md:status/skos:notation ?status .
             ?t skos:inScheme md:LegalTopicScheme ; skos:notation ?topic .
           } ORDER BY ?country ?topic ?assessment""",
        trusted=True,
    )
    for row in result.rows:
        assessments.setdefault((_text(row["country"]), _text(row["topic"])), (_text(row["assessment"]), _text(row["status"])))
    lead_names: dict[str, list[LeadName]] = defaultdict(list)
    for row in _run(store, "lead-body-names").rows:
        lead_names[_text(row["country"])].append(
            LeadName(_text(row["body"]), _text(row["current"]) == "true", _text(row["kind"]), _text(row["name"]))
        )
    return Curated(dict(instruments), assessments, dict(lead_names))


@dataclass
class Explanation:
    iri: str
    country: str = ""
    records: set[str] = field(default_factory=set)
    curated: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    comments: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    retrieved: set[tuple[str, str]] = field(default_factory=set)

    @property
    def status(self) -> str:
        return min(self.statuses) if self.statuses else ""


def load_explanations(store: Store) -> dict[str, Explanation]:
    explanations: dict[str, Explanation] = {}
    for row in _run(store, "disagreement-explanations").rows:
        item = explanations.setdefault(_text(row["explanation"]), Explanation(_text(row["explanation"])))
        item.country = item.country or _text(row["country"])
        if row.get("record") is not None:
            item.records.add(_text(row["record"]))
        if row.get("curated") is not None:
            item.curated.add(_text(row["curated"]))
        if row.get("status") is not None:
            item.statuses.add(_text(row["status"]))
        if row.get("comment") is not None:
            item.comments.add(_text(row["comment"]))
        if row.get("source") is not None:
            item.sources.add(("iri:" if row["source"].kind == "iri" else "literal:") + _text(row["source"]))
        if row.get("retrieved") is not None:
            item.retrieved.add((_text(row["retrieved"]), row["retrieved"].datatype or ""))
    for item in explanations.values():
        check_explanation(item, getattr(store, "source_paths", None))
    return explanations


def check_explanation(item: Explanation, paths: list[Path] | None = None) -> None:
    """An explanation must be complete: it is the data's own account of a disagreement."""
    problems = []
    if not item.records:
        problems.append("no md:explains (the imported record whose disagreement it explains)")
    if len(item.statuses) != 1 or item.status not in STATUSES:
        problems.append(f"md:reconciliationStatus must be exactly one of {', '.join(STATUSES)} (found: {', '.join(sorted(item.statuses)) or 'none'})")
    if not item.comments:
        problems.append("no rdfs:comment saying why the dataset and the curated data differ")
    if not item.sources or any(not s.startswith("iri:") for s in item.sources):
        problems.append("dct:source must be one or more URLs")
    if len(item.retrieved) != 1 or next(iter(item.retrieved))[1] != XSD_DATE:
        problems.append("md:retrievedOn must be exactly one xsd:date")
    if not item.country:
        problems.append("md:jurisdiction must name one of the countries (country:XXX)")
    if problems:
        file, line = _locate(item.iri, paths)
        raise InputError(f"incomplete disagreement explanation {curie(item.iri)}: " + "; ".join(problems), file=file, line=line, iri=item.iri)


def _locate(iri: str, paths: list[Path] | None = None) -> tuple[str | None, int | None]:
    """The source file and line where a subject is written (for error messages)."""
    from .catalog import data_files

    tokens = (f"<{iri}>", curie(iri))
    for path in paths if paths is not None else data_files(include_imports=False):
        if Path(path).suffix != ".ttl":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith(tokens):
                return relative(path), number
    return None, None


# ------------------------------------------------------------------------------------------ names
_STOPWORDS = {
    "a", "al", "and", "da", "das", "de", "del", "do", "dos", "du", "e", "el", "en", "et", "for", "in", "la", "las",
    "le", "les", "los", "of", "on", "para", "por", "the", "to", "y",
}


def name_tokens(text: str, keep_stopwords: bool = False) -> list[str]:
    """Lowercase ASCII words of a name (accents folded, punctuation dropped)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", folded)
    return words if keep_stopwords else [w for w in words if w not in _STOPWORDS]


def _is_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9]{2,9}", text.strip())) and sum(c.isupper() for c in text) >= 2


def name_similarity(dataset_name: str, curated_name: str, curated_is_acronym: bool = False) -> float:
    """1.0 for the same name; high for a contained name, a matching acronym or a close spelling."""
    if curated_is_acronym or _is_acronym(curated_name):
        if curated_name.lower() in name_tokens(dataset_name, keep_stopwords=True):
            return 1.0
    a, b = name_tokens(dataset_name), name_tokens(curated_name)
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    if sa == sb:
        return 1.0
    common = len(sa & sb)
    scores = [common / len(sa | sb), difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()]
    if min(len(sa), len(sb)) >= 2:
        scores.append(common / min(len(sa), len(sb)))
    return round(max(scores), 3)


MATCH = 0.8


# ------------------------------------------------------------------------------------------ checks
@dataclass
class Disagreement:
    country: str
    dataset: str
    kind: str
    topic: str
    field: str
    wave: str
    dataset_value: str
    curated: str
    curated_value: str
    records: list[str]
    message: str
    hint: str = ""
    explanation: str = ""
    status: str = ""

    @property
    def explained(self) -> bool:
        return bool(self.explanation)

    @property
    def severity(self) -> str:
        return "Info" if self.explained or self.kind in SETTLED else "Warning"

    @property
    def focus(self) -> str:
        return self.records[0] if self.records else self.curated

    def sort_key(self):
        return (self.country, self.dataset, KINDS.index(self.kind) if self.kind in KINDS else 9, self.topic, self.field, self.focus)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(severity=self.severity, focus=self.focus, explained=self.explained)
        return data

    def as_finding(self) -> Finding:
        return Finding(self.country, self.kind, self.severity, self.focus, self.field, self.dataset_value, self.message)


def _latest(records: list[Record], field_code: str) -> Record | None:
    hits = [r for r in records if r.field == field_code and r.value.strip()]
    return max(hits, key=lambda r: (r.year, r.row)) if hits else None


def _in_wave(records: list[Record], field_code: str, wave: str) -> Record | None:
    return next((r for r in records if r.field == field_code and r.year == wave and r.value.strip()), None)


def _describe(instruments: list[Instrument], limit: int = 3) -> str:
    parts = [f"{curie(i.iri)} ({', '.join(str(y) for y in sorted(i.years)) or 'no year'}; {i.status or 'no status'})" for i in instruments[:limit]]
    more = f" and {len(instruments) - limit} more" if len(instruments) > limit else ""
    return "; ".join(parts) + more


def _curated_focus(curated: Curated, country: str, topic: str) -> tuple[str, str]:
    iri, status = curated.assessment(country, topic)
    return (iri or f"{COUNTRY_NS}{country}"), f"assessment {status}"


def _has_law_hints(curated: Curated, country: str, topic: str, titles: list[str]) -> str:
    hints = []
    others = [i for i in curated.on_topic(country, topic) if i.status != "in-force"]
    if others:
        hints.append(f"we hold {_describe(others)}, not recorded as in force: the dataset may count a law that is not in force")
    status = curated.assessment(country, topic)[1]
    if status == "not-assessed":
        hints.append(f"{topic} has no curated assessment yet: check the law the dataset names")
    elif status == "unknown":
        hints.append(f"{topic} is assessed unknown: check the law the dataset names")
    if titles and all(_BILL.search(t) for t in titles):
        hints.append("the dataset's own titles name only a bill or draft (likely dataset-wrong)")
    return "; ".join(hints)


def check_govtech(records: list[Record], curated: Curated) -> list[Disagreement]:
    out: list[Disagreement] = []
    by_country: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_country[r.country].append(r)
    for country, rows in sorted(by_country.items()):
        for topic, (code_field, year_field, what) in GOVTECH_LAWS.items():
            out += _govtech_law(country, topic, code_field, year_field, what, rows, curated)
        out += _govtech_lead(country, rows, curated)
    return out


def _govtech_law(country, topic, code_field, year_field, what, rows, curated: Curated) -> list[Disagreement]:
    presence = _latest(rows, code_field)
    if presence is None:
        return []
    wave = presence.year
    year_record = _in_wave(rows, year_field, wave)
    code = int(presence.value) if presence.value.strip().isdigit() else None
    out = []
    in_force = curated.in_force(country, topic)
    name_record = _in_wave(rows, GOVTECH_LAW_NAMES[topic], wave) if topic in GOVTECH_LAW_NAMES else None
    if code is not None and code >= 2 and not curated.has_law(country, topic):
        focus, value = _curated_focus(curated, country, topic)
        records = [r.iri for r in (presence, year_record, name_record) if r is not None]
        said = "".join(
            [f", year {year_record.value}" if year_record else "", f", named '{name_record.value}'" if name_record else ""]
        )
        out.append(
            Disagreement(
                country, "govtech", "dataset-has-law", topic, code_field, wave, f"{presence.value}{said}", focus, value, records,
                f"GovTech {wave} {code_field} = {presence.value}: a {what} exists{said}; the curated data has no instrument in force on {topic} ({value}).",
                _has_law_hints(curated, country, topic, [name_record.value] if name_record else []),
            )
        )
    elif code == 0 and in_force:
        first = in_force[0]
        hint = ""
        if first.first_year and wave.isdigit() and first.first_year > int(wave):
            hint = f"our {curie(first.iri)} dates from {first.first_year}, after the dataset's {wave} wave (likely dataset-stale)"
        out.append(
            Disagreement(
                country, "govtech", "dataset-no-law", topic, code_field, wave, presence.value, first.iri, first.label, [presence.iri],
                f"GovTech {wave} {code_field} = 0: no {what}; the curated data has {_describe(in_force)} in force on {topic}.",
                hint,
            )
        )
    if year_record is None or code == 0:
        return out
    match = _YEAR.match(year_record.value)
    all_laws = curated.on_topic(country, topic)
    if not match or not all_laws:
        return out
    year = int(match.group(1))
    if any(year in law.years for law in all_laws):
        return out
    hints = []
    others = {law.iri: other_topic for other_topic, law in curated.other_topics_with_year(country, topic, year)}
    for iri, other_topic in list(others.items())[:2]:
        hints.append(f"{year} matches {curie(iri)} on {other_topic}: the dataset may cite another instrument")
    if wave.isdigit() and year > int(wave):
        hints.append(f"the year is later than the {wave} wave")
    primary = in_force[0] if in_force else all_laws[0]
    out.append(
        Disagreement(
            country, "govtech", "law-year", topic, year_field, wave, year_record.value, primary.iri,
            ", ".join(str(y) for y in sorted(primary.years)) or "no year",
            [year_record.iri, presence.iri],
            f"GovTech {wave} {year_field} gives {year} as the year of the {what}; no curated instrument on {topic} has a date in {year}: {_describe(all_laws)}.",
            "; ".join(hints),
        )
    )
    return out


def _govtech_lead(country: str, rows: list[Record], curated: Curated) -> list[Disagreement]:
    record = _latest(rows, GOVTECH_LEAD)
    if record is None:
        return []
    names = curated.lead_names.get(country, [])
    own = [n for n in names if n.current and n.kind in ("label", "altLabel")]
    scored = sorted(
        ((name_similarity(record.value, n.name, n.kind == "altLabel"), n) for n in own),
        key=lambda pair: (-pair[0], pair[1].body, pair[1].name),
    )
    if scored and scored[0][0] >= MATCH:
        return []
    if scored:
        best_score, best = scored[0]
        labels = sorted(
            (n for n in own if n.body == best.body and n.kind == "label"),
            key=lambda n: (-name_similarity(record.value, n.name), n.name),
        )
        focus, value = best.body, (labels[0].name if labels else best.name)
        message = (
            f"GovTech {record.year} {GOVTECH_LEAD} names the lead entity '{record.value}'; the current lead body "
            f"{curie(best.body)} is '{value}' (best name similarity {best_score:.2f})."
        )
    else:
        focus, value = f"{COUNTRY_NS}{country}", ""
        message = f"GovTech {record.year} {GOVTECH_LEAD} names the lead entity '{record.value}'; the curated data has no current lead body."
    hints: dict[str, str] = {}
    order = {"label": 0, "altLabel": 0, "previousName": 1, "newName": 1, "parent": 2}
    for n in sorted(names, key=lambda n: (order.get(n.kind, 3), n.body, n.name)):
        if n.body in hints or name_similarity(record.value, n.name, n.kind == "altLabel") < MATCH:
            continue
        if not n.current and n.kind in ("label", "altLabel"):
            hints[n.body] = f"matches former lead body {curie(n.body)} '{n.name}' (likely dataset-stale)"
        elif n.kind == "previousName":
            hints[n.body] = f"matches a previous name of {curie(n.body)}, '{n.name}' (likely dataset-stale)"
        elif n.kind == "parent" and n.current:
            hints[n.body] = f"matches the parent body of {curie(n.body)}, '{n.name}' (the dataset names the parent, we name the unit)"
    return [
        Disagreement(
            country, "govtech", "lead-body", "lead-body", GOVTECH_LEAD, record.year, record.value, focus, value, [record.iri],
            message, "; ".join(hints.values()),
        )
    ]


def check_unctad(records: list[Record], curated: Curated) -> list[Disagreement]:
    rows: dict[tuple[str, str, int], dict[str, Record]] = defaultdict(dict)
    for r in records:
        match = _UNCTAD_KEY.match(r.iri.rsplit("/", 1)[-1])
        if match:
            rows[(match.group(1), match.group(2), int(match.group(3)))][match.group(4)] = r
    categories: dict[tuple[str, str], list[dict[str, Record]]] = defaultdict(list)
    for (country, slug, _n), cells in sorted(rows.items()):
        if "status" in cells:
            categories[(country, slug)].append(cells)
    out = []
    for (country, slug), cell_rows in sorted(categories.items()):
        if slug not in UNCTAD_TOPICS:
            continue
        topic, no_law_counts = UNCTAD_TOPICS[slug]
        statuses = [c["status"].value for c in cell_rows]
        category = cell_rows[0]["category"].value if "category" in cell_rows[0] else slug
        if "Legislation" in statuses:
            if curated.has_law(country, topic):
                continue
            legislated = [c for c in cell_rows if c["status"].value == "Legislation"]
            titles = [c["law-title"].value for c in legislated if "law-title" in c]
            focus, value = _curated_focus(curated, country, topic)
            shown = "; ".join(titles[:3]) + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")
            out.append(
                Disagreement(
                    country, "unctad", "dataset-has-law", topic, "status", "", "Legislation" + (f": {shown}" if shown else ""), focus, value,
                    [c[k].iri for c in legislated for k in ("status", "law-title", "url", "category") if k in c],
                    f"UNCTAD lists {category} legislation ({shown or 'no title'}); the curated data has no instrument in force on {topic} ({value}).",
                    _has_law_hints(curated, country, topic, titles),
                )
            )
        elif no_law_counts and any(s in UNCTAD_NO_LAW for s in statuses):
            in_force = curated.in_force(country, topic)
            if not in_force:
                continue
            status = next(s for s in UNCTAD_NO_LAW if s in statuses)
            first = in_force[0]
            out.append(
                Disagreement(
                    country, "unctad", "dataset-no-law", topic, "status", "", status, first.iri, first.label,
                    [c[k].iri for c in cell_rows if c["status"].value in UNCTAD_NO_LAW for k in ("status", "law-title", "url", "category") if k in c],
                    f"UNCTAD says '{status}' for {category}; the curated data has {_describe(in_force)} in force on {topic}.",
                )
            )
    return out


CHECKS = {"govtech": check_govtech, "unctad": check_unctad}


# ------------------------------------------------------------------------------------------ reconcile
def reconcile(store: Store, dataset: str | None = None, country: str | None = None) -> list[Disagreement]:
    """Every disagreement (explained or not) and every explanation that no longer matches one."""
    from .importers.datasets import DATASETS

    if dataset and dataset not in DATASETS:
        raise UsageError(f"unknown dataset {dataset!r}; known: {', '.join(sorted(DATASETS))}")
    records = load_records(store, dataset)
    if not records:
        which = f"the {dataset} dataset" if dataset else "any dataset"
        raise UsageError(f"no imported records of {which} in the store: run `mandato import {dataset or 'NAME'} PATH` first")
    curated = load_curated(store)
    explanations = load_explanations(store)
    by_dataset: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if not country or r.country == country:
            by_dataset[r.dataset].append(r)
    found: list[Disagreement] = []
    for name, rows in sorted(by_dataset.items()):
        check = CHECKS.get(name)
        if check:
            found += check(rows, curated)
    by_record: dict[str, list[Explanation]] = defaultdict(list)
    for item in explanations.values():
        for record in item.records:
            by_record[record].append(item)
    used: set[str] = set()
    for d in found:
        matches = sorted({e.iri: e for r in d.records for e in by_record.get(r, [])}.values(), key=lambda e: e.iri)
        if matches:
            d.explanation, d.status = matches[0].iri, matches[0].status
            used.update(e.iri for e in matches)
    known = {r.iri for rows in by_dataset.values() for r in rows}
    for item in sorted(explanations.values(), key=lambda e: e.iri):
        present = sorted(item.records & known)
        if item.iri in used or not present:
            continue
        record = next(r for rows in by_dataset.values() for r in rows if r.iri == present[0])
        if item.status == "curated-updated":
            kind, message = FIXED, f"{curie(item.iri)} records a correction of the curated data; the dataset and the curated data now agree."
        else:
            kind, message = UNUSED, f"{curie(item.iri)} explains a disagreement that no longer exists (fixed in the curated data?): remove it or check it."
        found.append(
            Disagreement(
                record.country, record.dataset, kind, "", record.field, record.year, record.value, ", ".join(sorted(item.curated)), "",
                present, message, explanation=item.iri, status=item.status,
            )
        )
    return sorted(found, key=Disagreement.sort_key)


def summary(found: list[Disagreement]) -> list[tuple[str, str, int, int]]:
    """(dataset, kind, total, explained) for each dataset and kind with disagreements."""
    totals: Counter[tuple[str, str]] = Counter()
    explained: Counter[tuple[str, str]] = Counter()
    for d in found:
        if d.kind in SETTLED:
            continue
        totals[(d.dataset, d.kind)] += 1
        explained[(d.dataset, d.kind)] += d.explained
    return [(ds, kind, totals[(ds, kind)], explained[(ds, kind)]) for ds, kind in sorted(totals, key=lambda k: (k[0], KINDS.index(k[1])))]


# ------------------------------------------------------------------------------------------ output
COLUMNS = (
    "country", "dataset", "kind", "severity", "topic", "field", "wave", "dataset_value", "curated", "curated_value",
    "explained", "status", "explanation", "focus", "records", "hint", "message",
)


def render(found: list[Disagreement], fmt: str) -> str:
    if fmt == "json":
        rows = []
        for d in found:
            data = d.as_dict()
            rows.append({c: data[c] for c in COLUMNS})
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for d in found:
            data = d.as_dict()
            writer.writerow([" ".join(data[c]) if c == "records" else data[c] for c in COLUMNS])
        return buffer.getvalue()
    return render_table(found)


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(found: list[Disagreement]) -> str:
    if not found:
        return "No disagreements between the imported datasets and the curated data.\n"
    header = ("country", "dataset", "kind", "topic", "dataset says", "curated", "status")
    rows = [
        (
            d.country, d.dataset, d.kind, d.topic, _cut(d.dataset_value, 44),
            _cut(f"{curie(d.curated)} {d.curated_value}".strip(), 48), d.status or ("open" if d.kind not in SETTLED else "-"),
        )
        for d in found
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    lines.append("")
    lines.append("dataset  kind             total  explained  open")
    for ds, kind, total, done in summary(found):
        lines.append(f"{ds:8} {kind:16} {total:5}  {done:9}  {total - done:4}")
    open_count = sum(1 for d in found if d.severity == "Warning")
    unused = sum(1 for d in found if d.kind == UNUSED)
    fixed = sum(1 for d in found if d.kind == FIXED)
    lines.append(
        f"\n{sum(1 for d in found if d.kind not in SETTLED)} disagreements, {open_count} unexplained, in "
        f"{len({d.country for d in found if d.kind not in SETTLED})} countries"
        + (f"; {fixed} fixed in the curated data" if fixed else "")
        + (f"; {unused} explanation(s) match no current disagreement" if unused else "")
    )
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------ command
def cmd_reconcile(args) -> int:
    from .jurisdictions import parse_code

    code = parse_code(args.country, "--country").code if args.country else None
    store = store_from_args(args)
    found = reconcile(store, args.dataset, code)
    text = render(found, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    unexplained = any(d.severity == "Warning" for d in found)
    return EXIT_FINDINGS if args.fail_on_unexplained and unexplained else EXIT_OK


def register(subparsers) -> None:
    from .importers.datasets import DATASETS

    p = subparsers.add_parser(
        "reconcile",
        help="where imported public datasets disagree with the curated data, and which disagreements are explained",
        description=(
            "Compare the imported datasets (mandato import) with the curated data: law years, lead body names, and "
            "laws one side has and the other does not. By default the source files (data/ and build/imports/) are read "
            "directly; --build or --endpoint query a built store instead."
        ),
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--dataset", choices=sorted(DATASETS), help="only this imported dataset")
    p.add_argument("--country", help="only this jurisdiction (ISO3; the imported datasets describe countries, so an ISO 3166-2 state code finds no records)")
    p.add_argument("--fail-on-unexplained", action="store_true", help="exit 1 if any disagreement has no explanation")
    add_store_options(p)
    p.set_defaults(func=cmd_reconcile)
