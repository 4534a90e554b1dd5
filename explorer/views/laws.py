"""Page 5, Laws: a searchable catalogue of legal instruments (country, topic, type, years, free text).

The free text is matched in Python against the cached catalogue and labels; it never reaches SPARQL.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from explorer import model, state, ui
from explorer.context import Context

STATUS_ORDER = ("in-force", "partially-in-force", "not-yet-in-force", "not-yet-adopted", "start-unknown", "never-in-force", "repealed", "unknown")


@st.cache_resource(show_spinner=False, max_entries=16)
def catalogue(key: str, lang: str, _ctx: Context) -> pd.DataFrame:
    """The instrument catalogue with its display columns in one language, prepared once per source."""
    laws = model.with_years(_ctx.q("legal-instruments"))
    names = {law: " ".join(_ctx.labels.names.get(law, {}).values()) for law in laws["law"]}
    return laws.assign(
        name=[_ctx.full_label(law) for law in laws["law"]],
        type_label=[_ctx.concept_label("itype", t) for t in laws["type"]],
        status_label=[_ctx.law_status_label(s) for s in laws["status"]],
        topic_labels=[", ".join(_ctx.concept_label("topic", t) for t in model.split(v)) for v in laws["topics"]],
        haystack=model.haystack(laws, names),
    )


def render(ctx: Context) -> dict:
    st.title(ctx.t("laws.title"))
    laws = catalogue(ctx.source.key, ctx.lang, ctx)
    isos = ctx.isos
    topics = ctx.codes("topic")
    types = ctx.codes("itype")
    present = set(laws["status"]) | set(ctx.codes("inforce"))
    statuses = [s for s in STATUS_ORDER if s in present]
    low, high = model.year_bounds(laws, (1990, dt.date.today().year))
    subset = lambda options: (lambda v: isinstance(v, list) and set(v) <= set(options))  # noqa: E731

    state.init("text", "")
    state.init("countries", [], parse=lambda v: [c.upper() for c in state.split_list(v)], valid=subset(isos))
    state.init("topics", [], parse=state.split_list, valid=subset(topics))
    state.init("types", [], parse=state.split_list, valid=subset(types))
    state.init("statuses", [], parse=state.split_list, valid=subset(statuses))
    state.init("years", (low, high), parse=state.parse_range,
               valid=lambda v: isinstance(v, tuple) and len(v) == 2 and low <= v[0] <= v[1] <= high)

    text = st.text_input(ctx.t("laws.search"), key="text")
    a, b, c, d = st.columns(4)
    countries = a.multiselect(ctx.t("laws.countries"), ctx.isos_by_name(), key="countries", format_func=ctx.country_name)
    chosen_topics = b.multiselect(ctx.t("laws.topics"), topics, key="topics", format_func=lambda t: ctx.concept_label("topic", t))
    chosen_types = c.multiselect(ctx.t("laws.types"), types, key="types", format_func=lambda t: ctx.concept_label("itype", t))
    chosen_statuses = d.multiselect(ctx.t("laws.statuses"), statuses, key="statuses", format_func=ctx.law_status_label)
    years = (low, high)
    if low < high:
        years = st.slider(ctx.t("laws.years"), low, high, key="years", help=ctx.t("laws.years_help"))
    state.remember(["text", "countries", "topics", "types", "statuses", "years"])
    full_range = tuple(years) == (low, high)

    found = model.filter_laws(laws, countries, chosen_topics, chosen_types, chosen_statuses, tuple(years), full_range, text)
    st.markdown("**" + ui.esc(ctx.t("laws.count", n=len(found), total=len(laws))) + "**")
    found = found.assign(_country=[ctx.country_name(i) for i in found["iso3"]])
    found = found.sort_values(["_country", "year", "name"], key=lambda s: s.map(ui.sort_key) if s.name != "year" else s, na_position="last")
    # The columns an analyst reads first, narrow enough for 1280 px; links are arrows.
    shown = pd.DataFrame(
        {
            ctx.t("col.country"): found["_country"],
            ctx.t("col.name"): found["name"],
            ctx.t("col.year"): pd.array([None if y is None or pd.isna(y) else int(y) for y in found["year"]], dtype="Int64"),
            ctx.t("col.status"): found["status_label"],
            ctx.t("col.type"): found["type_label"],
            ctx.t("col.number"): found["number"],
            ctx.t("col.topics"): found["topic_labels"],
            ctx.t("col.gazette"): [", ".join(p for p in (g, ctx.t("law.issue", issue=i) if i else "") if p) for g, i in zip(found["gazette"], found["gazette_issue"])],
            ctx.t("col.official_text"): found["official_text"],
            ctx.t("col.iri"): found["law"],
            ctx.t("col.sources"): [s.split()[0] if s else "" for s in found["sources"]],
        }
    )
    ui.table(shown, ctx.t("laws.catalogue"), "laws_table", ctx.lang, full=found.drop(columns=["haystack", "_country"]))
    return {
        "text": text.strip(),
        "countries": countries,
        "topics": chosen_topics,
        "types": chosen_types,
        "statuses": chosen_statuses,
        "years": None if full_range else list(years),
    }
