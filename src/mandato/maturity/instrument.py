"""The ECLAC maturity instrument (ontology/maturity.ttl): areas, components, variables and levels.

Read from the ontology file itself, so that `template` and `import` work without a build. Codes
are the guide's: areas "1".."3", components "1.1".."3.3", variables "1.1.1".."3.3.4", levels 1..4.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SKOS

from ..errors import InputError
from ..namespaces import MD, scheme_ns
from ..paths import ONTOLOGY_DIR
from ..rdfio import parse_turtle

INSTRUMENT_FILE = ONTOLOGY_DIR / "maturity.ttl"
MM = scheme_ns("mm")
MLEVEL = scheme_ns("mlevel")
LANGUAGES = ("en", "es", "pt")


def code_key(code: str) -> tuple[int, ...]:
    """Sort key of a dotted code: 1.2 < 1.10 < 2."""
    return tuple(int(part) for part in code.split("."))


@dataclass(frozen=True)
class Item:
    """An area, component, variable or level: its code, IRI and labels by language."""

    code: str
    iri: str
    labels: dict[str, str] = field(compare=False)
    definitions: dict[str, str] = field(default_factory=dict, compare=False)
    parent: str = ""

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.code


@dataclass(frozen=True)
class Instrument:
    areas: tuple[Item, ...]
    components: tuple[Item, ...]
    variables: tuple[Item, ...]
    levels: tuple[Item, ...]

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.variables]

    def variable(self, code: str) -> Item:
        return self._index()[code]

    def item(self, code: str) -> Item:
        return self._index()[code]

    def level(self, score: int) -> Item:
        return self.levels[score - 1]

    def components_of(self, area: str) -> list[Item]:
        return [c for c in self.components if c.parent == area]

    def variables_of(self, component: str) -> list[Item]:
        return [v for v in self.variables if v.parent == component]

    def _index(self) -> dict[str, Item]:
        return {i.code: i for i in (*self.areas, *self.components, *self.variables)}


def _texts(graph, node, prop) -> dict[str, str]:
    out = {}
    for value in graph.objects(node, prop):
        if isinstance(value, Literal) and value.language in LANGUAGES:
            out[value.language] = str(value)
    return out


@functools.lru_cache(maxsize=1)
def load_instrument() -> Instrument:
    """The instrument as ontology/maturity.ttl defines it (checked: 3 areas, 9 components, 35 variables, 4 levels)."""
    graph = parse_turtle(INSTRUMENT_FILE).graph
    kinds: dict[URIRef, list[Item]] = {MD.MaturityArea: [], MD.MaturityComponent: [], MD.MaturityVariable: [], MD.MaturityLevel: []}
    for kind, items in kinds.items():
        for node in graph.subjects(RDF.type, kind):
            code = str(graph.value(node, SKOS.notation) or "")
            broader = graph.value(node, SKOS.broader)
            parent = str(graph.value(broader, SKOS.notation) or "") if broader is not None else ""
            items.append(Item(code, str(node), _texts(graph, node, SKOS.prefLabel), _texts(graph, node, SKOS.definition), parent))
        items.sort(key=lambda i: code_key(i.code))
    instrument = Instrument(*(tuple(kinds[k]) for k in (MD.MaturityArea, MD.MaturityComponent, MD.MaturityVariable, MD.MaturityLevel)))
    sizes = (len(instrument.areas), len(instrument.components), len(instrument.variables), len(instrument.levels))
    if sizes != (3, 9, 35, 4):
        raise InputError(f"the maturity instrument should have 3 areas, 9 components, 35 variables and 4 levels; found {sizes}", file="ontology/maturity.ttl")
    return instrument
