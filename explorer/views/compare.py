"""Page 3, Compare: countries x topics / solution types / aspects, by status, per subregion, as of a year."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from explorer import charts, data, facts, model, state, subnational, ui
from explorer.context import Context

DIMENSIONS = {"topic": "compare.topics", "soltype": "compare.soltypes", "aspect": "compare.aspects"}
FIRST_YEAR = 1990


def render(ctx: Context) -> dict:
    st.title(ctx.t("compare.title"))
    now = facts.this_year()
    regions = ["", *model.SUBREGIONS]
    state.init("dim", "topic", valid=lambda v: v in DIMENSIONS)
    state.init("region", "", valid=lambda v: v in regions)
    state.init("year", now, parse=int, valid=lambda v: isinstance(v, int) and FIRST_YEAR <= v <= now)
    left, middle, right = st.columns([2, 2, 3])
    scheme = left.radio(ctx.t("compare.dimension"), list(DIMENSIONS), key="dim", index=state.index("dim", list(DIMENSIONS)), format_func=lambda d: ctx.t(DIMENSIONS[d]))
    region = middle.selectbox(ctx.t("common.subregion"), regions, key="region", index=state.index("region", regions),
                              format_func=lambda r: ctx.concept_label("subregion", r) if r else ctx.t("common.all"))
    year = right.slider(ctx.t("compare.year"), FIRST_YEAR, now, key="year")
    state.remember(["dim", "region", "year"])
    with_states = ["", *subnational.countries_with_states(ctx.source)]
    state.init("states", "", parse=lambda v: v.strip().upper(), valid=lambda v: v in with_states)
    rows = st.selectbox(ctx.t("sub.compare"), with_states, key="states", index=state.index("states", with_states),
                        format_func=lambda c: ctx.t("sub.compare_states", country=ctx.country_name(c)) if c else ctx.t("sub.compare_countries"))
    state.remember(["states"])
    if rows:
        subnational.compare(ctx, rows, scheme, ctx.t(DIMENSIONS[scheme]).split("×")[-1].strip())
        return {"dim": scheme, "region": region, "year": year if year != now else None, "states": rows}

    countries = ctx.countries
    isos = [c for c, r in zip(countries["iso3"], countries["subregion"]) if not region or r == region]
    if not isos:
        st.info(ctx.t("compare.empty"))
        return {"dim": scheme, "region": region, "year": year if year != now else None}

    codes = ctx.codes(scheme)
    truth = ctx.truth if year == now else data.truth(ctx.source, dt.date(year, 12, 31))
    frame = truth.matrix(isos, scheme, codes)
    counts = facts.status_counts(frame)
    st.caption(ctx.t("compare.now_help") if year == now else ctx.t("compare.past_help", year=year))
    st.markdown("**" + ui.esc(ctx.t("compare.counts", present=counts["present"], absent=counts["absent"],
                                       unknown=counts["unknown"], na=counts["not-applicable"])) + "**")

    status_names = {s: ctx.status_label(s) for s in model.STATUSES}
    item_names = {c: ctx.concept_label(scheme, c) for c in codes}
    isos = sorted(isos, key=lambda iso: ui.sort_key(ctx.country_name(iso)))
    country_names = {iso: ctx.country_name(iso) for iso in isos}
    shown = frame.assign(
        country=frame["iso3"].map(country_names),
        item=frame["code"].map(item_names),
        status_label=frame["status"].map(status_names),
        symbol=frame["status"].map(charts.STATUS_SYMBOLS),
    )
    chart = charts.status_heatmap(shown, [item_names[c] for c in codes], [country_names[i] for i in isos], status_names,
                                  ctx.t(DIMENSIONS[scheme]).split("×")[-1].strip(), ctx.t("common.country"))
    st.vega_lite_chart(chart, width="stretch")
    st.caption(ctx.t("compare.legend", **{k.replace("-", "_"): f"{charts.STATUS_SYMBOLS[k]} {v}" for k, v in status_names.items()}))
    wide = frame.pivot(index="iso3", columns="code", values="status").reindex(index=isos, columns=codes)
    table = pd.DataFrame({ctx.t("col.country"): [country_names[i] for i in isos]}, index=isos)
    for code in codes:
        table[item_names[code]] = [f"{charts.STATUS_SYMBOLS[s]} {status_names[s]}" for s in wide[code]]
    with st.expander(ctx.t("compare.as_table")):
        st.dataframe(table, hide_index=True, width="stretch")
    ui.downloads(wide.reset_index(), f"{ctx.t('compare.matrix')} {scheme} {year}", "compare_matrix", ctx.lang)
    return {"dim": scheme, "region": region, "year": year if year != now else None}
