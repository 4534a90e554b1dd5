"""The page state lives in the URL (st.query_params), so an analyst can share exactly what they see.

Every stateful widget has a key equal to its URL parameter. On a session's first run the widget
starts from the URL; afterwards the URL is rewritten at the end of each run from the widgets of the
page on screen (plus `page` and `lang`). Values of pages not on screen are remembered in the
session so that coming back to a page restores it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st

_MEMORY = "_explorer_memory"
_PUBLISHED = "_explorer_published"


def url_value(name: str) -> str | None:
    """The raw value of a URL parameter (the last one when repeated), or None."""
    if name not in st.query_params:
        return None
    values = st.query_params.get_all(name)
    return values[-1] if values else None


def memory() -> dict[str, Any]:
    return st.session_state.setdefault(_MEMORY, {})


def init(key: str, default: Any, parse: Callable[[str], Any] | None = None, valid: Callable[[Any], bool] | None = None) -> Any:
    """Seed a widget's session value from the URL (first run), the session memory, or the default.

    Returns the value the URL asked for when it was rejected by `valid` (so the page can say so),
    else None.
    """
    rejected = None
    if key not in st.session_state:
        raw = url_value(key)
        value = default
        if raw is not None and not st.session_state.get(_PUBLISHED):
            try:
                parsed = parse(raw) if parse else raw
            except (TypeError, ValueError):
                parsed, rejected = None, raw
            if rejected is None and (valid is None or valid(parsed)):
                value = parsed
            else:
                rejected = raw
        elif key in memory():
            value = memory()[key]
        if valid is not None and not valid(value):
            value = default
        st.session_state[key] = value
    return rejected


def index(key: str, options: list) -> int:
    """The position of the widget's current value among its options (0 if absent), to pass as
    `index=`: a keyed radio or selectbox whose option labels change (a language switch) is otherwise
    reset to its first option by the browser on the next run."""
    value = st.session_state.get(key)
    return options.index(value) if value in options else 0


_LANGUAGE_SEEN = "_explorer_language_seen"
NOT_ASSIGNABLE = ("lang", "yasgui", "page_language")


def language_changed(lang: str) -> None:
    """After a language switch, hand every widget its value again through the Session State API.

    Radios and selectboxes travel between browser and server as their displayed (formatted) label;
    when the language changes, the browser would send the old language's label on the next run and
    the widget would fall back to its first option. Re-assigning the values makes Streamlit send them
    to the browser with the new labels.
    """
    seen = st.session_state.get(_LANGUAGE_SEEN)
    if seen is not None and seen != lang:
        for key in list(st.session_state.keys()):
            if isinstance(key, str) and not key.startswith("_") and key not in NOT_ASSIGNABLE and not key.startswith("FormSubmitter"):
                try:
                    st.session_state[key] = st.session_state[key]
                except Exception:  # noqa: BLE001 - buttons and the like cannot be assigned; they keep no label
                    pass
    st.session_state[_LANGUAGE_SEEN] = lang


def remember(keys: Iterable[str]) -> None:
    for key in keys:
        if key in st.session_state:
            memory()[key] = st.session_state[key]


def encode(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def split_list(raw: str) -> list[str]:
    return [part for part in (p.strip() for p in raw.split(",")) if part]


def parse_range(raw: str) -> tuple[int, int]:
    low, high = (int(p) for p in raw.split(","))
    return (low, high)


def publish(params: dict[str, Any]) -> None:
    """Make the URL show exactly these parameters (empty or None values are left out)."""
    wanted = {k: v for k, v in ((k, encode(v)) for k, v in params.items()) if v not in (None, "")}
    current = {k: url_value(k) for k in st.query_params.keys()}
    if current != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[_PUBLISHED] = True
