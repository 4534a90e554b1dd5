"""What every page is handed: the language, the data source, labels and the vocabulary codes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from explorer import data
from explorer.i18n import text
from mandato.namespaces import ID

COUNTRY_NS = f"{ID}country/"


@dataclass
class Context:
    lang: str
    source: data.Source
    _cache: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ words and labels
    def t(self, key: str, **values) -> str:
        return text(key, self.lang, **values)

    @property
    def labels(self) -> data.Labels:
        if "labels" not in self._cache:
            self._cache["labels"] = data.labels(self.source)
        return self._cache["labels"]

    def label(self, iri: str) -> str:
        return self.labels.get(iri, self.lang)

    def full_label(self, iri: str) -> str:
        return self.labels.full(iri, self.lang)

    # ------------------------------------------------------------------ queries
    def q(self, slug: str, **values: str) -> pd.DataFrame:
        """One of the explorer's stored queries (queries/explorer/), cached (and memoised for this run)."""
        key = ("q", slug, tuple(sorted(values.items())))
        if key not in self._cache:
            self._cache[key] = data.run(self.source, slug, values)
        return self._cache[key]

    def of_country(self, slug: str, iso3: str) -> pd.DataFrame:
        """The rows of an all-country query (with an `iso3` column) that belong to one country."""
        frame = self.q(slug)
        return frame[frame["iso3"] == iso3]

    @property
    def truth(self):
        """The one definition of every status and count (explorer/facts.py)."""
        if "truth" not in self._cache:
            self._cache["truth"] = data.truth(self.source)
        return self._cache["truth"]

    def with_labels(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with, after each column of IRIs, a column of their labels in the interface
        language (like Wikidata's label service: `agency` is followed by `agency · label`).

        A column gets labels only when some of its IRIs have one; an IRI without a label keeps ''.
        """
        out = frame.copy()
        word = self.t("col.label")
        names = self.labels.names
        for column in list(frame.columns):
            values = [v for v in frame[column] if isinstance(v, str) and v]
            if not values or not all(v.startswith(("http://", "https://")) for v in values[:200]):
                continue
            if not any(v in names or v in self.labels.part_of for v in values):
                continue
            labels = [self.full_label(v) if (v in names or v in self.labels.part_of) else "" for v in frame[column]]
            out.insert(list(out.columns).index(column) + 1, f"{column} · {word}", labels)
        return out

    # ------------------------------------------------------------------ countries
    @property
    def countries(self) -> pd.DataFrame:
        return self.q("countries")

    @property
    def isos(self) -> list[str]:
        return list(self.countries["iso3"])

    def country_iri(self, iso3: str) -> str:
        return f"{COUNTRY_NS}{iso3}"

    def country_name(self, iso3: str) -> str:
        return self.label(self.country_iri(iso3)) if iso3 else ""

    def subregion_of(self) -> dict[str, str]:
        return dict(zip(self.countries["iso3"], self.countries["subregion"]))

    def isos_by_name(self) -> list[str]:
        """ISO3 codes in the order of the country names in the interface language."""
        from explorer.ui import sort_key

        return sorted(self.isos, key=lambda iso: sort_key(self.country_name(iso)))

    def names(self) -> dict[str, str]:
        """ISO3 -> country name in the interface language."""
        if "names" not in self._cache:
            self._cache["names"] = {iso: self.country_name(iso) for iso in self.isos}
        return self._cache["names"]

    # ------------------------------------------------------------------ vocabularies
    @property
    def concepts(self) -> pd.DataFrame:
        return self.q("concepts")

    def codes(self, scheme: str) -> list[str]:
        """Codes of a scheme; for legal topics the baseline topics come first."""
        key = ("codes", scheme)
        if key not in self._cache:
            frame = self.concepts[self.concepts["scheme"] == scheme]
            if scheme == "topic":
                frame = frame.assign(order=[0 if v == "true" else 1 for v in frame["baseline"]]).sort_values(["order", "code"])
            self._cache[key] = list(frame["code"])
        return self._cache[key]

    def baseline_topics(self) -> list[str]:
        frame = self.concepts
        return sorted(frame[(frame["scheme"] == "topic") & (frame["baseline"] == "true")]["code"])

    def concept_iri(self, scheme: str, code: str) -> str:
        if "vocabulary" not in self._cache:
            self._cache["vocabulary"] = data.vocabulary(self.source)
        return self._cache["vocabulary"].get((scheme, code), "")

    def concept_label(self, scheme: str, code: str) -> str:
        """The label of a vocabulary code in the interface language ('' stays '')."""
        if not code:
            return ""
        key = ("concept", scheme, code, self.lang)
        if key not in self._cache:
            iri = self.concept_iri(scheme, code)
            self._cache[key] = self.label(iri) if iri else code
        return self._cache[key]

    def law_status_label(self, status: str) -> str:
        """An instrument's in-force status on a date (in-force fragment): the scheme's label, or the
        interface's words for the derived values the scheme has no concept for (start-unknown...)."""
        if not status:
            return self.t("law.status_unknown")
        if self.concept_iri("inforce", status):
            return self.concept_label("inforce", status)
        return self.t(f"law.status.{status}")

    def status_label(self, status: str) -> str:
        return self.concept_label("status", status) or status
