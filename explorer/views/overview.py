"""Page 1, Overview: headline figures computed live from the graph, and the map of LAC."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from explorer import charts, data, facts, model, state, ui
from explorer.context import Context

BASE_METRICS = ("gaps", "warnings", "baseline", "present")


def metric_options(ctx: Context, indicators: pd.DataFrame) -> list[str]:
    codes = sorted(set(indicators["indicator"])) if len(indicators) else []
    preferred = [c for c in ("egdi", "gtmi") if c in codes] + [c for c in codes if c not in ("egdi", "gtmi")]
    return [*BASE_METRICS, *(f"indicator:{c}" for c in preferred)]


def metric_name(ctx: Context, metric: str) -> str:
    if metric.startswith("indicator:"):
        return ctx.t("overview.metric.indicator", name=ctx.concept_label("indicator", metric.split(":", 1)[1]))
    return ctx.t(f"overview.metric.{metric}")


def _open_country() -> None:
    """Map click: go to the clicked country's profile (runs before the next script run)."""
    event = st.session_state.get("map") or {}
    picked = (event.get("selection") or {}).get("pick") or []
    iso = picked[0].get("iso3") if picked and isinstance(picked[0], dict) else None
    if iso:
        st.session_state["country"] = iso
        st.session_state["page"] = "country"


@dataclass(frozen=True)
class Overview:
    """What the overview draws for one data source, language and map metric, computed once."""

    head: facts.Headline
    baseline: tuple[str, ...]
    options: tuple[str, ...]
    spec: str  # the map's Vega-Lite spec as JSON (Streamlit may change a dict it is given)
    table: pd.DataFrame


@st.cache_resource(show_spinner=False, max_entries=64, ttl=data.REMOTE_TTL)
def _overview(key: str, lang: str, metric: str, _source: data.Source) -> Overview:
    return build_overview(Context(lang, _source), metric)


def overview(ctx: Context, metric: str) -> Overview:
    return _overview(ctx.source.key, ctx.lang, metric, ctx.source)


def build_overview(ctx: Context, metric: str) -> Overview:
    """Headline figures, the map and the table per country (no Streamlit call is made here)."""
    truth = ctx.truth
    indicators = ctx.q("indicator-values")
    findings = data.findings(ctx.source)
    baseline = ctx.baseline_topics()
    options = metric_options(ctx, indicators)
    codes = {scheme: ctx.codes(scheme) for scheme in facts.SCHEMES}
    values = model.map_values(metric, ctx.isos, findings, truth, indicators, baseline, codes) if metric in options else {}
    names = ctx.names()
    subregion = ctx.subregion_of()
    spec = charts.map_chart(values, names, metric_name(ctx, metric))
    yes, no = ctx.t("common.yes"), ctx.t("common.no")
    rows = []
    for iso in ctx.isos:
        rows.append({
            ctx.t("col.country"): names.get(iso, iso),
            ctx.t("common.subregion"): ctx.concept_label("subregion", subregion.get(iso, "")),
            ctx.t("overview.lead"): yes if truth.has(iso, "lead-body") else no,
            ctx.t("overview.coordination"): yes if truth.has(iso, "coordination-body") else no,
            ctx.t("overview.strategy"): yes if truth.has(iso, "national-strategy") else no,
            ctx.t("overview.metric.baseline"): len(truth.baseline_in_force(iso, baseline)),
            metric_name(ctx, metric): values.get(iso),
            ctx.t("col.profile"): f"?page=country&country={iso}&lang={ctx.lang}",
            "ISO3": iso,
            "IRI": ctx.country_iri(iso),
        })
    table = pd.DataFrame(rows).sort_values(ctx.t("col.country"), key=lambda s: s.map(ui.sort_key)).reset_index(drop=True)
    return Overview(truth.headline(baseline), tuple(baseline), tuple(options), json.dumps(spec), table)


def render(ctx: Context) -> dict:
    options = overview(ctx, "gaps").options
    state.init("metric", "gaps", valid=lambda v: v in options)
    chosen = st.session_state.get("metric", "gaps")
    shown = overview(ctx, chosen if chosen in options else "gaps")
    head = shown.head

    st.title(ctx.t("overview.title"))
    st.caption(ctx.t("overview.countries", n=head.countries))
    columns = st.columns(3)
    for column, key, part in zip(columns, ("lead", "coordination", "strategy"), (head.lead, head.coordination, head.strategy)):
        column.metric(ctx.t(f"overview.{key}"), f"{facts.Headline.share(part, head.countries):.0%}",
                      help=ctx.t("overview.share_help", k=part, n=head.countries), border=True)

    st.subheader(ctx.t("overview.laws"))
    topic_columns = st.columns(3)
    for index, topic in enumerate(shown.baseline):
        part = head.baseline[topic]
        topic_columns[index % 3].metric(ctx.concept_label("topic", topic), f"{facts.Headline.share(part, head.countries):.0%}",
                                        help=ctx.t("overview.share_help", k=part, n=head.countries), border=True)

    st.subheader(ctx.t("overview.map"))
    metric = st.selectbox(ctx.t("overview.metric"), list(options), key="metric", index=state.index("metric", list(options)), format_func=lambda m: metric_name(ctx, m))
    if metric != chosen:
        shown = overview(ctx, metric)
    st.vega_lite_chart(json.loads(shown.spec), key="map", on_select=_open_country, selection_mode="pick", width="stretch")
    st.caption(ctx.t("overview.map_help"))

    # The table opens on demand: its grid is the heaviest thing the browser would otherwise load
    # and draw for the first page, and the map above already shows the same figures.
    per_country = shown.table
    with st.popover(ctx.t("overview.table_open", n=len(per_country)), icon=":material/table:", width="stretch"):
        profile = ctx.t("col.profile")
        st.dataframe(per_country, hide_index=True, width="stretch",
                     column_config={profile: st.column_config.LinkColumn(profile, display_text="→"),
                                    "IRI": st.column_config.LinkColumn(ctx.t("common.linked_data"), display_text="↗")})
        ui.downloads(per_country.drop(columns=[profile]), ctx.t("overview.table"), "overview_table", ctx.lang)
    state.remember(["metric"])
    return {"metric": metric if metric != "gaps" else None}
