"""Start the explorer: `streamlit run explorer/app.py`, with the caches warmed while the server starts.

`mandato explore` runs `python explorer/serve.py <streamlit options>`. A background thread imports
the page modules and loads the graph, the labels, the gap report and the common query results into
the st.cache_resource caches, while the main thread starts Streamlit's server; by the time a browser
connects the first page has little left to compute. Any failure here is left for the page to
report (the same code runs again there and shows a clear message).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP = HERE / "app.py"
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def warm() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    try:
        from explorer import charts, data
        from explorer import views  # noqa: F401  (imports pandas and the pages)

        charts.map_chart({}, {}, "")
        data.warm(data.source_for(data.default_endpoint()))
    except Exception:  # noqa: BLE001 - the page shows the problem to the user
        logging.getLogger("mandato.explorer").debug("warm-up failed", exc_info=True)
    finally:
        logging.getLogger("streamlit").setLevel(logging.INFO)


def main(argv: list[str]) -> None:
    threading.Thread(target=warm, name="mandato-explorer-warm", daemon=True).start()
    from streamlit.web import cli

    cli.main(["run", str(APP), *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
