"""Page, Country brief: a one-page brief per country in the interface language, as HTML or PDF."""

from __future__ import annotations

import streamlit as st

from explorer import brief, data, state
from explorer.context import Context
from explorer.i18n import register
from mandato.errors import MandatoError

register({
    "page.brief": ("Country brief", "Ficha de país", "Ficha do país"),
    "brief.page_title": ("Country brief", "Ficha de país", "Ficha do país"),
    "brief.help": (
        "The brief prints on A4 and opens in any browser; it is in the interface language (change it in the sidebar).",
        "La ficha se imprime en A4 y se abre en cualquier navegador; está en el idioma de la interfaz (cámbielo en la barra lateral).",
        "A ficha imprime em A4 e abre em qualquer navegador; está no idioma da interface (mude-o na barra lateral).",
    ),
    "brief.preview": ("Preview", "Vista previa", "Pré-visualização"),
})


@st.cache_resource(show_spinner=False, max_entries=128, ttl=data.REMOTE_TTL)
def _html(key: str, iso: str, lang: str, _ctx: Context) -> str:
    built = str(data.manifest(_ctx.source).get("built", ""))[:10]
    return brief.brief_html(_ctx, iso, built)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=data.REMOTE_TTL)
def _pdf(key: str, iso: str, lang: str, document: str) -> bytes:
    return brief.to_pdf(document)


def html(ctx: Context, iso: str) -> str:
    return _html(ctx.source.key, iso, ctx.lang, ctx)


def render(ctx: Context) -> dict:
    st.title(ctx.t("brief.page_title"))
    isos = ctx.isos_by_name()
    rejected = state.init("country", isos[0] if isos else "", parse=lambda v: v.strip().upper(), valid=lambda v: v in isos)
    if rejected is not None:
        st.error(ctx.t("country.unknown", code=rejected, n=len(isos)))
    iso = st.selectbox(ctx.t("country.select"), isos, key="country", index=state.index("country", isos), format_func=ctx.country_name)
    state.remember(["country"])
    if not iso:
        return {}
    st.caption(ctx.t("brief.help"))
    document = html(ctx, iso)
    row = st.container(horizontal=True)
    row.download_button(f"⬇ {ctx.t('brief.download_html')}", document.encode("utf-8"), file_name=f"mandato-brief-{iso}-{ctx.lang}.html",
                        mime="text/html", key="brief_html", on_click="ignore")
    if brief.chromium():
        def pdf() -> bytes:
            try:
                return _pdf(ctx.source.key, iso, ctx.lang, document)
            except MandatoError as exc:
                return f"{exc}\n".encode()

        row.download_button(f"⬇ {ctx.t('brief.download_pdf')}", pdf, file_name=f"mandato-brief-{iso}-{ctx.lang}.pdf",
                            mime="application/pdf", key="brief_pdf", on_click="ignore")
    else:
        st.caption(ctx.t("brief.no_pdf"))
    with st.expander(ctx.t("brief.preview"), expanded=True):
        st.html(document.split("<body>", 1)[1].rsplit("</body>", 1)[0] if "<body>" in document else document)
    return {"country": iso}
