"""Page, Indicators: UN EGDI and components, World Bank GTMI and components, OECD DGI.

Values with their rank within LAC, the time series per country, the distribution per subregion,
and the relation between governance facts (from explorer/facts.py, the same definitions as every
other page) and an indicator, with the caveats written next to the charts.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import charts, model, state, ui
from explorer.context import Context
from explorer.i18n import register

register({
    "page.indicators": ("Indicators", "Indicadores", "Indicadores"),
    "ind.title": ("Indicators: e-government and GovTech indices", "Indicadores: índices de gobierno electrónico y GovTech", "Indicadores: índices de governo eletrônico e GovTech"),
    "ind.none": (
        "No indicator values are in the graph. They are loaded with the data, or imported with `mandato import unegov|gtmi PATH`.",
        "No hay valores de indicadores en el grafo. Se cargan con los datos o se importan con `mandato import unegov|gtmi RUTA`.",
        "Não há valores de indicadores no grafo. Eles são carregados com os dados ou importados com `mandato import unegov|gtmi CAMINHO`.",
    ),
    "ind.indicator": ("Indicator", "Indicador", "Indicador"),
    "ind.year": ("Year", "Año", "Ano"),
    "ind.values": ("Values and rank within LAC, {year}", "Valores y posición en ALC, {year}", "Valores e posição na ALC, {year}"),
    "ind.rank": ("LAC rank", "posición en ALC", "posição na ALC"),
    "ind.value": ("value", "valor", "valor"),
    "ind.previous": ("change since {year}", "cambio desde {year}", "variação desde {year}"),
    "ind.n": ("{n} countries with a value in {year} (of {total}).", "{n} países con valor en {year} (de {total}).", "{n} países com valor em {year} (de {total})."),
    "ind.series": ("Time series", "Serie temporal", "Série temporal"),
    "ind.series_countries": ("Countries to draw", "Países a mostrar", "Países a mostrar"),
    "ind.distribution": ("Distribution by subregion, {year}", "Distribución por subregión, {year}", "Distribuição por sub-região, {year}"),
    "ind.relation": ("Governance facts and the indicator, {year}", "Hechos de gobernanza y el indicador, {year}", "Fatos de governança e o indicador, {year}"),
    "ind.fact": ("Governance fact", "Hecho de gobernanza", "Fato de governança"),
    "ind.fact.decision": (
        "lead body holds an OECD decision-making power",
        "el órgano rector tiene una facultad decisoria de la OCDE",
        "o órgão líder detém um poder decisório da OCDE",
    ),
    "ind.fact.lead": ("has a current lead body", "tiene órgano rector vigente", "tem órgão líder vigente"),
    "ind.fact.strategy": ("has a current strategy", "tiene estrategia vigente", "tem estratégia vigente"),
    "ind.fact.coordination": ("has a co-ordination body", "tiene instancia de coordinación", "tem instância de coordenação"),
    "ind.group": ("group", "grupo", "grupo"),
    "ind.median": ("median", "mediana", "mediana"),
    "ind.countries": ("countries", "países", "países"),
    "ind.group_yes": ("yes", "sí", "sim"),
    "ind.group_no": ("no", "no", "não"),
    "ind.caveat": (
        "Caveats: the groups are small and the comparison shows an association, not a cause; the governance facts are those recorded today, "
        "the indicator is of {year}; an indicator is the publisher's composite measure (UN DESA, World Bank, OECD), imported as published, "
        "with its own method and coverage; a country without a value in that year is left out.",
        "Advertencias: los grupos son pequeños y la comparación muestra una asociación, no una causa; los hechos de gobernanza son los registrados hoy, "
        "el indicador es de {year}; un indicador es la medida compuesta de su editor (ONU DAES, Banco Mundial, OCDE), importada tal como se publicó, "
        "con su propio método y cobertura; un país sin valor ese año queda fuera.",
        "Ressalvas: os grupos são pequenos e a comparação mostra uma associação, não uma causa; os fatos de governança são os registrados hoje, "
        "o indicador é de {year}; um indicador é a medida composta do seu editor (ONU DESA, Banco Mundial, OCDE), importada como publicada, "
        "com método e cobertura próprios; um país sem valor nesse ano fica de fora.",
    ),
    "ind.rank_caveat": (
        "Rank 1 is the highest value among the LAC countries with a value that year; equal values share a rank.",
        "La posición 1 es el valor más alto entre los países de ALC con valor ese año; los valores iguales comparten posición.",
        "A posição 1 é o valor mais alto entre os países da ALC com valor naquele ano; valores iguais compartilham a posição.",
    ),
    "ind.sources": ("Datasets and sources", "Conjuntos de datos y fuentes", "Conjuntos de dados e fontes"),
})

LOWER_IS_BETTER = ("egdi-rank",)
PREFERRED = ("egdi", "epi", "osi", "hci", "tii", "gtmi", "cgsi", "psdi", "dcei", "gtei")
FACTS = ("decision", "lead", "strategy", "coordination")


def numeric(indicators: pd.DataFrame) -> pd.DataFrame:
    """The observations with a float `number` and an int `year_n` (rows whose value is not a number dropped)."""
    out = indicators.assign(number=pd.to_numeric(indicators["value"], errors="coerce"),
                            year_n=[model.year_of(y) for y in indicators["year"]])
    return out.dropna(subset=["number", "year_n"])


def ranked(values: pd.DataFrame, code: str) -> pd.DataFrame:
    """One row per country (iso3, number) with its rank within LAC (1 = best; ties share the lower rank)."""
    ascending = code in LOWER_IS_BETTER
    frame = values.groupby("iso3", as_index=False)["number"].mean()
    frame["rank"] = frame["number"].rank(method="min", ascending=ascending).astype(int)
    return frame.sort_values(["rank", "iso3"])


def governance_fact(ctx: Context, iso: str, fact: str) -> bool:
    truth = ctx.truth
    if fact == "decision":
        return bool(truth.lead_decision_powers(iso))
    return truth.has(iso, {"lead": "lead-body", "strategy": "national-strategy", "coordination": "coordination-body"}[fact])


def codes_present(ctx: Context, values: pd.DataFrame) -> list[str]:
    present = set(values["indicator"])
    ordered = [c for c in PREFERRED if c in present] + sorted(present - set(PREFERRED) - set(LOWER_IS_BETTER))
    return ordered + [c for c in LOWER_IS_BETTER if c in present]


def render(ctx: Context) -> dict:
    st.title(ctx.t("ind.title"))
    values = numeric(ctx.q("indicator-values"))
    if not len(values):
        st.info(ctx.t("ind.none"))
        return {}
    codes = codes_present(ctx, values)
    state.init("ind", codes[0], valid=lambda v: v in codes)
    left, right = st.columns([3, 2])
    code = left.selectbox(ctx.t("ind.indicator"), codes, key="ind", index=state.index("ind", codes), format_func=lambda c: ctx.concept_label("indicator", c))
    series = values[values["indicator"] == code]
    years = sorted({int(y) for y in series["year_n"]}, reverse=True)
    state.init("iyear", years[0], parse=int, valid=lambda v: v in years)
    if st.session_state.get("iyear") not in years:
        st.session_state["iyear"] = years[0]
    year = right.selectbox(ctx.t("ind.year"), years, key="iyear", index=state.index("iyear", years))
    state.remember(["ind", "iyear"])
    names = ctx.names()
    subregions = ctx.subregion_of()
    name = ctx.concept_label("indicator", code)

    # values and rank within LAC
    st.subheader(ctx.t("ind.values", year=year))
    this = ranked(series[series["year_n"] == year], code)
    earlier = [y for y in years if y < year]
    previous = ranked(series[series["year_n"] == earlier[0]], code).set_index("iso3")["number"] if earlier else pd.Series(dtype=float)
    table = pd.DataFrame({
        ctx.t("ind.rank"): list(this["rank"]),
        ctx.t("col.country"): [names.get(i, i) for i in this["iso3"]],
        ctx.t("common.subregion"): [ctx.concept_label("subregion", subregions.get(i, "")) for i in this["iso3"]],
        ctx.t("ind.value"): [round(v, 4) for v in this["number"]],
    })
    if earlier:
        table[ctx.t("ind.previous", year=earlier[0])] = [round(v - previous[i], 4) if i in previous.index else None
                                                          for i, v in zip(this["iso3"], this["number"])]
    table[ctx.t("col.profile")] = [f"?page=country&country={i}&lang={ctx.lang}" for i in this["iso3"]]
    st.caption(ctx.t("ind.n", n=len(this), year=year, total=len(ctx.isos)) + " " + ctx.t("ind.rank_caveat"))
    bars = {
        "data": {"values": [{"country": names.get(i, i), "value": float(v), "subregion": ctx.concept_label("subregion", subregions.get(i, ""))}
                            for i, v in zip(this["iso3"], this["number"])]},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "country", "type": "nominal", "sort": "-x" if code not in LOWER_IS_BETTER else "x", "title": None,
                  "axis": {"labelLimit": 200, "labelOverlap": False}},
            "x": {"field": "value", "type": "quantitative", "title": name},
            "color": {"field": "subregion", "type": "nominal", "title": ctx.t("common.subregion"),
                      "scale": {"scheme": "tableau10"}, "legend": {"orient": "bottom"}},
            "tooltip": [{"field": "country"}, {"field": "value", "format": ",.4~f"}, {"field": "subregion"}],
        },
        "height": {"step": 18},
        "width": "container",
    }
    chart, grid = st.columns([1, 1])
    chart.vega_lite_chart(charts.accessible(bars, name), width="stretch")
    with grid:
        ui.table(table, f"{name} {year}", "ind_table", ctx.lang, full=table)

    # time series per country
    st.subheader(ctx.t("ind.series"))
    default = list(this["iso3"][:5])
    options = ctx.isos_by_name()
    state.init("icountries", default, parse=lambda v: [c.upper() for c in state.split_list(v)],
               valid=lambda v: isinstance(v, list) and set(v) <= set(options))
    chosen = st.multiselect(ctx.t("ind.series_countries"), options, key="icountries", format_func=ctx.country_name, max_selections=10)
    state.remember(["icountries"])
    lines = series[series["iso3"].isin(chosen)]
    st.vega_lite_chart(charts.accessible({
        "data": {"values": [{"country": names.get(i, i), "year": int(y), "value": float(v)}
                            for i, y, v in zip(lines["iso3"], lines["year_n"], lines["number"])]},
        "mark": {"type": "line", "point": {"filled": True, "size": 60}},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": None},
            "y": {"field": "value", "type": "quantitative", "title": name, "scale": {"zero": False}},
            "color": {"field": "country", "type": "nominal", "title": None, "scale": {"scheme": "tableau10"}},
            "shape": {"field": "country", "type": "nominal", "title": None},
            "tooltip": [{"field": "country"}, {"field": "year"}, {"field": "value", "format": ",.4~f"}],
        },
        "height": 280,
        "width": "container",
    }, ctx.t("ind.series")), width="stretch")

    # regional distribution
    st.subheader(ctx.t("ind.distribution", year=year))
    points = [{"country": names.get(i, i), "value": float(v), "subregion": ctx.concept_label("subregion", subregions.get(i, ""))}
              for i, v in zip(this["iso3"], this["number"])]
    st.vega_lite_chart(charts.accessible({
        "data": {"values": points},
        "layer": [
            {"mark": {"type": "boxplot", "extent": "min-max", "opacity": 0.35, "size": 28}},
            {"mark": {"type": "point", "filled": True, "size": 50, "color": "#333333"},
             "encoding": {"tooltip": [{"field": "country"}, {"field": "value", "format": ",.4~f"}]}},
        ],
        "encoding": {
            "y": {"field": "subregion", "type": "nominal", "title": None},
            "x": {"field": "value", "type": "quantitative", "title": name, "scale": {"zero": False}},
        },
        "height": {"step": 48},
        "width": "container",
    }, ctx.t("ind.distribution", year=year)), width="stretch")

    # governance facts and the indicator
    st.subheader(ctx.t("ind.relation", year=year))
    state.init("ifact", "decision", valid=lambda v: v in FACTS)
    fact = st.radio(ctx.t("ind.fact"), list(FACTS), key="ifact", horizontal=True, index=state.index("ifact", list(FACTS)), format_func=lambda f: ctx.t(f"ind.fact.{f}"))
    state.remember(["ifact"])
    yes, no = ctx.t("ind.group_yes"), ctx.t("ind.group_no")
    grouped = [{**p, "group": yes if governance_fact(ctx, iso, fact) else no} for p, iso in zip(points, this["iso3"])]
    summary = pd.DataFrame(grouped).groupby("group")["value"].agg(["median", "count"]).reindex([yes, no]) if grouped else pd.DataFrame()
    st.markdown(f"**{ui.esc(ctx.t(f'ind.fact.{fact}'))}** — " + " · ".join(
        f"{ui.esc(g)}: {ui.esc(ctx.t('ind.median'))} {row['median']:.3f} ({int(row['count'])} {ui.esc(ctx.t('ind.countries'))})"
        for g, row in summary.iterrows() if row["count"] == row["count"] and row["count"]))
    relation, caveat = st.columns([3, 2])
    relation.vega_lite_chart(charts.accessible({
        "data": {"values": grouped},
        "layer": [
            {"mark": {"type": "boxplot", "extent": "min-max", "opacity": 0.3, "size": 30}},
            {"mark": {"type": "point", "filled": True, "size": 60},
             "encoding": {"shape": {"field": "group", "type": "nominal", "legend": None},
                          "color": {"field": "group", "type": "nominal", "legend": None, "scale": {"domain": [yes, no], "range": ["#0072B2", "#E69F00"]}},
                          "tooltip": [{"field": "country"}, {"field": "value", "format": ",.4~f"}]}},
        ],
        "encoding": {
            "y": {"field": "group", "type": "nominal", "title": ctx.t(f"ind.fact.{fact}"), "sort": [yes, no], "axis": {"labelLimit": 240}},
            "x": {"field": "value", "type": "quantitative", "title": name, "scale": {"zero": False}},
        },
        "height": {"step": 56},
        "width": "container",
    }, ctx.t("ind.relation", year=year)), width="stretch")
    caveat.info(ctx.t("ind.caveat", year=year))

    with st.expander(ctx.t("ind.sources")):
        rows = series.drop_duplicates(["dataset", "sources"])
        st.markdown("\n".join(f"- {ui.link(d, ctx.label(d)) if d else '—'} · {ui.source_links(s, ctx.lang)}"
                              for d, s in zip(rows["dataset"], rows["sources"])))
    return {"ind": code, "iyear": year if year != years[0] else None, "ifact": fact if fact != "decision" else None,
            "icountries": chosen if chosen != default else None}
