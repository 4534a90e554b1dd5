"""Page 6, Query library: every query in queries/, a form for its parameters, results as a table.

Parameter values are checked and bound as typed RDF terms by mandato.queries (VALUES block); they
are never pasted into the query text.
"""

from __future__ import annotations

import streamlit as st

from explorer import data, state, subnational, ui
from explorer.context import Context
from mandato.errors import MandatoError
from mandato.jurisdictions import TIERS
from mandato.queries import StoredQuery


def param_widget(ctx: Context, query: StoredQuery, param, container) -> str:
    key = f"p_{param.name}"
    label = f"{ctx.t('param.' + param.kind)} ({param.name})"
    help_text = param.description if ctx.lang == "en" else None
    any_value = ctx.t("library.any")
    if param.kind == "tier":  # national, subnational, municipal or all; unset: the query's default (mandato.queries.bind)
        options = ["", *TIERS, "all"]
        state.init(key, "", parse=lambda v: v.strip().lower(), valid=lambda v: v in options)
        fmt = lambda t: ctx.t("tier." + t) if t else ctx.t("library.default_tier")  # noqa: E731
        return container.selectbox(label, options, key=key, format_func=fmt, help=help_text, index=state.index(key, options))
    if param.kind in ("country", "topic", "soltype"):
        # a country parameter takes a jurisdiction code at any tier: the countries, then their states and provinces
        states = {j.code: j for j in subnational.index(ctx.source).by_iri.values() if j.tier == "subnational"} if param.kind == "country" else {}
        options = ["", *(ctx.isos if param.kind == "country" else ctx.codes(param.kind)), *states]
        state.init(key, "", parse=lambda v: v.strip().upper() if param.kind == "country" else v.strip(), valid=lambda v: v in options)
        if param.kind == "country":
            options = ["", *ctx.isos_by_name(), *sorted(states)]
            fmt = lambda c: (f"{states[c].label(ctx.lang)} ({c})" if c in states else ctx.country_name(c)) if c else any_value  # noqa: E731
        else:
            fmt = lambda c: ctx.concept_label(param.kind, c) if c else any_value  # noqa: E731
        return container.selectbox(label, options, key=key, format_func=fmt, help=help_text, index=state.index(key, options))
    state.init(key, "")
    placeholder = {"date": "YYYY-MM-DD", "year": "YYYY", "integer": "0", "iri": "https://w3id.org/mandato/id/..."}.get(param.kind, "")
    return container.text_input(label, key=key, placeholder=placeholder, help=help_text)


def render(ctx: Context) -> dict:
    st.title(ctx.t("library.title"))
    queries = data.library()
    slugs = [q.slug for q in queries]
    by_slug = {q.slug: q for q in queries}
    rejected = state.init("q", slugs[0] if slugs else "", valid=lambda v: v in slugs)
    if rejected is not None:
        st.error(ctx.t("library.unknown", name=rejected))
    if not slugs:
        return {}
    slug = st.selectbox(ctx.t("library.query"), slugs, key="q", index=state.index("q", slugs), format_func=lambda s: by_slug[s].title_in(ctx.lang))
    query = by_slug[slug]
    st.markdown(f"**{ui.esc(query.title_in(ctx.lang))}**  \n{ui.esc(query.question_in(ctx.lang))}")

    values: dict[str, str] = {}
    with st.form("params", border=True):
        st.markdown(f"**{ui.esc(ctx.t('library.parameters'))}**")
        if not query.params:
            st.caption(ctx.t("library.no_params"))
        for param in query.params:
            values[param.name] = (param_widget(ctx, query, param, st) or "").strip()
        st.form_submit_button(ctx.t("library.run"), type="primary")
    keys = [f"p_{p.name}" for p in query.params]
    state.remember(["q", *keys])

    with st.expander(ctx.t("library.text")):
        st.code(query.text, language="sparql")
    try:
        result = data.run_library(ctx.source, slug, values)
    except MandatoError as exc:
        st.error(data.safe_error(exc))
    else:
        st.caption(ctx.t("library.labels"))
        ui.table(ctx.with_labels(result), f"{slug} {ctx.t('library.results')}", "library_table", ctx.lang, full=result, link_text=None)
    return {"q": slug, **{f"p_{k}": v for k, v in values.items()}}
