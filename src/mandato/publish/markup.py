"""A tiny HTML builder that escapes everything it is not told is already markup.

Labels, literals and IRIs come from data, so every string goes through ``esc`` unless it is a
``Markup`` built here. External links are only made for http(s) and mailto IRIs.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

SAFE_SCHEMES = ("http://", "https://", "mailto:")


class Markup(str):
    """A string that is already valid, escaped HTML."""

    __slots__ = ()


def esc(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def join(items: Iterable[object], sep: str | Markup = "") -> Markup:
    return Markup(esc(sep).join(esc(i) for i in items))


def tag(element: str, /, *children: object, **attrs: object) -> Markup:
    """<element attrs>children</element>; ``class_`` sets class; attributes set to None or False are left out."""
    parts = [element]
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        key = key.rstrip("_").replace("_", "-")
        parts.append(key if value is True else f'{key}="{esc(value)}"')
    opening = "<" + " ".join(parts) + ">"
    if element in ("meta", "link", "br", "hr", "img", "input"):
        return Markup(opening)
    return Markup(opening + join(children) + f"</{element}>")


def link(url: str, text: object, **attrs: object) -> Markup:
    """A link to an external IRI when its scheme is safe, otherwise the IRI as plain text."""
    if url.startswith(SAFE_SCHEMES):
        return tag("a", text, href=url, **attrs)
    return tag("span", text, class_="iri")


def page(title: object, body: object, *, root: str, alternates: dict[str, str] | None = None, footer: object = "", lang: str = "en") -> str:
    """A complete HTML document with the shared stylesheet and navigation."""
    head = [
        tag("meta", charset="utf-8"),
        tag("meta", name="viewport", content="width=device-width, initial-scale=1"),
        tag("title", title, " · Mandato"),
        tag("link", rel="stylesheet", href=f"{root}assets/style.css"),
    ]
    for media, href in sorted((alternates or {}).items()):
        head.append(tag("link", rel="alternate", type=media, href=href))
    nav = tag(
        "nav",
        tag("a", "Mandato", href=f"{root}index.html", class_="brand"),
        tag("a", "Countries", href=f"{root}id/country/index.html"),
        tag("a", "Browse", href=f"{root}id/index.html"),
        tag("a", "Ontology", href=f"{root}ontology/index.html"),
        tag("a", "Vocabularies", href=f"{root}vocab/index.html"),
        tag("a", "Shapes", href=f"{root}shapes/index.html"),
        tag("a", "Data", href=f"{root}dumps/index.html"),
        tag("a", "Changes", href=f"{root}release/index.html"),
    )
    document = tag(
        "html",
        tag("head", *head),
        tag("body", tag("header", nav), tag("main", body), tag("footer", footer)),
        lang=lang,
    )
    return "<!DOCTYPE html>\n" + document + "\n"


STYLE = """\
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d232a; line-height: 1.45; }
header { background: #16324f; }
nav { display: flex; flex-wrap: wrap; gap: 1.1em; padding: .7em 1.5em; }
nav a { color: #fff; text-decoration: none; }
nav a.brand { font-weight: 700; margin-right: 1em; }
main { max-width: 72em; margin: 0 auto; padding: 1em 1.5em 3em; }
footer { border-top: 1px solid #d8dde3; color: #5b6670; font-size: .85em; padding: 1em 1.5em; }
h1 { margin-bottom: .2em; }
h1 + .iri { margin-top: 0; }
.iri, code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; word-break: break-all; }
.muted { color: #5b6670; }
.badge { display: inline-block; background: #e6eef6; border-radius: .3em; padding: 0 .45em; margin-right: .3em; font-size: .85em; }
.lang { color: #5b6670; font-size: .8em; margin-left: .3em; }
.deprecated { background: #fff3cd; border: 1px solid #e0c36a; padding: .6em 1em; border-radius: .3em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1.2em; }
th, td { text-align: left; vertical-align: top; padding: .35em .6em; border-bottom: 1px solid #e3e7eb; }
th { width: 22%; font-weight: 600; }
td table { margin: 0; }
ul.values { margin: 0; padding-left: 1.1em; }
.formats a { margin-right: .8em; }
section { margin-top: 1.6em; }
"""
