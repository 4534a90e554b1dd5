"""The explorer's pages. Each module has `render(ctx) -> dict` returning the URL parameters of its state."""

from __future__ import annotations

from explorer.views import compare, console, country, gaps, laws, library, maturity, overview

PAGES = {
    "overview": overview,
    "country": country,
    "compare": compare,
    "gaps": gaps,
    "maturity": maturity,
    "laws": laws,
    "library": library,
    "console": console,
}
