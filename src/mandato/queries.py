"""The stored competency queries in queries/: their headers, parameters and safe binding.

Each `queries/<slug>.rq` starts with comment lines:

    # title: Lead agencies
    # question: Which body holds the lead digital government mandate in each country?
    # param: country | country | optional ISO3 code to restrict the answer to one country

Translations of the title and question may follow as `# title@es: ...`, `# question@pt: ...`
(the explorer shows them in its languages; English is the default).

A parameter is `name | kind | description` (a `tier` parameter may add `| default`); kinds are
country, tier, topic, soltype, iri, string, date, year and integer. Values are checked and turned
into typed RDF terms, then bound to the variable `?param_<name>` by an inline VALUES block (see
store.bind_values); an unset parameter leaves the variable unbound, so queries are written to work
either way. Two exceptions: `asOf` (every time-dependent answer is given for a date, and when none is
asked for it is today, clock.today) and `tier`.

A `country` parameter takes a jurisdiction code at any tier: a country (URY), a state or province
(ISO 3166-2: BR-SP) or a municipality (BR-SP-3550308). A query that answers per jurisdiction declares
a `tier` parameter too and includes the `scope` fragment: `tier` is national, subnational, municipal
or all, and when it is not given it is the tier of a state or municipality code given, else national,
so that `country=BRA` answers for Brazil, `country=BRA tier=subnational` for its states, `country=BR-SP`
for São Paulo and `tier=subnational` for every state of every country. A query about the lower tiers
declares its own default instead of national (`# param: tier | tier | ... | subnational`): there
`country=MEX` answers for Mexico's states.

A query may use the shared derivations of queries/fragments/ (INCLUDE lines, see fragments.py);
they are expanded when the query runs, with the bound parameters written in as typed terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import clock, fragments
from .jurisdictions import TIER_NS, TIERS, parse_code, parse_tier
from .errors import UsageError
from .namespaces import scheme_ns
from .paths import QUERIES_DIR, relative
from .store import Result, Store, Term

XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ("country", "tier", "topic", "soltype", "iri", "string", "date", "year", "integer")
_HEADER = re.compile(r"^#\s*(title|question|param)(?:@([a-z]{2}))?\s*:\s*(.+?)\s*$")


@dataclass
class Param:
    name: str
    kind: str
    description: str = ""
    default: str = ""


@dataclass
class StoredQuery:
    slug: str
    path: Path
    title: str
    question: str
    params: list[Param] = field(default_factory=list)
    text: str = ""
    titles: dict[str, str] = field(default_factory=dict)  # language -> translated title
    questions: dict[str, str] = field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        """The title in a language (English when there is no translation)."""
        return self.titles.get(lang) or self.title

    def question_in(self, lang: str) -> str:
        return self.questions.get(lang) or self.question
    trusted: bool = True  # a query of the project's queries/ folder; a file the user names is checked first

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def expanded(self, bindings: dict[str, Term] | None = None) -> str:
        """The runnable SPARQL text: fragments expanded, bound parameters written into them."""
        constants = {name: term.n3() for name, term in (bindings or {}).items()}
        return fragments.expand(self.text, where=relative(self.path), constants=constants)


def read_query_text(path: Path) -> str:
    """The text of a .rq file, or a UsageError naming it (missing, a folder, unreadable, not UTF-8)."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError("query file not found", file=str(path)) from None
    except IsADirectoryError:
        raise UsageError("is a folder, not a query file", file=str(path)) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise UsageError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=str(path), line=line) from None
    except OSError as exc:
        raise UsageError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None


def parse_query_file(path: Path) -> StoredQuery:
    text = read_query_text(path)
    title = question = ""
    params = []
    titles: dict[str, str] = {}
    questions: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if not match:
            continue
        key, lang, value = match.groups()
        if lang and key in ("title", "question"):
            (titles if key == "title" else questions)[lang] = value
        elif lang:
            raise UsageError("a '# param:' line takes no language tag", file=relative(path), line=number)
        elif key == "title":
            title = value
        elif key == "question":
            question = value
        else:
            parts = [p.strip() for p in value.split("|")]
            if len(parts) < 2 or parts[1] not in KINDS:
                raise UsageError(f"bad '# param:' line (expected 'name | kind | description', kind one of {', '.join(KINDS)})", file=relative(path), line=number)
            default = parts[3] if len(parts) > 3 else ""
            if default and (parts[1] != "tier" or default not in TIERS):
                raise UsageError(f"bad '# param:' line: only a tier parameter takes a default, one of {', '.join(TIERS)}", file=relative(path), line=number)
            params.append(Param(parts[0], parts[1], parts[2] if len(parts) > 2 else "", default))
    if not title or not question:
        raise UsageError("query file needs '# title:' and '# question:' header lines", file=relative(path), line=1)
    return StoredQuery(Path(path).stem, Path(path), title, question, params, text, titles, questions)


def list_queries(directory: Path = QUERIES_DIR) -> list[StoredQuery]:
    return [parse_query_file(p) for p in sorted(Path(directory).glob("*.rq"))]


def find_query(name: str, directory: Path = QUERIES_DIR) -> StoredQuery:
    """A stored query by file stem, or any .rq file by path."""
    candidate = Path(name)
    if candidate.suffix == ".rq" or candidate.is_dir() or "/" in name:
        if not candidate.exists():
            raise UsageError(f"query file not found: {name}")
        query = parse_query_file(candidate)
        query.trusted = False  # a file from outside the project: the guard checks it before it runs
        return query
    path = Path(directory) / f"{name}.rq"
    if not path.exists():
        known = ", ".join(q.stem for q in sorted(Path(directory).glob("*.rq")))
        raise UsageError(f"unknown query {name!r}; stored queries: {known}")
    return parse_query_file(path)


def to_term(param: Param, raw: str) -> Term:
    raw = raw.strip()
    kind = param.kind
    if kind == "country":
        return Term("iri", parse_code(raw, f"parameter {param.name}:").iri)
    if kind == "tier":
        tier = parse_tier(raw)
        if tier == "all":
            raise UsageError(f"parameter {param.name}: 'all' leaves the tier open and is not a value")  # bind() handles it
        return Term("iri", TIER_NS + tier)
    if kind in ("topic", "soltype"):
        if not re.fullmatch(r"[a-z0-9-]+", raw):
            raise UsageError(f"parameter {param.name}: {raw!r} is not a {kind} code")
        return Term("iri", str(scheme_ns(kind)[raw]))
    if kind == "iri":
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", raw) or not _valid_iri(raw):
            raise UsageError(f"parameter {param.name}: {raw!r} is not an http(s) IRI")
        return Term("iri", raw)
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw, re.ASCII):
            raise UsageError(f"parameter {param.name}: {raw!r} is not a date (YYYY-MM-DD)")
        try:
            date.fromisoformat(raw)
        except ValueError:
            raise UsageError(f"parameter {param.name}: {raw!r} is not a calendar date (month 01-12, a day the month has)") from None
        return Term("literal", raw, XSD + "date")
    if kind == "year":
        if not re.fullmatch(r"\d{4}", raw, re.ASCII):
            raise UsageError(f"parameter {param.name}: {raw!r} is not a year (four digits)")
        return Term("literal", raw, XSD + "integer")
    if kind == "integer":
        if not re.fullmatch(r"-?\d{1,18}", raw, re.ASCII):
            raise UsageError(f"parameter {param.name}: {raw!r} is not a whole number (at most 18 digits)")
        return Term("literal", str(int(raw)), XSD + "integer")
    return Term("literal", raw)


def _valid_iri(text: str) -> bool:
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return True


def bind(query: StoredQuery, values: dict[str, str]) -> dict[str, Term]:
    bindings = {}
    for name, raw in values.items():
        param = query.param(name)
        if param is None:
            known = ", ".join(p.name for p in query.params) or "none"
            raise UsageError(f"query {query.slug!r} has no parameter {name!r} (parameters: {known})")
        if raw == "" or (param.kind == "tier" and parse_tier(raw) == "all"):
            continue
        bindings[f"param_{name}"] = to_term(param, raw)
    tier = next((p for p in query.params if p.kind == "tier"), None)
    if tier is not None and tier.name not in values:
        country = next((v for p in query.params if p.kind == "country" and (v := values.get(p.name, "").strip())), "")
        code_tier = parse_code(country).tier if country else "national"
        # a state or municipality code selects itself; a country code (or none) the query's default tier
        bindings[f"param_{tier.name}"] = Term("iri", TIER_NS + (code_tier if code_tier != "national" else tier.default or "national"))
    as_of = query.param("asOf")
    if as_of is not None and "param_asOf" not in bindings:
        bindings["param_asOf"] = to_term(as_of, clock.today().isoformat())
    return bindings


def run(store: Store, query: StoredQuery, values: dict[str, str] | None = None, timeout: float | None = None) -> Result:
    bindings = bind(query, values or {})
    return store.select(query.expanded(bindings), bindings, timeout=timeout, trusted=query.trusted)


def parse_param_args(items: list[str]) -> dict[str, str]:
    values = {}
    for item in items:
        if "=" not in item:
            raise UsageError(f"--param takes name=value, got {item!r}")
        name, value = item.split("=", 1)
        values[name.strip()] = value
    return values
