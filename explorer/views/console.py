"""Page 7, SPARQL console: free read-only SPARQL against the same store, with limits and clear errors."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import console as runner
from explorer import charts, data, state, ui
from explorer.context import Context
from explorer.i18n import refusal, register
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
register({
    "console.editor": ("Editor", "Editor", "Editor"),
    "console.editor.yasgui": ("YASGUI", "YASGUI", "YASGUI"),
    "console.editor.plain": ("plain text", "texto simple", "texto simples"),
    "console.no_bundle": (
        "The YASGUI editor is not installed on this machine (run scripts/setup.sh); the plain editor is shown instead.",
        "El editor YASGUI no está instalado en esta máquina (ejecute scripts/setup.sh); se muestra el editor simple.",
        "O editor YASGUI não está instalado nesta máquina (execute scripts/setup.sh); o editor simples é mostrado.",
    ),
    "console.running": ("Running the query…", "Ejecutando la consulta…", "Executando a consulta…"),
    "console.chart": ("Chart view", "Vista de gráfico", "Visão de gráfico"),
    "console.no_chart": ("A chart needs a column of numbers and a column of labels.", "Un gráfico necesita una columna de números y una de etiquetas.", "Um gráfico precisa de uma coluna de números e uma de rótulos."),
    "console.chart_label": ("Labels", "Etiquetas", "Rótulos"),
    "console.chart_value": ("Values", "Valores", "Valores"),
    "console.yasgui.examples": ("Examples", "Ejemplos", "Exemplos"),
    "console.yasgui.choose": ("Load a stored query…", "Cargar una consulta guardada…", "Carregar uma consulta salva…"),
    "console.yasgui.editor": ("SPARQL query", "Consulta SPARQL", "Consulta SPARQL"),
    "console.yasgui.run": ("Run", "Ejecutar", "Executar"),
    "console.yasgui.run_help": ("Run the query (Ctrl+Enter)", "Ejecutar la consulta (Ctrl+Intro)", "Executar a consulta (Ctrl+Enter)"),
    "console.yasgui.running": ("Running…", "Ejecutando…", "Executando…"),
    "console.yasgui.page_size": ("Rows per page", "Filas por página", "Linhas por página"),
    "console.yasgui.filter": ("Filter the results", "Filtrar los resultados", "Filtrar os resultados"),
    "console.yasgui.table": ("Table", "Tabla", "Tabela"),
    "console.yasgui.results": ("{n} results in {s} s", "{n} resultados en {s} s", "{n} resultados em {s} s"),
    "console.yasgui.response": ("Response", "Respuesta", "Resposta"),
    "console.yasgui.simple_view": ("Simple view", "Vista simple", "Visão simples"),
    "console.yasgui.ellipse": ("Shorten long values", "Acortar valores largos", "Encurtar valores longos"),
    "console.yasgui.page_size_colon": ("Rows per page:", "Filas por página:", "Linhas por página:"),
})


def default_query() -> str:
    """The example shown first (every canonical prefix is declared automatically when it runs)."""
    return f"# {', '.join(f'{p}:' for p in PREFILLED)} … are declared automatically\n" + EXAMPLE


def run_now(ctx: Context, text: str, rows: int, seconds: int) -> runner.Outcome:
    if ctx.source.remote:
        return runner.execute(text, rows, seconds, remote=data.store(ctx.source))
    return runner.execute(text, rows, seconds, build_dir=ctx.source.build_dir, stamp=ctx.source.stamp)


def message(ctx: Context, outcome: runner.Outcome) -> tuple[str, str]:
    """(level, text) of what the console says about an outcome: error, warning, success or caption."""
    if outcome.error == "empty":
        return "warning", ctx.t("console.empty")
    if outcome.error == "refused":
        return "error", ctx.t("console.refused", reason=refusal(outcome.reason, ctx.lang, keyword=outcome.keyword))
    if outcome.error == "syntax":
        return "error", ctx.t("console.syntax", line=outcome.line, column=outcome.column, message=outcome.message)
    if outcome.error == "timeout":
        return "error", ctx.t("console.timeout", seconds=st.session_state.get("secs"))
    if outcome.error == "busy":
        return "warning", ctx.t("console.busy")
    if outcome.error:
        return "error", ctx.t("console.error", message=outcome.message)
    if outcome.ask is not None:
        return "success", ctx.t("console.answer", value=ctx.t("common.yes") if outcome.ask else ctx.t("common.no"))
    return "caption", ctx.t("console.elapsed", n=len(outcome.rows), ms=outcome.elapsed_ms)


def show_message(ctx: Context, outcome: runner.Outcome, text: str) -> None:
    level, said = message(ctx, outcome)
    getattr(st, level)(said)
    if outcome.error == "syntax":
        lines = text.splitlines()
        if 0 < outcome.line <= len(lines):
            st.code(f"{lines[outcome.line - 1]}\n{' ' * max(outcome.column - 1, 0)}^", language=None)
    if outcome.truncated:
        st.warning(ctx.t("console.truncated", n=len(outcome.rows)))


def show_result(ctx: Context, outcome: runner.Outcome, table: bool = True) -> None:
    if outcome.error or outcome.ask is not None:
        return
    frame = result_frame(outcome)
    if table:
        ui.table(ctx.with_labels(frame), ctx.t("console.result"), "console_table", ctx.lang, full=frame, link_text=None)
    else:
        ui.downloads(frame, ctx.t("console.result"), "console_table", ctx.lang)
    with st.expander(ctx.t("console.chart")):
        chart(ctx, frame)


def result_frame(outcome: runner.Outcome) -> pd.DataFrame:
    return pd.DataFrame([[cell[1] if cell else "" for cell in row] for row in outcome.rows], columns=outcome.columns, dtype="object")


def chart(ctx: Context, frame: pd.DataFrame) -> None:
    """The chart view of a result: a bar chart of a numeric column against a label column."""
    numeric = [c for c in frame.columns if len(frame) and pd.to_numeric(frame[c], errors="coerce").notna().all()]
    others = [c for c in frame.columns if c not in numeric]
    if not numeric or not others:
        st.caption(ctx.t("console.no_chart"))
        return
    left, right = st.columns(2)
    x = left.selectbox(ctx.t("console.chart_label"), others, key="chart_x")
    y = right.selectbox(ctx.t("console.chart_value"), numeric, key="chart_y")
    values = [{"label": str(a), "value": float(b)} for a, b in zip(frame[x], pd.to_numeric(frame[y]))][:200]
    st.vega_lite_chart(charts.accessible({
        "data": {"values": values}, "mark": {"type": "bar"},
        "encoding": {"y": {"field": "label", "type": "nominal", "sort": "-x", "title": x, "axis": {"labelLimit": 260}},
                     "x": {"field": "value", "type": "quantitative", "title": y},
                     "tooltip": [{"field": "label"}, {"field": "value"}]},
        "height": {"step": 18}, "width": "container",
    }, f"{y} / {x}"), width="stretch")


def examples(ctx: Context) -> list[dict]:
    """The example gallery: every stored query of the library, titled in the interface language, with
    the PREFIX lines it needs, its fragments expanded (INCLUDE is the library's own notation, not
    SPARQL) and its parameters at their defaults in a VALUES block (asOf: today), so that it runs as
    it is, here or on any other endpoint."""
    from explorer.yasgui import with_prefixes
    from mandato.queries import bind
    from mandato.store import bind_values

    def runnable(q) -> str:
        bindings = bind(q, {})
        return with_prefixes(bind_values(q.expanded(bindings), bindings), dict(PREFIXES))

    return [{"slug": q.slug, "title": q.title_in(ctx.lang), "text": runnable(q)} for q in data.library()]


def terms(ctx: Context) -> list[str]:
    """The ontology's terms (md:...) for completion in the editor, from the graph's labels."""
    from mandato.namespaces import MD, curie

    return sorted({curie(iri) for iri in ctx.labels.names if iri.startswith(str(MD))})


def plain_editor(ctx: Context) -> tuple[str, bool]:
    text = st.text_area(ctx.t("console.query"), key="sparql", height=360)
    clicked = st.button(ctx.t("console.run"), type="primary", key="run_sparql")
    return text, clicked


def render(ctx: Context) -> dict:
    from explorer import yasgui

    st.title(ctx.t("console.title"))
    st.caption(ctx.t("console.help"))
    from_url = state.url_value("sparql") is not None and "sparql" not in st.session_state
    state.init("sparql", default_query())
    state.init("rows", 1000, parse=int, valid=lambda v: isinstance(v, int) and 1 <= v <= runner.MAX_ROWS)
    state.init("secs", 10, parse=int, valid=lambda v: isinstance(v, int) and 1 <= v <= runner.MAX_SECONDS)
    state.init("editor", "yasgui" if yasgui.available() else "plain", valid=lambda v: v in ("yasgui", "plain"))
    if not ctx.source.remote:
        runner.sandbox_for(ctx.source.build_dir, ctx.source.stamp).warm()
    left, middle, right = st.columns([2, 2, 3])
    rows = left.number_input(ctx.t("console.row_limit"), 1, runner.MAX_ROWS, key="rows", step=100)
    seconds = middle.number_input(ctx.t("console.time_limit"), 1, runner.MAX_SECONDS, key="secs", step=1)
    mode = right.radio(ctx.t("console.editor"), ["yasgui", "plain"], key="editor", horizontal=True, index=state.index("editor", ["yasgui", "plain"]),
                       format_func=lambda m: ctx.t(f"console.editor.{m}"))
    if mode == "yasgui" and not yasgui.available():
        st.warning(ctx.t("console.no_bundle"))
        mode = "plain"
    # A query from the address (?sparql=) is shown, never run until the user presses Run.
    if from_url and _LAST not in st.session_state:
        st.info(ctx.t("console.from_link"))  # a shared link never runs a query by itself
    text, run_text, nonce = st.session_state["sparql"], None, None
    if mode == "plain":
        text, clicked = plain_editor(ctx)
        if clicked:
            run_text, nonce = text, f"plain-{id(text)}-{len(st.session_state.get(_LAST) or ())}"
    else:
        submitted = st.session_state.get("yasgui") or {}
        if submitted.get("nonce") and submitted.get("nonce") != st.session_state.get("_console_done"):
            run_text, nonce = str(submitted.get("query", "")), submitted["nonce"]
            st.session_state["sparql"] = text = run_text
    state.remember(["sparql", "rows", "secs", "editor"])
    if run_text is not None:
        with st.spinner(ctx.t("console.running")):
            st.session_state[_LAST] = (run_text, run_now(ctx, run_text, int(rows), int(seconds)))
        st.session_state["_console_done"] = nonce
    last = st.session_state.get(_LAST)
    outcome = last[1] if last else None
    if mode == "yasgui":
        labels = {iri: ctx.full_label(iri) for iri in _iris(outcome)} if outcome else {}
        result = yasgui.sparql_json(outcome, labels) if outcome and not outcome.error else None
        status = message(ctx, outcome)[1] if outcome else ""
        if last and (last[1].error or last[1].truncated or last[1].ask is not None):
            show_message(ctx, last[1], last[0])
        words = {k: ctx.t(f"console.yasgui.{k}") for k in ("examples", "choose", "editor", "run", "run_help", "running", "page_size", "filter",
                                                            "table", "response", "simple_view", "ellipse", "page_size_colon", "results")}
        yasgui.editor(query=yasgui.with_prefixes(text, dict(PREFIXES)) if text == default_query() else text, lang=ctx.lang, examples=examples(ctx), prefixes=dict(PREFIXES), terms=terms(ctx), words=words,
                      result=result, result_id=id(outcome) if outcome else -1, elapsed=outcome.elapsed_ms if outcome else 0,
                      done=st.session_state.get("_console_done"), status=status, key="yasgui", default=None, height=560)
    if last and mode == "plain":
        show_message(ctx, last[1], last[0])
    if last:
        show_result(ctx, last[1], table=mode == "plain")
    changed = text.strip() != default_query().strip()
    return {"sparql": text if changed else None, "rows": rows if rows != 1000 else None, "secs": seconds if seconds != 10 else None,
            "editor": mode if mode == "plain" and yasgui.available() else None}


def _iris(outcome: runner.Outcome) -> set[str]:
    return {cell[1] for row in outcome.rows for cell in row if cell and cell[0] == "iri"}
