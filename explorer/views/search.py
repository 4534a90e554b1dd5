"""Page, Search: the results of the sidebar's search box (any body, law, solution, strategy or
country, by any of its names in any language), each opening the page that shows it."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from explorer import data, search, state
from explorer.context import Context
from explorer.i18n import register
from explorer.ui import esc

register({
    "page.search": ("Search", "Buscar", "Buscar"),
    "search.box": ("Search bodies, laws, solutions, strategies, countries", "Buscar órganos, leyes, soluciones, estrategias, países",
                   "Buscar órgãos, leis, soluções, estratégias, países"),
    "search.title": ("Search", "Búsqueda", "Busca"),
    "search.help": (
        "Type any name, acronym, number or former name, in any language, in the search box of the sidebar (or here).",
        "Escriba cualquier nombre, sigla, número o nombre anterior, en cualquier idioma, en el buscador de la barra lateral (o aquí).",
        "Digite qualquer nome, sigla, número ou nome anterior, em qualquer idioma, na busca da barra lateral (ou aqui).",
    ),
    "search.count": ("{n} results for “{q}”", "{n} resultados para «{q}»", "{n} resultados para “{q}”"),
    "search.none": ("Nothing found for “{q}”.", "Nada encontrado para «{q}».", "Nada encontrado para “{q}”."),
    "search.kind.country": ("country", "país", "país"),
    "search.kind.body": ("public body", "órgano público", "órgão público"),
    "search.kind.law": ("legal instrument", "instrumento jurídico", "instrumento jurídico"),
    "search.kind.solution": ("cross-cutting solution", "solución transversal", "solução transversal"),
    "search.kind.strategy": ("strategy", "estrategia", "estratégia"),
    "search.matched": ("found as", "encontrado como", "encontrado como"),
})


@st.cache_resource(show_spinner=False, max_entries=8, ttl=data.REMOTE_TTL)
def _index(key: str, _ctx: Context) -> list[search.Entry]:
    frames = {slug: _ctx.q(slug) for slug in ("profile-events", "legal-instruments", "profile-bodies", "solutions-catalogue", "profile-strategies")}
    return search.build_index(_ctx.labels.names, _ctx.labels.acronyms, frames, {iso: _ctx.country_iri(iso) for iso in _ctx.isos})


def index(ctx: Context) -> list[search.Entry]:
    return _index(ctx.source.key, ctx)


def target(ctx: Context, entry: search.Entry) -> str:
    """The explorer page that shows an entry."""
    if entry.kind == "law":
        return f"?page=laws&text={quote(entry.iri.rsplit('/', 1)[-1])}&lang={ctx.lang}"
    return f"?page=country&country={entry.iso3}&lang={ctx.lang}"


def box(ctx: Context) -> None:
    """The search box (in the sidebar on every page): typing a name opens the results page."""
    state.init("find", "")

    def opened() -> None:
        if st.session_state.get("find", "").strip():
            st.session_state["page"] = "search"

    st.text_input(ctx.t("search.box"), key="find", on_change=opened, placeholder="AGESIC, Ley 18.331, firma digital…")
    state.remember(["find"])


def render(ctx: Context) -> dict:
    st.title(ctx.t("search.title"))
    query = (st.session_state.get("find") or "").strip()
    if not query:
        st.info(ctx.t("search.help"))
        return {"find": None}
    results = search.search(index(ctx), query)
    if not results:
        st.warning(ctx.t("search.none", q=query))
        return {"find": query}
    st.markdown("**" + esc(ctx.t("search.count", n=len(results), q=query)) + "**")
    lines = []
    for entry, matched in results:
        shown = ctx.full_label(entry.iri)
        where = f" · {esc(ctx.country_name(entry.iso3))}" if entry.kind != "country" else ""
        also = f" · {esc(ctx.t('search.matched'))} “{esc(matched)}”" if search.fold(matched) not in search.fold(shown) else ""
        lines.append(f"- [{esc(shown)}]({target(ctx, entry)}) — {esc(ctx.t('search.kind.' + entry.kind))}{where}{also}")
    st.markdown("\n".join(lines))
    return {"find": query}
