"""Today's date, the default "as of" of every time-dependent answer.

Set MANDATO_TODAY=YYYY-MM-DD to reproduce a report as it would have been produced on another day
(the tests pin it, so that golden results do not change with the calendar).
"""

from __future__ import annotations

import os
from datetime import date

from .errors import UsageError


def today() -> date:
    pinned = os.environ.get("MANDATO_TODAY", "").strip()
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError as exc:
        raise UsageError(f"MANDATO_TODAY={pinned!r} is not a calendar date (YYYY-MM-DD)") from exc
