"""Start the explorer: `streamlit run explorer/app.py`, with the caches warmed while the server starts.

`mandato explore` runs `python explorer/serve.py <streamlit options>`. A background thread imports
the page modules, loads the graph and computes what the first page draws (the overview in English,
map coloured by gap findings) into the st.cache_resource caches, while the main thread starts
Streamlit's server; by the time a browser connects the first page has little left to compute.
Only once the first page is out (on this 2-core machine anything else would compete with it) does
the thread load the other pages' common query results and the country profiles in English, Spanish
and Portuguese (about ten seconds of work in the background). Any
failure here is left for the page to report (the same code runs again there and shows a clear
message).
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP = HERE / "app.py"
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def quick_component_scan() -> None:
    """Make Streamlit's start-up scan for v2 components cheap, with the same result.

    When its runtime starts, Streamlit looks for components in every installed distribution by
    parsing each one's metadata with the e-mail parser (a quarter to half a second here, on the way
    to the first page). A distribution can only qualify when its raw metadata mentions streamlit
    or its name starts with st- or st_, so the others are skipped before any parsing; the rest go
    through Streamlit's own test. Nothing happens if Streamlit's internals differ.
    """
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:
        return
    original = getattr(manifest_scanner, "_is_likely_streamlit_component_package", None)
    if original is None or getattr(original, "_mandato_quick", False):
        return

    def likely(dist) -> bool:
        try:
            raw = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
        except Exception:  # noqa: BLE001 - Streamlit's own test decides
            raw = None
        if not raw:
            return original(dist)
        lowered = raw.lower()
        name = re.search(r"^name:[ \t]*(\S+)", lowered, re.M)
        if "streamlit" in lowered or (name and name.group(1).startswith(("st-", "st_"))):
            return original(dist)
        return False

    likely._mandato_quick = True  # type: ignore[attr-defined]
    manifest_scanner._is_likely_streamlit_component_package = likely


def warm() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    try:
        from explorer import data
        from explorer.context import Context
        from explorer.views import country, overview  # imports pandas and the pages

        source = data.source_for(data.default_endpoint())
        # first what the first page draws (English, map coloured by gap findings), then the rest
        overview.overview(Context("en", source), "gaps")
    except Exception:  # noqa: BLE001 - the page shows the problem to the user
        logging.getLogger("mandato.explorer").debug("warm-up failed", exc_info=True)
        return
    finally:
        logging.getLogger("streamlit").setLevel(logging.INFO)
    # the other pages' data and the country profiles (English), once the first page is out
    data.FIRST_PAGE.wait(timeout=20)
    try:
        data.warm(source)
        for lang in ("en", "es", "pt"):  # every profile in every language: a first visit is a replay
            context = Context(lang, source)
            for iso in context.isos:
                country.profile(context, iso)
    except Exception:  # noqa: BLE001 - the page shows the problem to the user
        logging.getLogger("mandato.explorer").debug("profile warm-up failed", exc_info=True)


def main(argv: list[str]) -> None:
    quick_component_scan()
    threading.Thread(target=warm, name="mandato-explorer-warm", daemon=True).start()
    from streamlit.web import cli

    cli.main(["run", str(APP), *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
