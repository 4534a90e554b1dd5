"""The search index: every country, body, law, solution and strategy under all of its names.

Names come from the graph in every language (rdfs:label, skos:prefLabel, acronyms), plus the
previous and new names of renaming events, instrument titles and numbers, and ISO3 codes. Matching
ignores case and accents and needs every word of the query; better matches (the whole name, then a
name's start) come first. Pure Python over cached frames: the query text never reaches SPARQL.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pandas as pd

KINDS = ("country", "body", "law", "solution", "strategy")


def fold(text: str) -> str:
    """Lower case without accents, spaces collapsed: 'Órgano  Rector' -> 'organo rector'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@dataclass(frozen=True)
class Entry:
    iri: str
    kind: str
    iso3: str
    names: tuple[str, ...]  # every name, as written
    folded: tuple[str, ...]  # the same, folded


def build_index(names: dict[str, dict[str, str]], acronyms: dict[str, str], frames: dict[str, pd.DataFrame],
                country_iri: dict[str, str]) -> list[Entry]:
    """The index from the labels (IRI -> lang -> label), acronyms and the explorer's frames."""
    extra: dict[str, set[str]] = {}
    for row in frames["profile-events"].to_dict("records") if len(frames["profile-events"]) else []:
        for body in (row.get("original"), row.get("resulting")):
            if body and row.get("previous_name"):
                extra.setdefault(body, set()).update({row["previous_name"], row.get("new_name") or ""})
    for row in frames["legal-instruments"].to_dict("records"):
        extra.setdefault(row["law"], set()).update({row.get("title") or "", row.get("number") or ""})
    entries = []

    def add(iri: str, kind: str, iso3: str, more: set[str] = frozenset()) -> None:
        written = [*names.get(iri, {}).values(), acronyms.get(iri, ""), *sorted(extra.get(iri, set())), *sorted(more)]
        unique = tuple(dict.fromkeys(n.strip() for n in written if n and n.strip()))
        if unique:
            entries.append(Entry(iri, kind, iso3, unique, tuple(fold(n) for n in unique)))

    for iso, iri in country_iri.items():
        add(iri, "country", iso, {iso})
    for row in frames["profile-bodies"].drop_duplicates("body").to_dict("records"):
        add(row["body"], "body", row["iso3"])
    for row in frames["legal-instruments"].to_dict("records"):
        add(row["law"], "law", row["iso3"])
    for row in frames["solutions-catalogue"].to_dict("records"):
        add(row["solution"], "solution", row["iso3"])
    for row in frames["profile-strategies"].to_dict("records"):
        add(row["strategy"], "strategy", row["iso3"])
    return entries


def search(index: list[Entry], query: str, limit: int = 50) -> list[tuple[Entry, str]]:
    """Entries whose names contain every word of the query, best first, with the name that matched."""
    words = fold(query).split()
    if not words:
        return []
    whole = " ".join(words)
    found = []
    for entry in index:
        best = None
        for written, folded in zip(entry.names, entry.folded):
            if all(w in folded for w in words):
                score = 0 if folded == whole else 1 if folded.startswith(whole) else 2 if whole in folded else 3
                if best is None or score < best[0]:
                    best = (score, written)
        if best is not None:
            found.append((best[0], KINDS.index(entry.kind), fold(entry.names[0]), entry, best[1]))
    found.sort(key=lambda item: item[:3])
    return [(entry, name) for _, _, _, entry, name in found[:limit]]
