"""Which source files make up the knowledge graph, and the checks that run before anything is built."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection

from .errors import InputError
from .namespaces import ID, MD
from .paths import DATA_DIR, IMPORTS_DIR, INDICATORS_DIR, ONTOLOGY_DIR
from .rdfio import SourceFile, parse_turtle

COUNTRY_NS = f"{ID}country/"
JURISDICTION_NS = f"{ID}jurisdiction/"


@dataclass
class Sources:
    ontology: list[SourceFile]
    data: list[SourceFile]

    @property
    def all(self) -> list[SourceFile]:
        return [*self.ontology, *self.data]

    def ontology_graph(self) -> Graph:
        graph = Graph()
        for source in self.ontology:
            graph += source.graph
        return graph

    def data_graph(self) -> Graph:
        graph = Graph()
        for source in self.data:
            graph += source.graph
        return graph

    def locate(self, iri: str) -> tuple[str | None, int | None]:
        """File and line where a subject is defined (first file that types it, else mentions it)."""
        node = URIRef(iri)
        for source in self.all:
            if (node, RDF.type, None) in source.graph:
                return source.name, source.line_of(iri)
        for source in self.all:
            if (node, None, None) in source.graph:
                return source.name, source.line_of(iri)
        return None, None


def ontology_files() -> list[Path]:
    return sorted(ONTOLOGY_DIR.glob("*.ttl")) + sorted((ONTOLOGY_DIR / "alignments").glob("*.ttl"))


def load_ontology() -> Graph:
    """The ontology, schemes and source passages as one graph."""
    graph = Graph()
    for path in ontology_files():
        graph += parse_turtle(path).graph
    return graph


def data_files(extra: list[Path] | None = None, include_imports: bool = True) -> list[Path]:
    """The committed data (every .ttl under data/), then the imports of build/imports/.

    An import in build/imports/ replaces the committed file of the same dataset in data/indicators/
    (``mandato import unegov FILE`` refreshes the shipped UN values for this build).
    """
    imports = sorted(IMPORTS_DIR.glob("*.ttl")) if include_imports and IMPORTS_DIR.is_dir() else []
    replaced = {p.name for p in imports}
    files = [p for p in sorted(DATA_DIR.rglob("*.ttl")) if not (p.parent == INDICATORS_DIR and p.name in replaced)]
    return files + imports + list(extra or [])


def expand_data_paths(paths: list[Path]) -> list[tuple[Path, Path | None]]:
    """Data given on the command line, as (file, data folder): files as they are, folders as every
    .ttl below them (sorted), their graphs named as if the folder were data/ (see rdfio.graph_iri_for)."""
    out: list[tuple[Path, Path | None]] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            if path.suffix == ".ttl":
                raise InputError("is a folder, not a Turtle file (give the folder without a .ttl name, or the file)", file=str(path))
            found = sorted(path.rglob("*.ttl"))
            if not found:
                raise InputError("folder holds no .ttl file", file=str(path))
            out += [(p, path) for p in found]
        else:
            out.append((path, None))
    return out


def load_sources(data: list[Path] | None = None, include_imports: bool = True) -> Sources:
    """Parse every source file; the first syntax error stops with its file and line.

    The data files are read first: a mistake in the file being edited is reported without waiting
    for the ontology to be parsed.
    """
    data_paths = expand_data_paths(data) if data is not None else [(p, None) for p in data_files(include_imports=include_imports)]
    data_sources = [parse_turtle(p, root) for p, root in data_paths]
    sources = Sources(ontology=[parse_turtle(p) for p in ontology_files()], data=data_sources)
    check_not_empty(sources)
    check_terms(sources)
    check_country_codes(sources)
    check_conflicting_types(sources)
    return sources


def check_not_empty(sources: Sources) -> None:
    """A source file without a single triple is an error: its country would vanish from the build unnoticed."""
    for source in sources.all:
        if len(source.graph) == 0:
            what = "empty" if not source.text.strip() else "holds no triple (only prefixes or comments)"
            raise InputError(f"the file is {what}: a source file must state something (delete it, or restore its content)",
                             file=source.name, line=1)


def check_terms(sources: Sources) -> None:
    """Invalid IRIs and ill-typed literals (impossible dates...) in any source, all reported at once."""
    from .wellformed import problems

    found = []
    for source in sources.all:
        for written, why, token in problems(source.graph):
            found.append((source.name, _line_with(source, token) or 0, written, why))
    lines = [f"{name}:{line}: {written}: {why}" if line else f"{name}: {written}: {why}" for name, line, written, why in sorted(found)]
    if lines:
        more = f"\n  ... and {len(lines) - 20} more" if len(lines) > 20 else ""
        raise InputError(f"{len(lines)} malformed term(s):\n  " + "\n  ".join(lines[:20]) + more)


def _line_with(source: SourceFile, token: str) -> int | None:
    from .namespaces import curie

    candidates = [token] if token.startswith('"') else [f"<{token}>", curie(token), token]
    for number, line in enumerate(source.text.splitlines(), start=1):
        if any(c and c in line for c in candidates):
            return number
    return None


def known_countries(sources: Sources) -> set[str]:
    return {str(s) for src in sources.data for s in src.graph.subjects(RDF.type, MD.Country)}


def known_subnational(sources: Sources) -> set[str]:
    return {str(s) for src in sources.data for s in src.graph.subjects(RDF.type, MD.SubnationalJurisdiction)}


def check_country_codes(sources: Sources) -> None:
    """Every country: and jurisdiction: IRI must be defined (data/jurisdictions.ttl, data/subnational/)."""
    countries = known_countries(sources)
    if not countries:
        return
    subnational = known_subnational(sources)
    for source in sources.data:
        for term in _iris(source.graph):
            if term.startswith(COUNTRY_NS) and term not in countries:
                code = term[len(COUNTRY_NS):]
                raise InputError(
                    f'unknown country code "{code}": not one of the {len(countries)} countries in data/jurisdictions.ttl',
                    file=source.name,
                    line=_line_mentioning(source, term),
                    iri=term,
                )
            if term.startswith(JURISDICTION_NS) and term not in subnational:
                code = term[len(JURISDICTION_NS):]
                raise InputError(
                    f'unknown jurisdiction code "{code}": not one of the {len(subnational)} subnational jurisdictions in data/subnational/',
                    file=source.name,
                    line=_line_mentioning(source, term),
                    iri=term,
                )


def _iris(graph: Graph):
    for s, _p, o in graph:
        if isinstance(s, URIRef):
            yield str(s)
        if isinstance(o, URIRef):
            yield str(o)


def _line_mentioning(source: SourceFile, iri: str) -> int | None:
    from .namespaces import curie

    tokens = [f"<{iri}>", curie(iri)]
    for number, line in enumerate(source.text.splitlines(), start=1):
        if any(token in line for token in tokens):
            return number
    return None


def disjoint_groups(ontology: Graph) -> list[set[URIRef]]:
    """Each owl:AllDisjointClasses, expanded to the subclasses declared in the ontology."""
    subclasses: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            subclasses[sup].add(sub)

    def closure(cls: URIRef) -> set[URIRef]:
        seen, todo = {cls}, [cls]
        while todo:
            for sub in subclasses.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return seen

    groups = []
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(node, OWL.members)))
        groups.append([closure(m) for m in members])
    return groups


def check_conflicting_types(sources: Sources) -> None:
    """A subject typed with two disjoint classes (often the same IRI reused in two files) is an input error."""
    groups = disjoint_groups(sources.ontology_graph())
    typed: dict[URIRef, list[tuple[URIRef, SourceFile]]] = defaultdict(list)
    for source in sources.data:
        for subject, cls in source.graph.subject_objects(RDF.type):
            typed[subject].append((cls, source))
    for subject, pairs in typed.items():
        if len(pairs) < 2:
            continue
        for group in groups:
            hits = {}
            for cls, source in pairs:
                for index, members in enumerate(group):
                    if cls in members:
                        hits.setdefault(index, (cls, source))
            if len(hits) > 1:
                (c1, s1), (c2, s2) = list(hits.values())[:2]
                from .namespaces import curie

                raise InputError(
                    f"conflicting types for the same IRI: {curie(str(c1))} in {s1.name}:{s1.line_of(str(subject))} "
                    f"and {curie(str(c2))} in {s2.name}:{s2.line_of(str(subject))} (these classes are disjoint)",
                    file=s2.name,
                    line=s2.line_of(str(subject)),
                    iri=str(subject),
                )
