"""`mandato maturity report`: one assessment's scores, component and area averages, weakest components,
and the change since the jurisdiction's previous assessment.

Only assessed profiles are reported here (md:MaturityAssessment); suggested levels have their own
command (`mandato maturity suggest`) and are never mixed into an assessment's averages.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from ..errors import UsageError
from ..store import Store
from .instrument import Instrument, load_instrument
from .jurisdiction import parse_code
from .profiles import ASSESSED, Header, Profile, headers, profile, round_half_up

EXAMPLE = "example"
EXAMPLE_CODE = "eclac2025-example"
FORMATS = ("table", "csv", "json")


@dataclass
class Report:
    current: Profile
    previous: Profile | None
    instrument: Instrument

    def change(self, kind: str, code: str) -> float | None:
        if self.previous is None:
            return None
        now, before = (_value(p, kind, code) for p in (self.current, self.previous))
        return None if now is None or before is None else now - before


def _value(p: Profile, kind: str, code: str) -> float | None:
    if kind == "variable":
        score = p.scores.get(code)
        return None if score is None or score.score is None else float(score.score)
    table = p.components if kind == "component" else p.areas
    return table[code][0] if code in table else None


def choose(store: Store, target: str, year: int | None = None) -> tuple[Header, Header | None]:
    """The assessment to report (the latest, or the one for --year) and the one before it."""
    if target.strip().lower() == EXAMPLE:
        found = [h for h in headers(store) if h.kind == ASSESSED and h.code == EXAMPLE_CODE]
        if not found:
            raise UsageError("the guide's example assessment (data/maturity/eclac2025-example.ttl) is not in the store")
        if year is not None:
            raise UsageError("the guide's example assessment has no year: leave out --year")
        return found[0], None
    jurisdiction = parse_code(target)
    assessed = sorted((h for h in headers(store, jurisdiction.iri) if h.kind == ASSESSED and h.year is not None), key=lambda h: (h.year, h.as_of))
    if not assessed:
        raise UsageError(
            f"no maturity assessment of {jurisdiction.code} in the store: import one with `mandato maturity import FILE.csv "
            f"--jurisdiction {jurisdiction.code} --year YEAR --assessor NAME` (levels suggested from the graph, which are not an assessment: `mandato maturity suggest {jurisdiction.code}`)"
        )
    if year is None:
        current = assessed[-1]
    else:
        matches = [h for h in assessed if h.year == year]
        if not matches:
            years = ", ".join(str(h.year) for h in assessed)
            raise UsageError(f"no assessment of {jurisdiction.code} for {year}; assessed years: {years}")
        current = matches[-1]
    earlier = [h for h in assessed if h.year < current.year]
    return current, (earlier[-1] if earlier else None)


def build_report(store: Store, target: str, year: int | None = None) -> Report:
    current, previous = choose(store, target, year)
    return Report(profile(store, current), profile(store, previous) if previous else None, load_instrument())


# ------------------------------------------------------------------------------------------ output
def _fmt(value: float | None, places: int = 2) -> str:
    return "" if value is None else round_half_up(value, places)


def _signed(value: float | None, places: int = 2) -> str:
    if value is None:
        return ""
    text = round_half_up(value, places)
    if text.lstrip("-").strip("0.") == "":
        return text.lstrip("-")  # no change: "0" or "0.00", unsigned
    return text if text.startswith("-") else "+" + text


def rows(report: Report, lang: str = "en") -> list[dict]:
    """One flat row per area, component and variable (the CSV and the explorer's table)."""
    inst, cur = report.instrument, report.current
    weakest = set(cur.weakest())
    out = []
    for area in inst.areas:
        avg = cur.areas.get(area.code, (None, 0))[0]
        out.append(_row(report, "area", area.code, area.label(lang), avg, places=2))
    for comp in inst.components:
        avg = cur.components.get(comp.code, (None, 0))[0]
        out.append(_row(report, "component", comp.code, comp.label(lang), avg, places=2, weakest=comp.code in weakest))
    for var in inst.variables:
        score = cur.scores.get(var.code)
        value = None if score is None or score.score is None else float(score.score)
        row = _row(report, "variable", var.code, var.label(lang), value, places=0)
        row["level"] = inst.level(score.score).label(lang) if score and score.score else ""
        row["evidence"] = score.evidence if score else ""
        row["source"] = " ".join(score.sources) if score else ""
        out.append(row)
    return out


def _row(report: Report, kind: str, code: str, label: str, value: float | None, places: int, weakest: bool = False) -> dict:
    previous = _value(report.previous, kind, code) if report.previous else None
    return {
        "kind": kind, "code": code, "label": label, "score": _fmt(value, places), "previous": _fmt(previous, places),
        "change": _signed(report.change(kind, code), places), "weakest": "yes" if weakest else "", "level": "", "evidence": "", "source": "",
    }


def _number(value: float | None, places: int) -> float | int | None:
    if value is None:
        return None
    return int(round(value)) if places == 0 else float(round_half_up(value, places))


def as_dict(report: Report, lang: str = "en") -> dict:
    """The report as JSON-ready data: numbers as numbers (averages rounded to 2 decimals, half up)."""
    head, inst = report.current.header, report.instrument
    prev = report.previous.header if report.previous else None

    def entry(kind: str, item, places: int) -> dict:
        before = _value(report.previous, kind, item.code) if report.previous else None
        return {"code": item.code, "label": item.label(lang), "score": _number(_value(report.current, kind, item.code), places),
                "previous": _number(before, places), "change": _number(report.change(kind, item.code), places)}

    variables = []
    for var in inst.variables:
        data = entry("variable", var, 0)
        score = report.current.scores.get(var.code)
        data.update(level=inst.level(score.score).label(lang) if score and score.score else "",
                    evidence=score.evidence if score else "", sources=list(score.sources) if score else [])
        variables.append(data)
    return {
        "assessment": head.iri,
        "kind": "assessed",
        "jurisdiction": head.jurisdiction,
        "year": head.year,
        "assessor": head.assessor,
        "date": head.as_of,
        "previous": {"assessment": prev.iri, "year": prev.year} if prev else None,
        "areas": [entry("area", a, 2) for a in inst.areas],
        "components": [entry("component", c, 2) for c in inst.components],
        "weakest_components": report.current.weakest(),
        "variables": variables,
    }


def render(report: Report, fmt: str = "table", lang: str = "en") -> str:
    if fmt == "json":
        return json.dumps(as_dict(report, lang), indent=2, ensure_ascii=False) + "\n"
    flat = rows(report, lang)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(flat[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat)
        return buffer.getvalue()
    return _table(report, flat, lang)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(report: Report, flat: list[dict], lang: str) -> str:
    head = report.current.header
    inst = report.instrument
    title = head.code if not head.year else f"{head.code} ({head.year})"
    lines = [f"ECLAC maturity assessment {title}: {head.iri}"]
    lines.append(f"assessor: {head.assessor}" + (f"; assessed on {head.as_of}" if head.as_of else ""))
    if report.previous:
        prev = report.previous.header
        lines.append(f"compared with the previous assessment, {prev.year} ({prev.iri})")
    elif head.year:
        lines.append("no earlier assessment of this jurisdiction: no change to show")
    compare = report.previous is not None
    for kind, heading, width in (("area", "Areas", 58), ("component", "Components", 58)):
        lines += ["", f"{heading} (average of the variable scores)"]
        cols = f"{'code':6} {'':{width}} {'average':>7}" + (f" {'previous':>8} {'change':>7}" if compare else "")
        lines.append(cols)
        for r in (r for r in flat if r["kind"] == kind):
            mark = " *" if r["weakest"] else ""
            line = f"{r['code']:6} {_clip(r['label'], width):{width}} {r['score']:>7}" + (f" {r['previous']:>8} {r['change']:>7}" if compare else "")
            lines.append(line + mark)
    weakest = report.current.weakest()
    lines += ["", "Three weakest components (*): " + "; ".join(f"{c} {inst.item(c).label(lang)} ({_fmt(report.current.components[c][0])})" for c in weakest)]
    lines += ["", "Variables (score 1 to 4: " + ", ".join(f"{lv.code} {lv.label(lang).split(': ', 1)[-1].lower()}" for lv in inst.levels) + ")"]
    lines.append(f"{'code':6} {'score':>5}" + (f" {'prev.':>5} {'chg':>4}" if compare else "") + "  variable / evidence")
    for r in (r for r in flat if r["kind"] == "variable"):
        line = f"{r['code']:6} {r['score']:>5}" + (f" {r['previous']:>5} {r['change']:>4}" if compare else "") + f"  {_clip(r['label'], 70)}"
        lines.append(line)
        if r["evidence"]:
            lines.append(" " * (13 + (11 if compare else 0)) + "evidence: " + _clip(r["evidence"], 90))
        if r["source"]:
            lines.append(" " * (13 + (11 if compare else 0)) + "source: " + r["source"])
    return "\n".join(lines) + "\n"
