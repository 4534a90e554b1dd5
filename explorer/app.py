"""Mandato explorer, the Streamlit entry point: `mandato explore` (or `streamlit run explorer/app.py`).

Environment: MANDATO_BUILD (build folder of the embedded store), MANDATO_EXPLORER_ENDPOINT (a remote
SPARQL endpoint URL instead), MANDATO_EXPLORER_TIMEOUT (seconds per remote query).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# Streamlit puts the script's folder first on sys.path; the explorer is imported as a package
# instead, so that its module names (data, state, ui, ...) cannot shadow other packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if str(_HERE.parent) not in sys.path:
    sys.path.insert(0, str(_HERE.parent))

import streamlit as st  # noqa: E402

from explorer import data, state  # noqa: E402
from explorer.context import Context  # noqa: E402
from explorer.i18n import LANGUAGE_NAMES, LANGUAGES, text  # noqa: E402
from explorer.views import PAGES, search  # noqa: E402
from mandato.errors import MandatoError  # noqa: E402

LOG = logging.getLogger("mandato.explorer")


def sidebar(lang: str):
    """Navigation, search, language and data source; returns the endpoint ('' for embedded) and a caption slot."""
    with st.sidebar:
        st.markdown(f"## {text('app.title', lang)}")
        st.caption(text("app.tagline", lang))
        search_slot = st.container()
        st.radio(text("nav.page", lang), list(PAGES), key="page", index=state.index("page", list(PAGES)), format_func=lambda p: text(f"page.{p}", lang))
        st.selectbox(text("nav.language", lang), list(LANGUAGES), key="lang", index=state.index("lang", list(LANGUAGES)), format_func=LANGUAGE_NAMES.get)
        with st.expander(text("settings.title", lang)):
            endpoint = st.text_input(text("settings.endpoint", lang), key="endpoint")
            info = st.empty()
    return (endpoint or "").strip(), info, search_slot


_PAGE_LANGUAGE = None


def page_language(lang: str) -> None:
    """Set <html lang> to the interface language (Streamlit always writes "en"), for screen readers
    and hyphenation: a script-only component (no iframe) that runs in the page."""
    global _PAGE_LANGUAGE
    if _PAGE_LANGUAGE is None:
        import streamlit.components.v2 as components

        _PAGE_LANGUAGE = components.component(
            "mandato_page_language",
            js="export default function ({ data }) { if (data && data.lang) document.documentElement.lang = data.lang; }",
        )
    _PAGE_LANGUAGE(data={"lang": lang}, key="page_language")


def open_source(endpoint: str, lang: str, info) -> data.Source | None:
    try:
        source = data.source_for(endpoint)
        data.check(source)
    except MandatoError as exc:
        st.error(text("error.endpoint", lang, message=data.safe_error(exc)))
        return None
    described = data.describe(source)
    message = text("settings.remote", lang, url=described["url"]) if source.remote else text("settings.embedded", lang, **{k: v for k, v in described.items() if k != "kind"})
    info.caption(message)
    return source


# Accessibility and small screens: captions in a grey that meets WCAG AA contrast on white and on the
# sidebar (Streamlit's default is 60% of the text colour), the same for quoted source passages; wide tables scroll inside their frame.
STYLE = """<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4a4d55 !important; opacity: 1 !important; }
[data-testid="stSidebar"] [data-testid="stCaptionContainer"] p { color: #3d4047 !important; }
blockquote, blockquote p { color: #4a4d55 !important; opacity: 1 !important; }
@media (max-width: 640px) { [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; } }
</style>"""


def main() -> None:
    started = time.perf_counter()
    st.set_page_config(page_title="Mandato explorer", layout="wide", initial_sidebar_state="auto")
    state.init("lang", "en", parse=lambda v: v.strip().lower(), valid=lambda v: v in LANGUAGES)
    state.init("page", "overview", parse=lambda v: v.strip().lower(), valid=lambda v: v in PAGES)
    if "endpoint" not in st.session_state:
        st.session_state["endpoint"] = data.default_endpoint()
    lang = st.session_state["lang"]
    state.language_changed(lang)
    st.html(STYLE)
    endpoint, info, search_slot = sidebar(lang)
    lang = st.session_state["lang"]
    page_language(lang)
    source = open_source(endpoint, lang, info)
    params: dict = {}
    if source is not None:
        try:
            ctx = Context(lang, source)
            with search_slot:
                search.box(ctx)
            page = st.session_state["page"]
            state.remember(["lang", "page"])
            params = PAGES[page].render(ctx) or {}
        except MandatoError as exc:
            st.error(text("error.endpoint", lang, message=data.safe_error(exc)))
        except Exception as exc:  # noqa: BLE001 - shown as one line, logged with its traceback
            LOG.exception("explorer page %s failed", page)
            st.error(text("error.unexpected", lang, message=data.safe_error(exc)))
    page = st.session_state["page"]
    state.publish({"page": page, "lang": lang, **params})
    data.FIRST_PAGE.set()
    if os.environ.get("MANDATO_EXPLORER_TIMING"):
        sys.stderr.write(f"explorer-timing page={page} ms={(time.perf_counter() - started) * 1000:.0f}\n")


main()
