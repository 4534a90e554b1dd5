"""Page, Side by side: two to four countries compared fact by fact (the same definitions as every page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import charts, data, model, state, ui
from explorer.context import Context
from explorer.i18n import register

register({
    "page.side": ("Side by side", "Lado a lado", "Lado a lado"),
    "side.title": ("Countries side by side", "Países lado a lado", "Países lado a lado"),
    "side.countries": ("Countries (two to four)", "Países (de dos a cuatro)", "Países (de dois a quatro)"),
    "side.pick": ("Choose at least two countries.", "Elija al menos dos países.", "Escolha pelo menos dois países."),
    "side.fact": ("fact", "hecho", "fato"),
    "side.lead_body": ("Current lead body", "Órgano rector vigente", "Órgão líder vigente"),
    "side.powers": ("Decision powers of the lead body", "Facultades decisorias del órgano rector", "Poderes decisórios do órgão líder"),
    "side.solutions": ("Cross-cutting solutions recorded", "Soluciones transversales registradas", "Soluções transversais registradas"),
    "side.laws_in_force": ("Instruments in force", "Instrumentos vigentes", "Instrumentos vigentes"),
    "side.latest": ("{name} (latest, LAC rank)", "{name} (último, posición en ALC)", "{name} (mais recente, posição na ALC)"),
})

MAX = 4


@st.cache_resource(show_spinner=False, max_entries=512, ttl=data.REMOTE_TTL)
def _column(key: str, lang: str, iso: str, _ctx: Context) -> list[tuple[str, str]]:
    return build_column(_ctx, iso)


def column(ctx: Context, iso: str) -> list[tuple[str, str]]:
    """(fact, value) pairs of one country in the interface language, computed once per data source."""
    return _column(ctx.source.key, ctx.lang, iso, ctx)


def build_column(ctx: Context, iso: str) -> list[tuple[str, str]]:
    """(fact, value) pairs of one country, in the order of the table."""
    from explorer.views.indicators import ranked

    truth = ctx.truth
    baseline = ctx.baseline_topics()
    findings = data.findings(ctx.source)
    leads = truth.current_leads(iso)
    yes, no = ctx.t("common.yes"), ctx.t("common.no")
    rows = [
        (ctx.t("side.lead_body"), "; ".join(ctx.full_label(r["holder"]) for r in leads) or f"— ({ctx.status_label(truth.status(iso, 'aspect', 'lead-body'))})"),
        (ctx.t("side.powers"), ", ".join(ctx.concept_label("mtype", p) for p in truth.lead_decision_powers(iso)) or "—"),
        (ctx.t("country.metric.coordination"), yes if truth.has(iso, "coordination-body") else no),
        (ctx.t("country.metric.strategy"), yes if truth.has(iso, "national-strategy") else no),
        (ctx.t("country.metric.baseline"), f"{len(truth.baseline_in_force(iso, baseline))} / {len(baseline)}"),
    ]
    for topic in baseline:
        status = truth.status(iso, "topic", topic)
        rows.append((f"★ {ctx.concept_label('topic', topic)}", f"{charts.STATUS_SYMBOLS[status]} {ctx.status_label(status)}"))
    rows.append((ctx.t("side.laws_in_force"), str(len(truth.laws_in_force(iso)))))
    rows.append((ctx.t("side.solutions"), str(len(ctx.of_country("solutions-catalogue", iso)))))
    rows.append((ctx.t("country.metric.gaps"), str(int((findings["country"] == iso).sum()))))
    from explorer.views.indicators import numeric

    values = numeric(ctx.q("indicator-values"))
    for code in ("egdi", "gtmi"):
        series = values[values["indicator"] == code] if len(values) else values
        if not len(series):
            continue
        year = int(series["year_n"].max())
        table = ranked(series[series["year_n"] == year], code).set_index("iso3")
        shown = f"{table.loc[iso, 'number']:.3f} ({int(table.loc[iso, 'rank'])}/{len(table)}, {year})" if iso in table.index else "—"
        rows.append((ctx.t("side.latest", name=ctx.concept_label("indicator", code)), shown))
    return rows


def render(ctx: Context) -> dict:
    st.title(ctx.t("side.title"))
    options = ctx.isos_by_name()
    default = [i for i in ("URY", "CHL") if i in options] or options[:2]
    state.init("sides", default, parse=lambda v: [c.upper() for c in state.split_list(v)][:MAX],
               valid=lambda v: isinstance(v, list) and set(v) <= set(options) and len(v) <= MAX)
    chosen = st.multiselect(ctx.t("side.countries"), options, key="sides", format_func=ctx.country_name, max_selections=MAX)
    state.remember(["sides"])
    if len(chosen) < 2:
        st.info(ctx.t("side.pick"))
        return {"sides": chosen}
    columns = {iso: column(ctx, iso) for iso in chosen}
    first = columns[chosen[0]]
    table = pd.DataFrame({ctx.t("side.fact"): [fact for fact, _ in first],
                          **{ctx.country_name(iso): [value for _, value in columns[iso]] for iso in chosen}})
    st.dataframe(table, hide_index=True, width="stretch", height=38 + 35 * len(table))
    st.markdown(" · ".join(f"[{ui.esc(ctx.country_name(iso))} →](?page=country&country={iso}&lang={ctx.lang})" for iso in chosen))
    ui.downloads(table, f"{ctx.t('side.title')} {' '.join(chosen)}", "side_table", ctx.lang)
    return {"sides": chosen if chosen != default else None}
