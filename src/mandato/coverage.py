"""`mandato coverage`: how far the curation of each country has got, and how official its sources are.

Per country:
- assessed: how many of the 30 assessable aspects (16 legal topics, 11 solution types, 3 governance
  aspects: the concepts of md:LegalTopicScheme, md:SolutionTypeScheme, md:GovernanceAspectScheme)
  have an assessment, of any status; `present`, `absent`, `unknown` and `not_applicable` count them by
  status, and `known` = present + absent + not applicable (an `unknown` is assessed but not settled);
- facts: the curated nodes that cite a dct:source (imported records, observations, dataset nodes and
  disagreement explanations are not curated facts); `official` counts those citing at least one
  official source URL (see OFFICIAL below).
The total row sums the countries; its shares are over all 33 countries (30 aspects each).

Official sources (CONTRIBUTING, sourcing rule 1, in its order of preference): an official gazette or
legal database, a government site, or an intergovernmental organisation. A URL is official when its
host is, or ends with, one of:
- GOVERNMENT_SUFFIXES: the government second-level domains of the 33 countries' ccTLDs, built from
  the labels gob, gov, gub (Uruguay), go (Costa Rica), gouv (Haiti), govt (Saint Lucia) and, for
  Brazil's legislature and judiciary, leg and jus (.leg.br, .jus.br); plus the bare government
  domains that some Caribbean states use as their own (gov.gd, gov.bb, gov.vc ...) which these
  suffixes also cover. Ministries, agencies, gazettes (dof.gob.mx, boletinoficial.gob.ar,
  diariooficial.gob.sv, officialgazette.gov.gy), legal databases (infoleg.gob.ar, planalto.gov.br,
  pgrweb.go.cr, laws.gov.ag) and parliaments (congreso.gob.pe, asamblea.gob.sv, japarliament.gov.jm)
  all live under them;
- OFFICIAL_HOSTS: official gazettes, legal databases and parliaments outside those suffixes, each
  checked to be run by the State: impo.com.uy (IMPO, Uruguay's official publications office),
  bcn.cl and leychile.cl (Library of the National Congress of Chile), camara.cl and senado.cl
  (Chile's Congress), elperuano.pe (Peru's official gazette), congresonacional.hn (Honduras'
  Congress), ttparliament.org (Parliament of Trinidad and Tobago), barbadosparliament.com,
  grenadaparliament.gd, dna.sr (National Assembly of Suriname), attorneygeneralchambers.com (the laws
  of Saint Lucia, published by its Attorney General's Chambers), hacienda.cl (Chile's Ministry of
  Finance, still on .cl), bccr.fi.cr (Central Bank of Costa Rica, which runs the national
  certification authority for digital signatures), and State bodies whose own sites are not on a
  government domain: presidencia.cl (Presidency of Chile), chilecompra.cl (Dirección de Compras y
  Contratación Pública, Law 19.886), tgr.cl (Chile's General Treasury), serviciomigraciones.cl
  (Chile's National Migration Service) and firmadigital.bo (Bolivia's ADSIB, the public certification
  authority under Law 164);
- INTERGOVERNMENTAL_HOSTS: organisations whose members are States: every host under .int (IANA
  reserves .int for organisations established by treaties between governments: itu.int, wipo.int,
  coe.int, sica.int, ctu.int ...), the UN system (un.org and its sub-sites, cepal.org/eclac.org,
  unctad.org, unesco.org, undp.org, unodc.org, ilo.org), the World Bank, IMF, OECD, OAS, IDB, CAF,
  the Commonwealth, CARICOM and OECS.
News sites, law firms, vendors, document-sharing sites, encyclopaedias and foreign governments are
not official for this measure, even when accurate.

Legal databases run privately (the issue's "official (government, gazette or legal-database) URL"
admits legal databases; sourcing rule 1 prefers the State's own) are counted in a second, separate
column, `official_or_legal_db`: LEGAL_DATABASE_HOSTS lists those that reproduce the text of the
instrument with its gazette data (number, date, edition) and are run as legal databases, not as news,
commentary or document sharing: vLex (vlex.com and its national domains), Justia's country law
collections (justia.com), JusBrasil, Lexivox (Bolivia), InfoLeyes and Normograma (Avance Jurídico,
Colombia). The strict `official` column never counts them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from .errors import EXIT_OK, UsageError
from .store import Store

FORMATS = ("table", "csv", "json", "markdown")
STATUSES = ("present", "absent", "unknown", "not-applicable")

LAC_CCTLDS = (
    "ag", "ar", "bb", "bo", "br", "bs", "bz", "cl", "co", "cr", "cu", "dm", "do", "ec", "gd", "gt", "gy", "hn",
    "ht", "jm", "kn", "lc", "mx", "ni", "pa", "pe", "py", "sr", "sv", "tt", "uy", "vc", "ve",
)
GOVERNMENT_LABELS = ("gob", "gov", "gub", "go", "gouv", "govt")
GOVERNMENT_SUFFIXES = tuple(sorted({f"{label}.{cc}" for label in GOVERNMENT_LABELS for cc in LAC_CCTLDS} | {"leg.br", "jus.br"}))
OFFICIAL_HOSTS = (
    "impo.com.uy",
    "bcn.cl",
    "leychile.cl",
    "camara.cl",
    "senado.cl",
    "elperuano.pe",
    "congresonacional.hn",
    "ttparliament.org",
    "barbadosparliament.com",
    "grenadaparliament.gd",
    "dna.sr",
    "attorneygeneralchambers.com",
    "hacienda.cl",
    "bccr.fi.cr",
    "presidencia.cl",
    "chilecompra.cl",
    "tgr.cl",
    "serviciomigraciones.cl",
    "firmadigital.bo",
)
INTERGOVERNMENTAL_HOSTS = (
    "int",
    "un.org",
    "cepal.org",
    "eclac.org",
    "unctad.org",
    "unesco.org",
    "undp.org",
    "unodc.org",
    "ilo.org",
    "worldbank.org",
    "imf.org",
    "oecd.org",
    "oas.org",
    "iadb.org",
    "caf.com",
    "thecommonwealth.org",
    "caricom.org",
    "oecs.org",
)
OFFICIAL_SUFFIXES = GOVERNMENT_SUFFIXES + OFFICIAL_HOSTS + INTERGOVERNMENTAL_HOSTS
LEGAL_DATABASE_HOSTS = (
    "vlex.com",
    "vlex.cl",
    "vlex.co.cr",
    "vlex.com.mx",
    "vlex.com.co",
    "vlex.com.pe",
    "vlex.ec",
    "justia.com",
    "jusbrasil.com.br",
    "lexivox.org",
    "infoleyes.com",
    "normograma.com",
)


def host_of(url: str) -> str:
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def _host_in(url: str, suffixes: tuple[str, ...]) -> bool:
    if not url.strip().lower().startswith(("http://", "https://")):
        return False
    host = host_of(url)
    if not host or re.fullmatch(r"[\d.]+", host):
        return False
    return any(host == suffix or host.endswith("." + suffix) for suffix in suffixes)


def is_official(url: str) -> bool:
    """True when the URL's host is a government, State gazette or legal-database, parliament or intergovernmental site."""
    return _host_in(url, OFFICIAL_SUFFIXES)


def is_legal_database(url: str) -> bool:
    """True when the URL's host is a privately run legal database (LEGAL_DATABASE_HOSTS)."""
    return _host_in(url, LEGAL_DATABASE_HOSTS)


@dataclass
class CountryCoverage:
    country: str
    aspects: int
    assessed: int = 0
    present: int = 0
    absent: int = 0
    unknown: int = 0
    not_applicable: int = 0
    facts: int = 0
    official: int = 0
    official_or_legal_db: int = 0

    @property
    def known(self) -> int:
        return self.present + self.absent + self.not_applicable

    @property
    def assessed_share(self) -> float:
        return self.assessed / self.aspects if self.aspects else 0.0

    @property
    def known_share(self) -> float:
        return self.known / self.aspects if self.aspects else 0.0

    @property
    def official_share(self) -> float:
        return self.official / self.facts if self.facts else 0.0

    @property
    def official_or_legal_db_share(self) -> float:
        return self.official_or_legal_db / self.facts if self.facts else 0.0

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(
            known=self.known,
            assessed_share=round(self.assessed_share, 4),
            known_share=round(self.known_share, 4),
            official_share=round(self.official_share, 4),
            official_or_legal_db_share=round(self.official_or_legal_db_share, 4),
        )
        return data


def _run(store: Store, slug: str):
    from . import queries

    return queries.run(store, queries.find_query(slug), {})


def coverage(store: Store) -> list[CountryCoverage]:
    """One row per country (sorted by ISO3) followed by the total row (country 'TOTAL')."""
    matrix = _run(store, "assessment-matrix")
    statuses: dict[tuple[str, str, str], str] = {}
    aspects: set[tuple[str, str]] = set()
    countries: set[str] = set()
    for row in matrix.rows:
        country, scheme, aspect, status = (row[c].value for c in ("country", "scheme", "aspect", "status"))
        countries.add(country)
        aspects.add((scheme, aspect))
        key = (country, scheme, aspect)
        # one status per aspect (a duplicate assessment is an integrity violation; keep the first in order)
        if key not in statuses or statuses[key] == "not-assessed":
            statuses[key] = status
    if not countries:
        raise UsageError("no countries in the store: is data/jurisdictions.ttl loaded?")
    rows = {c: CountryCoverage(c, len(aspects)) for c in sorted(countries)}
    for (country, _scheme, _aspect), status in statuses.items():
        item = rows[country]
        if status in STATUSES:
            item.assessed += 1
            setattr(item, status.replace("-", "_"), getattr(item, status.replace("-", "_")) + 1)
    facts: dict[tuple[str, str], tuple[bool, bool]] = {}
    for row in _run(store, "fact-sources").rows:
        key = (row["country"].value, row["node"].value)
        official, legal_db = facts.get(key, (False, False))
        url = row["source"].value
        facts[key] = (official or is_official(url), legal_db or is_legal_database(url))
    for (country, _node), (official, legal_db) in facts.items():
        if country in rows:
            rows[country].facts += 1
            rows[country].official += official
            rows[country].official_or_legal_db += official or legal_db
    out = list(rows.values())
    total = CountryCoverage("TOTAL", sum(r.aspects for r in out))
    for field in ("assessed", "present", "absent", "unknown", "not_applicable", "facts", "official", "official_or_legal_db"):
        setattr(total, field, sum(getattr(r, field) for r in out))
    return out + [total]


# ------------------------------------------------------------------------------------------ output
COLUMNS = (
    "country", "aspects", "assessed", "assessed_share", "present", "absent", "unknown", "not_applicable", "known",
    "known_share", "facts", "official", "official_share", "official_or_legal_db", "official_or_legal_db_share",
)


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def render(rows: list[CountryCoverage], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{c: r.as_dict()[c] for c in COLUMNS} for r in rows], indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in rows:
            data = r.as_dict()
            writer.writerow([data[c] for c in COLUMNS])
        return buffer.getvalue()
    if fmt == "markdown":
        return render_markdown(rows)
    return render_table(rows)


def _display(r: CountryCoverage) -> list[str]:
    return [
        r.country, f"{r.assessed}/{r.aspects}", _pct(r.assessed_share), str(r.present), str(r.absent), str(r.unknown),
        str(r.not_applicable), _pct(r.known_share), str(r.facts), _pct(r.official_share), _pct(r.official_or_legal_db_share),
    ]


HEADER = ("country", "assessed", "share", "present", "absent", "unknown", "n/a", "known", "facts", "official sources", "+ legal DBs")


def render_table(rows: list[CountryCoverage]) -> str:
    cells = [_display(r) for r in rows]
    widths = [max(len(x[i]) for x in [list(HEADER), *cells]) for i in range(len(HEADER))]
    def line(values):
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths)))
    out = [line(HEADER), "  ".join("-" * w for w in widths)]
    out += [line(c) for c in cells[:-1]]
    out += ["  ".join("-" * w for w in widths), line(cells[-1])]
    return "\n".join(out) + "\n"


def render_markdown(rows: list[CountryCoverage]) -> str:
    aspects = rows[0].aspects if rows else 30
    head = ("Country", "Assessed", "Share", "Present", "Absent", "Unknown", "N/A", "Known", "Facts", "Official sources", "+ legal DBs")
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join([":---", *["---:"] * (len(head) - 1)]) + "|",
    ]
    for r in rows:
        cells = _display(r)
        if r.country == "TOTAL":
            cells = [f"**{c}**" for c in ["Total", *cells[1:]]]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"Assessed: aspects with an assessment of any status, out of {aspects} per country (16 legal topics, 11 solution "
        "types, 3 governance aspects). Known: present, absent or not applicable (an unknown is assessed but not settled). "
        "Official sources: share of curated facts citing at least one government, State gazette or legal-database, "
        "parliament or intergovernmental URL; + legal DBs: the same, also counting privately run legal databases that "
        "reproduce the official text (vLex, Justia, JusBrasil...); `mandato coverage` documents both lists."
    )
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------ command
def cmd_coverage(args) -> int:
    from .reconcile import store_from_args

    rows = coverage(store_from_args(args))
    text = render(rows, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def register(subparsers) -> None:
    from .reconcile import add_store_options

    p = subparsers.add_parser(
        "coverage",
        help="per country: share of the 30 aspects assessed, present/absent/unknown counts, share of facts with official sources",
        description=(
            "Curation coverage per country and in total. By default the source files are read directly; --build or "
            "--endpoint query a built store instead. --format markdown is the table for the README."
        ),
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    add_store_options(p)
    p.set_defaults(func=cmd_coverage)
