"""Rendering query results as a text table, CSV or JSON (deterministic, for golden tests)."""

from __future__ import annotations

import csv
import io
import json

from .namespaces import curie
from .store import Result


def cell(term) -> str:
    return "" if term is None else term.value


def render_result(result: Result, fmt: str = "table") -> str:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([cell(row.get(c)) for c in result.columns])
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps([{c: cell(row.get(c)) for c in result.columns} for row in result.rows], indent=2, ensure_ascii=False) + "\n"
    shown = [[curie(cell(row.get(c))) if row.get(c) is not None and row[c].kind == "iri" else cell(row.get(c)) for c in result.columns] for row in result.rows]
    widths = [min(max([len(c), *(len(r[i]) for r in shown)]), 50) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for r in shown:
        lines.append("  ".join(v[:50].ljust(w) for v, w in zip(r, widths)))
    lines.append(f"({len(shown)} rows)")
    return "\n".join(lines) + "\n"
