"""Page: Maturity. The ECLAC maturity instrument (ontology/maturity.ttl) applied to jurisdictions.

One jurisdiction: the radar chart of Figure IV.1 (its assessed years and its suggested profile, and
any other jurisdiction's profiles, overlaid), the component and area averages, the 35 variables with
the assessed level next to the suggested one, the level descriptions of Table IV.1, and, for one
variable at a time, the evidence behind the suggestion (rule, reason, facts, gap findings). The
region: the suggested component averages of every country side by side.

Assessed and suggested levels are told apart everywhere (column names, series names, dashed lines).
Averages come from the SPARQL aggregation of mandato.maturity.profiles; nothing is computed twice.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import data, state, ui
from explorer.context import Context
from explorer.radar import radar
from mandato.maturity.instrument import load_instrument
from mandato.maturity.jurisdiction import from_iri
from mandato.maturity.profiles import ASSESSED, SUGGESTED, Header, Profile, headers, profile, query, round_half_up
from mandato.maturity.report import EXAMPLE, EXAMPLE_CODE
from mandato.maturity.ruleset import RULES

VIEWS = ("jurisdiction", "region")


# ------------------------------------------------------------------------------------------ data
@st.cache_resource(show_spinner=False, max_entries=8)
def _headers(key: str, _store) -> list[Header]:
    return headers(_store)


@st.cache_resource(show_spinner=False, max_entries=512)
def _profile(key: str, iri: str, _store, _header: Header) -> Profile:
    return profile(_store, _header)


@st.cache_resource(show_spinner=False, max_entries=256)
def _evidence(key: str, iri: str, _store) -> pd.DataFrame:
    return data.to_frame(query(_store, "suggestion-evidence", suggestion=iri))


@st.cache_resource(show_spinner=False, max_entries=8)
def _all_components(key: str, _store) -> pd.DataFrame:
    return data.to_frame(query(_store, "component-averages"))


def jurisdiction_code(header: Header) -> str:
    if header.code == EXAMPLE_CODE:
        return EXAMPLE
    found = from_iri(header.jurisdiction)
    return found.code if found else header.jurisdiction


def profile_name(ctx: Context, header: Header) -> str:
    if header.code == EXAMPLE_CODE:
        return ctx.t("maturity.example_profile")
    code = jurisdiction_code(header)
    if header.kind == SUGGESTED:
        return ctx.t("maturity.suggested_profile", code=code, date=header.as_of)
    return ctx.t("maturity.assessed_profile", code=code, year=header.year or "")


def _jurisdiction_label(ctx: Context, code: str) -> str:
    if code == EXAMPLE:
        return ctx.t("maturity.example")
    name = ctx.country_name(code) if len(code) == 3 else ctx.label(f"https://w3id.org/mandato/id/jurisdiction/{code}")
    return f"{name} ({code})" if name and name != code else code


def _level_text(ctx: Context, level: int | None) -> str:
    if not level:
        return ""
    return load_instrument().level(level).label(ctx.lang)


# ------------------------------------------------------------------------------------------ page
def render(ctx: Context) -> dict:
    st.title(ctx.t("maturity.title"))
    st.caption(ctx.t("maturity.intro"))
    store = data.store(ctx.source)
    key = ctx.source.key
    all_headers = _headers(key, store)
    state.init("mview", "jurisdiction", valid=lambda v: v in VIEWS)
    view = st.radio(ctx.t("maturity.view"), list(VIEWS), key="mview", horizontal=True, format_func=lambda v: ctx.t(f"maturity.view_{v}"))
    if not all_headers:
        st.info(ctx.t("maturity.none"))
        state.remember(["mview"])
        return {"mview": view if view != "jurisdiction" else None}
    if view == "region":
        region(ctx, store, all_headers)
        state.remember(["mview"])
        return {"mview": view}
    params = jurisdiction_view(ctx, store, all_headers)
    state.remember(["mview", "mj", "mv"])
    return {"mview": None, **params}


def jurisdiction_view(ctx: Context, store, all_headers: list[Header]) -> dict:
    key = ctx.source.key
    codes = sorted({jurisdiction_code(h) for h in all_headers})
    assessed_codes = [c for c in codes if c != EXAMPLE and any(h.kind == ASSESSED and jurisdiction_code(h) == c for h in all_headers)]
    default = assessed_codes[0] if assessed_codes else (EXAMPLE if EXAMPLE in codes else codes[0])
    options = ([EXAMPLE] if EXAMPLE in codes else []) + sorted((c for c in codes if c != EXAMPLE), key=lambda c: _jurisdiction_label(ctx, c))
    rejected = state.init("mj", default, parse=lambda v: v.strip().upper() if v.strip().lower() != EXAMPLE else EXAMPLE, valid=lambda v: v in options)
    if rejected is not None:
        st.error(ctx.t("country.unknown", code=rejected, n=len(options)))
    left, right = st.columns([2, 3])
    chosen = left.selectbox(ctx.t("maturity.jurisdiction"), options, key="mj", format_func=lambda c: _jurisdiction_label(ctx, c))
    own = sorted((h for h in all_headers if jurisdiction_code(h) == chosen), key=lambda h: (h.kind != ASSESSED, h.year or 0, h.as_of))
    others = [h for h in all_headers if jurisdiction_code(h) != chosen]
    names = {h.iri: profile_name(ctx, h) for h in all_headers}
    extra = right.multiselect(ctx.t("maturity.others"), [h.iri for h in others], format_func=names.get, key="mother")
    drawn = [*own, *(h for h in others if h.iri in extra)]
    profiles = [_profile(key, h.iri, store, h) for h in drawn]

    inst = load_instrument()
    st.subheader(ctx.t("maturity.radar"))
    series = [{"name": names[p.header.iri], "values": {c: v[0] for c, v in p.components.items()}, "dashed": p.header.kind == SUGGESTED} for p in profiles]
    axes = [(c.code, c.label(ctx.lang)) for c in inst.components]
    st.vega_lite_chart(radar(axes, series), width="content")
    if any(p.header.kind == SUGGESTED for p in profiles):
        st.caption(ctx.t("maturity.radar_note"))

    averages(ctx, profiles, names)
    variable = variable_table(ctx, store, own, profiles, names)
    return {"mj": chosen, "mv": variable if variable != inst.codes[0] else None}


def averages(ctx: Context, profiles: list[Profile], names: dict[str, str]) -> None:
    inst = load_instrument()
    st.subheader(ctx.t("maturity.components"))
    rows = []
    for kind, items, table in (("area", inst.areas, "areas"), ("component", inst.components, "components")):
        for item in items:
            total = len([v for v in inst.variables if v.code.startswith(item.code + ".")])
            label = item.label(ctx.lang) if kind == "component" else f"{ctx.t('maturity.col_area').capitalize()} {item.code}: {item.label(ctx.lang)}"
            row = {ctx.t("maturity.col_code"): item.code, ctx.t("maturity.col_component"): label}
            for p in profiles:
                value, scored = getattr(p, table).get(item.code, (None, 0))
                shown = "" if value is None else round_half_up(value)
                if p.header.kind == SUGGESTED and value is not None:
                    shown = f"{shown} ({scored}/{total})"
                row[names[p.header.iri]] = shown
            rows.append(row)
    frame = pd.DataFrame(rows)
    st.dataframe(frame, hide_index=True, width="stretch")
    ui.downloads(frame, ctx.t("maturity.component_table"), "maturity_components", ctx.lang)


def variable_table(ctx: Context, store, own: list[Header], profiles: list[Profile], names: dict[str, str]) -> str:
    inst = load_instrument()
    key = ctx.source.key
    st.subheader(ctx.t("maturity.variables"))
    mine = [p for p in profiles if p.header in own]
    assessed = [p for p in mine if p.header.kind == ASSESSED]
    suggestion = next((p for p in mine if p.header.kind == SUGGESTED), None)
    evidence = _evidence(key, suggestion.header.iri, store) if suggestion else pd.DataFrame()
    suggested_col = f"{ctx.t('maturity.suggested')}"
    rows = []
    for var in inst.variables:
        row = {ctx.t("maturity.col_code"): var.code, ctx.t("maturity.col_variable"): var.label(ctx.lang)}
        for p in assessed:
            score = p.scores.get(var.code)
            row[names[p.header.iri]] = score.score if score and score.score else None
        if suggestion is not None:
            sugg = suggestion.scores.get(var.code)
            if var.code not in RULES:
                row[suggested_col] = ctx.t("maturity.not_informed")
            elif sugg is None or not sugg.score:
                row[suggested_col] = ctx.t("maturity.insufficient")
            else:
                row[suggested_col] = str(sugg.score)
            row[ctx.t("maturity.col_rule")] = RULES[var.code].id if var.code in RULES else ""
            row[ctx.t("maturity.col_reason")] = sugg.evidence if sugg else ""
        rows.append(row)
    frame = pd.DataFrame(rows)
    st.dataframe(frame, hide_index=True, width="stretch", height=min(38 + 35 * len(frame), 560))
    ui.downloads(frame, ctx.t("maturity.variable_table"), "maturity_variables", ctx.lang)

    with st.expander(ctx.t("maturity.levels")):
        levels = pd.DataFrame([{ctx.t("maturity.col_level"): lv.label(ctx.lang), ctx.t("maturity.col_description"): lv.definitions.get(ctx.lang, lv.definitions.get("en", ""))}
                               for lv in inst.levels])
        st.table(levels)

    st.subheader(ctx.t("maturity.detail"))
    codes = inst.codes
    state.init("mv", codes[0], valid=lambda v: v in codes)
    code = st.selectbox(ctx.t("maturity.col_variable"), codes, key="mv", format_func=lambda c: f"{c} {inst.variable(c).label(ctx.lang)[:110]}")
    detail(ctx, code, assessed, suggestion, evidence)
    return code


def detail(ctx: Context, code: str, assessed: list[Profile], suggestion: Profile | None, evidence: pd.DataFrame) -> None:
    inst = load_instrument()
    lines = [f"**{code}** {ui.esc(inst.variable(code).label(ctx.lang))}"]
    for p in assessed:
        score = p.scores.get(code)
        if not score or not score.score:
            continue
        lines.append(f"- **{ui.esc(ctx.t('maturity.detail_assessed', year=p.header.year or '', level=_level_text(ctx, score.score)))}**")
        if score.evidence:
            lines.append(f"  - {ui.esc(ctx.t('maturity.detail_note'))}: {ui.esc(score.evidence)}")
        for url in score.sources:
            lines.append(f"  - {ui.link(url)}")
    if suggestion is not None:
        rule = RULES.get(code)
        if rule is None:
            lines.append(f"- *{ui.esc(ctx.t('maturity.detail_not_informed'))}*")
        else:
            rows = evidence[evidence["code"] == code] if len(evidence) else evidence
            level = int(rows["level"].iloc[0]) if len(rows) and rows["level"].iloc[0] else None
            shown = _level_text(ctx, level) if level else ctx.t("maturity.insufficient")
            lines.append(f"- **{ui.esc(ctx.t('maturity.detail_suggested', level=shown, rule=rule.id))}** ({ui.esc(ctx.t('maturity.suggested'))})")
            lines.append(f"  - {ui.esc(ctx.t('maturity.detail_rule'))}: {ui.esc(rule.summary.get(ctx.lang, rule.summary['en']))}")
            if len(rows):
                lines.append(f"  - {ui.esc(ctx.t('maturity.detail_reason', date=suggestion.header.as_of))}: {ui.esc(rows['reason'].iloc[0])}")
                facts = sorted({i for i in rows[rows["kind"] == "fact"]["item"] if i})
                if facts:
                    lines.append(f"  - {ui.esc(ctx.t('maturity.detail_facts'))}: " + ", ".join(ui.link(f, ctx.full_label(f)) for f in facts))
                gaps = rows[rows["kind"] == "gap"]
                for _, g in gaps.iterrows():
                    shape = g["shape"].rsplit("#", 1)[-1]
                    lines.append(f"  - {ui.esc(ctx.t('maturity.detail_gaps'))}: {ui.link(g['shape'], shape)} · {ui.link(g['item'], ctx.full_label(g['item']))} — {ui.esc(g['message'])}")
    st.markdown("\n".join(lines))


# ---------------------------------------------------------------------------------------- region
def region(ctx: Context, store, all_headers: list[Header]) -> None:
    inst = load_instrument()
    suggestions = {h.iri: h for h in all_headers if h.kind == SUGGESTED}
    frame = _all_components(ctx.source.key, store)
    frame = frame[frame["assessment"].isin(suggestions)]
    dates = sorted({h.as_of for h in suggestions.values()})
    st.caption(ctx.t("maturity.region_intro", n=len(suggestions), date=", ".join(dates)))
    rows = []
    for iri, header in sorted(suggestions.items(), key=lambda item: jurisdiction_code(item[1])):
        code = jurisdiction_code(header)
        row = {ctx.t("maturity.col_country"): f"{ctx.country_name(code)} ({code})"}
        mine = frame[frame["assessment"] == iri]
        values = dict(zip(mine["component"], mine["average"]))
        for comp in inst.components:
            value = values.get(comp.code)
            row[f"{comp.code} {comp.label(ctx.lang)}"] = float(round_half_up(float(value))) if value else None
        row[ctx.t("maturity.col_informed")] = f"{header.scored}/{len(RULES)}"
        rows.append(row)
    table = pd.DataFrame(rows)
    long = table.melt(id_vars=[ctx.t("maturity.col_country")], value_vars=[f"{c.code} {c.label(ctx.lang)}" for c in inst.components],
                      var_name="component", value_name="average").dropna()
    chart = {
        "data": {"values": long.to_dict("records")},
        "mark": {"type": "rect", "stroke": "white"},
        "encoding": {
            "x": {"field": "component", "type": "nominal", "sort": [f"{c.code} {c.label(ctx.lang)}" for c in inst.components], "title": None,
                  "axis": {"labelAngle": -35, "labelLimit": 220, "orient": "top"}},
            "y": {"field": ctx.t("maturity.col_country"), "type": "nominal", "title": None, "axis": {"labelLimit": 240}},
            "color": {"field": "average", "type": "quantitative", "scale": {"domain": [1, 4], "scheme": "blues"}, "title": ctx.t("maturity.suggested")},
            "tooltip": [{"field": ctx.t("maturity.col_country")}, {"field": "component"}, {"field": "average", "format": ".2f"}],
        },
        "height": {"step": 18},
        "width": "container",
    }
    st.vega_lite_chart(chart, width="stretch")
    st.dataframe(table, hide_index=True, width="stretch")
    ui.downloads(table, ctx.t("maturity.region_table"), "maturity_region", ctx.lang)
