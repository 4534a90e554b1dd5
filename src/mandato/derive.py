"""Derived facts that do not depend on the calendar, written by the build to graph:derived.

Each derivation is either a CONSTRUCT query in queries/derive/ run over the curated data and the
ontology, or the evidence grades of grades.py (one rule table); none is ever written by hand:
- not-before.rq: md:notBefore, the earliest day a mandate can have held (its holder's founding, its
  legal basis's earliest date), used by the validity fragment when no md:validFrom is recorded;
- instrument-kind.rq: md:instrumentKind of each assessment that says present (law, decree or
  regulation only, policy only);
- grades.py: md:sourceKind and md:evidenceGrade of every cited URL, md:evidenceGrade of every fact.
What depends on the calendar (in force, current) is never derived here: the query fragments derive
it for the date asked.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from .grades import GRADE, SRCKIND, curated_pairs_query, derived_ntriples
from .namespaces import GRAPH
from .paths import QUERIES_DIR
from .store import EmbeddedStore

DERIVE_DIR = QUERIES_DIR / "derive"
DERIVED_GRAPH = URIRef(str(GRAPH) + "derived")


def derivation_queries(directory: Path = DERIVE_DIR) -> list[Path]:
    return sorted(Path(directory).glob("*.rq"))


def derive_ntriples(store: EmbeddedStore, directory: Path = DERIVE_DIR) -> str:
    """The derived triples as N-Triples, from a store holding the curated data and the ontology (union of
    its graphs). No rdflib graph is made: a build at municipal scale derives several hundred thousand."""
    parts = []
    for path in derivation_queries(directory):
        text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        parts.append(store.construct_ntriples(text, trusted=True))
    pairs = [(r["fact"].value, r["source"].value) for r in store.select(curated_pairs_query(), trusted=True).rows]
    grade_of = {}
    for row in store.select(f"SELECT ?kind ?grade WHERE {{ ?kind md:evidenceGrade ?grade FILTER STRSTARTS(STR(?kind), '{SRCKIND}') }}", trusted=True).rows:
        grade_of[row["kind"].value[len(str(SRCKIND)):]] = row["grade"].value[len(str(GRADE)):]
    parts.append("\n".join(derived_ntriples(pairs, grade_of)))
    return "\n".join(p.strip("\n") for p in parts if p.strip()) + "\n"


def derive(store: EmbeddedStore, directory: Path = DERIVE_DIR) -> Graph:
    """The derived triples as an rdflib graph (for callers that validate small graphs with pySHACL)."""
    ntriples = derive_ntriples(store, directory)
    return Graph().parse(data=ntriples, format="nt") if ntriples.strip() else Graph()


def derive_into(store: EmbeddedStore, directory: Path = DERIVE_DIR) -> int:
    """Derive from the store and load the result into its graph:derived; the number of lines derived."""
    ntriples = derive_ntriples(store, directory)
    lines = len([line for line in ntriples.splitlines() if line.strip()])
    if lines:
        store.load_ntriples(ntriples, str(DERIVED_GRAPH))
    return lines


def derive_graph(data: Graph, ontology: Graph | None = None, directory: Path = DERIVE_DIR) -> Graph:
    """The derived triples of curated data (with the ontology, whose schemes some derivations read)."""
    from .catalog import load_ontology

    ontology = ontology if ontology is not None else load_ontology()
    store = EmbeddedStore()
    store.load_ntriples((data + ontology).serialize(format="nt", encoding="utf-8").decode("utf-8"))
    return derive(store, directory)


def with_derived(data: Graph, ontology: Graph | None = None) -> Graph:
    """The data plus its derived triples, as the build's union of graphs holds them."""
    merged = Graph()
    merged += data
    merged += derive_graph(data, ontology)
    return merged


__all__ = ["DERIVED_GRAPH", "derive", "derive_graph", "derive_into", "derive_ntriples", "with_derived", "Literal"]
