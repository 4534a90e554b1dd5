"""Small shared pieces of the pages: safe markdown, links, tables with CSV/JSON downloads."""

from __future__ import annotations

import json
import re

import pandas as pd
import streamlit as st

from explorer.i18n import text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$])")
_URL = re.compile(r"^https?://[^\s<>\"]+$")


def esc(value: object) -> str:
    """Text made inert for st.markdown (no emphasis, links, HTML or LaTeX from data)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def sort_key(value: object) -> str:
    """A name as it sorts for a reader: accents and case ignored ('Órgano' next to 'Organismo')."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(value))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def is_url(value: object) -> bool:
    return isinstance(value, str) and bool(_URL.match(value))


def href(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def link(url: str, label: str | None = None) -> str:
    """A markdown link to an http(s) URL (anything else is shown as plain text)."""
    shown = esc(label if label is not None else url)
    return f"[{shown}]({href(url)})" if is_url(url) else shown


def source_links(sources: str, lang: str) -> str:
    """'source' links for a space-separated list of URLs."""
    urls = [u for u in (sources or "").split() if is_url(u)]
    if not urls:
        return ""
    word = text("common.source", lang)
    if len(urls) == 1:
        return f"[{esc(word)}]({href(urls[0])})"
    return esc(text("common.sources", lang)) + ": " + " ".join(f"[{i}]({href(u)})" for i, u in enumerate(urls, start=1))


def iri_link(iri: str, label: str) -> str:
    """An entity's label linked to its IRI, with the IRI as the link."""
    return link(iri, label)


def as_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def as_json(frame: pd.DataFrame) -> bytes:
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    return (json.dumps(records, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def downloads(frame, name: str, key: str, lang: str) -> None:
    """CSV and JSON download buttons for a table (a frame, or a function that makes it).

    The files are made only when a button is clicked (deferred data), so that showing a page does
    not serialise every table twice (nor, given a function, build it); clicking does not rerun the page.
    """
    if callable(frame):
        make = frame
        row = st.container(horizontal=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"
        row.download_button(f"⬇ {text('download.csv', lang)}", lambda: as_csv(make()), file_name=f"{slug}.csv", mime="text/csv",
                            key=f"{key}_csv", on_click="ignore", help=text("download.label", lang, name=name))
        row.download_button(f"⬇ {text('download.json', lang)}", lambda: as_json(make()), file_name=f"{slug}.json",
                            mime="application/json", key=f"{key}_json", on_click="ignore", help=text("download.label", lang, name=name))
        return
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"
    row = st.container(horizontal=True)
    row.download_button(
        f"⬇ {text('download.csv', lang)}", lambda: as_csv(frame), file_name=f"{slug}.csv", mime="text/csv",
        key=f"{key}_csv", on_click="ignore", help=text("download.label", lang, name=name),
    )
    row.download_button(
        f"⬇ {text('download.json', lang)}", lambda: as_json(frame), file_name=f"{slug}.json", mime="application/json",
        key=f"{key}_json", on_click="ignore", help=text("download.label", lang, name=name),
    )


def table(frame: pd.DataFrame, name: str, key: str, lang: str, height: int | str = "auto",
          full: pd.DataFrame | None = None, link_text: str | None = "↗") -> None:
    """A sortable table whose URL-valued columns are links shown as ↗ (IRIs and sources), with its
    downloads (of `full` when given: every column, the table on screen showing the readable ones)."""
    config = {}
    for column in frame.columns:
        values = [v for v in frame[column].head(50) if isinstance(v, str) and v]
        if values and all(is_url(v) for v in values):
            config[column] = st.column_config.LinkColumn(column, display_text=link_text, width="small" if link_text else None)
    st.dataframe(frame, hide_index=True, column_config=config, height=height, width="stretch")
    st.caption(text("common.rows", lang, n=len(frame)))
    downloads(full if full is not None else frame, name, key, lang)
