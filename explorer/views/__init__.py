"""The explorer's pages. Each module has `render(ctx) -> dict` returning the URL parameters of its state.

To add a page: write explorer/views/<name>.py with `render(ctx)`, register its interface words with
`explorer.i18n.register({"page.<name>": (en, es, pt), ...})` at import, and add it to PAGES (the
sidebar lists them in this order).
"""

from __future__ import annotations

from explorer.views import brief, compare, console, country, gaps, indicators, laws, library, maturity, overview, search, side, state

PAGES = {
    "overview": overview,
    "country": country,
    "state": state,
    "brief": brief,
    "compare": compare,
    "side": side,
    "indicators": indicators,
    "gaps": gaps,
    "maturity": maturity,
    "laws": laws,
    "library": library,
    "console": console,
    "search": search,
}
