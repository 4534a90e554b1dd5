"""Page 7, SPARQL console: free read-only SPARQL against the same store, with limits and clear errors."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import console as runner
from explorer import data, state, ui
from explorer.context import Context
from explorer.i18n import refusal
from mandato.namespaces import PREFIXES

PREFILLED = ("md", "rdf", "rdfs", "skos", "dct", "org", "xsd", "country", "body", "law", "mtype", "topic", "soltype", "status")
EXAMPLE = """SELECT ?country ?agency ?label WHERE {
  ?mandate md:mandateType mtype:lead-digital-government ; md:holder ?agency .
  FILTER NOT EXISTS { ?mandate md:validUntil ?until }
  ?agency md:jurisdiction/md:iso3 ?country ; rdfs:label ?label .
  FILTER (LANG(?label) = "en")
}
ORDER BY ?country
"""
_LAST = "_console_last"


def default_query() -> str:
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in PREFILLED) + "\n" + EXAMPLE


def run_now(ctx: Context, text: str, rows: int, seconds: int) -> runner.Outcome:
    if ctx.source.remote:
        return runner.execute(text, rows, seconds, remote=data.store(ctx.source))
    return runner.execute(text, rows, seconds, build_dir=ctx.source.build_dir, stamp=ctx.source.stamp)


def show(ctx: Context, outcome: runner.Outcome, text: str) -> None:
    if outcome.error == "empty":
        st.warning(ctx.t("console.empty"))
    elif outcome.error == "refused":
        st.error(ctx.t("console.refused", reason=refusal(outcome.reason, ctx.lang, keyword=outcome.keyword)))
    elif outcome.error == "syntax":
        st.error(ctx.t("console.syntax", line=outcome.line, column=outcome.column, message=outcome.message))
        lines = text.splitlines()
        if 0 < outcome.line <= len(lines):
            st.code(f"{lines[outcome.line - 1]}\n{' ' * max(outcome.column - 1, 0)}^", language=None)
    elif outcome.error == "timeout":
        st.error(ctx.t("console.timeout", seconds=st.session_state.get("secs")))
    elif outcome.error == "busy":
        st.warning(ctx.t("console.busy"))
    elif outcome.error:
        st.error(ctx.t("console.error", message=outcome.message))
    elif outcome.ask is not None:
        st.success(ctx.t("console.answer", value=ctx.t("common.yes") if outcome.ask else ctx.t("common.no")))
    else:
        frame = pd.DataFrame([[cell[1] if cell else "" for cell in row] for row in outcome.rows], columns=outcome.columns, dtype="object")
        st.caption(ctx.t("console.elapsed", n=len(frame), ms=outcome.elapsed_ms))
        if outcome.truncated:
            st.warning(ctx.t("console.truncated", n=len(frame)))
        ui.table(frame, ctx.t("console.result"), "console_table", ctx.lang)


def render(ctx: Context) -> dict:
    st.title(ctx.t("console.title"))
    st.caption(ctx.t("console.help"))
    from_url = state.url_value("sparql") is not None and "sparql" not in st.session_state and _LAST not in st.session_state
    state.init("sparql", default_query())
    state.init("rows", 1000, parse=int, valid=lambda v: isinstance(v, int) and 1 <= v <= runner.MAX_ROWS)
    state.init("secs", 10, parse=int, valid=lambda v: isinstance(v, int) and 1 <= v <= runner.MAX_SECONDS)
    if not ctx.source.remote:
        runner.sandbox_for(ctx.source.build_dir, ctx.source.stamp).warm()
    text = st.text_area(ctx.t("console.query"), key="sparql", height=360)
    left, middle, right = st.columns([2, 2, 3])
    rows = left.number_input(ctx.t("console.row_limit"), 1, runner.MAX_ROWS, key="rows", step=100)
    seconds = middle.number_input(ctx.t("console.time_limit"), 1, runner.MAX_SECONDS, key="secs", step=1)
    clicked = right.button(ctx.t("console.run"), type="primary", key="run_sparql")
    state.remember(["sparql", "rows", "secs"])
    if from_url and not clicked:
        st.info(ctx.t("console.from_link"))  # a shared link never runs a query by itself
    if clicked:
        with st.spinner():
            st.session_state[_LAST] = (text, run_now(ctx, text, int(rows), int(seconds)))
    last = st.session_state.get(_LAST)
    if last:
        show(ctx, last[1], last[0])
    changed = text.strip() != default_query().strip()
    return {"sparql": text if changed else None, "rows": rows if rows != 1000 else None, "secs": seconds if seconds != 10 else None}
