"""Rendering `mandato coverage`: table, CSV, JSON, the README's markdown table, and item lists."""

from __future__ import annotations

import csv
import io
import json

from .coverage import CountryCoverage, targets

COLUMNS = (
    "country", "aspects", "assessed", "assessed_share", "present", "absent", "unknown", "unknown_searched",
    "unknown_not_searched", "not_applicable", "known", "known_share", "unknown_share", "facts", "grade_1", "grade_2",
    "grade_3", "grade_4", "grade_5", "secondary_share", "weak_only", "official", "official_share",
    "official_or_legal_db", "official_or_legal_db_share", "instruments", "cited", "cited_share", "stale",
    "jurisdiction", "tier", "lead_body", "higher_tier", "open", "open_share",
)
LOWER_HEADER = ("lead body", "higher tier", "open")
HEADER = (
    "country", "assessed", "present", "absent", "unknown", "searched", "known", "facts", "g1", "g2", "g3", "g4", "g5",
    "g5 share", "weak only", "instruments", "cited", "stale",
)


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _lower_tiers(rows: list[CountryCoverage]) -> bool:
    return any(r.tier != "national" for r in rows if r.country != "TOTAL")


def _display(r: CountryCoverage, lower: bool = False) -> list[str]:
    extra = [r.lead_body if r.country != "TOTAL" else "", str(r.higher_tier), str(r.open)] if lower else []
    return [
        r.jurisdiction, f"{r.assessed}/{r.aspects}", str(r.present), str(r.absent), str(r.unknown), str(r.unknown_searched),
        _pct(r.known_share), str(r.facts), str(r.grade_1), str(r.grade_2), str(r.grade_3), str(r.grade_4), str(r.grade_5),
        _pct(r.secondary_share), str(r.weak_only), str(r.instruments), _pct(r.cited_share), str(r.stale), *extra,
    ]


def render_targets(rows: list[CountryCoverage]) -> str:
    """The subnational tier's targets, one line each ('' when no subnational row is counted)."""
    lines = []
    for t in targets(rows):
        sign = ">=" if t.at_least else "<="
        lines.append(f"target: {t.name}: {t.measured}/{t.of} ({t.share * 100:.1f}%), {sign} {t.threshold * 100:.0f}%: {'met' if t.met else 'NOT met'}")
    return "\n".join(lines) + ("\n" if lines else "")


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


def render_table(rows: list[CountryCoverage]) -> str:
    lower = _lower_tiers(rows)
    header = (*HEADER, *LOWER_HEADER) if lower else HEADER
    header = ("jurisdiction", *header[1:]) if lower else header
    cells = [_display(r, lower) for r in rows]
    widths = [max(len(x[i]) for x in [list(header), *cells]) for i in range(len(header))]

    def line(values):
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths)))

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(c) for c in cells[:-1]]
    out += ["  ".join("-" * w for w in widths), line(cells[-1])]
    return "\n".join(out) + "\n" + (("\n" + render_targets(rows)) if lower and targets(rows) else "")


def render_markdown(rows: list[CountryCoverage]) -> str:
    aspects = rows[0].aspects if rows else 30
    lower = _lower_tiers(rows)
    head = (
        "Jurisdiction" if lower else "Country", "Assessed", "Present", "Absent", "Unknown", "of which searched", "Known",
        "Facts", "Grade 1", "Grade 2", "Grade 3", "Grade 4", "Grade 5", "Grade 5 share", "Weak only", "Instruments", "Cited", "Stale",
        *(("Lead body", "Covered from above", "Open") if lower else ()),
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join([":---", *["---:"] * (len(head) - 1)]) + "|"]
    for r in rows:
        cells = _display(r, lower)
        if r.country == "TOTAL":
            cells = [f"**{c}**" for c in ["Total", *cells[1:]]]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"Assessed: aspects with an assessment of any status, out of {aspects} per country (16 legal topics, 11 solution "
        "types, 3 governance aspects). Unknown: assessed but not settled, of which searched: with a documented search "
        "(sources and queries consulted, date); the rest are not yet searched. Known: present, absent or not applicable. "
        "Facts by evidence grade, the best among each fact's sources (1 official text: gazette, legislature, official "
        "legal database; 2 government page; 3 private legal database; 4 intergovernmental body or dataset; 5 "
        "secondary: news, law firms, vendors, academia, blogs, wikis, document sharing); Weak only: facts whose every "
        "source is a blog, a wiki or a document-sharing site. Cited: share of legal instruments with a gazette citation "
        "or a grade 1-3 source. Stale: facts not re-checked in the last 12 months (`mandato coverage --list stale`)."
        + (
            " Lead body: the jurisdiction's own lead-body assessment. Covered from above: aspects it does not have itself "
            "but a higher-tier instrument in force (or solution operating) that binds its tier covers. Open: aspects "
            "assessed unknown or not assessed that nothing covers from above."
            if lower else ""
        )
    )
    if lower and targets(rows):
        lines += ["", *(f"- {line}" for line in render_targets(rows).splitlines())]
    return "\n".join(lines) + "\n"


def render_list(rows: list[CountryCoverage], name: str) -> str:
    total = rows[-1]
    items = total.items.get(name, [])
    header = {
        "stale": "country\tfact\tlast checked",
        "weak": "country\tfact",
        "secondary": "country\tfact",
        "uncited": "country\tinstrument",
        "unknown": "country\taspect\tsearch",
    }[name]
    if _lower_tiers(rows):
        header = header.replace("country", "jurisdiction", 1)
    return "\n".join([header, *items]) + "\n"
