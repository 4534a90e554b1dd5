"""Source files streamed into the embedded store, and the input checks run there.

`mandato build` and `mandato validate` parse each Turtle file with pyoxigraph straight into its own
named graph (no rdflib graph of the whole data), then run on the store the checks that come before
validation: country codes defined in data/jurisdictions.ttl, and no IRI typed with two disjoint
classes. A syntax error is re-read with rdflib only for that file, so the message names the file,
the line and, for a missing prefix, the prefix.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .catalog import COUNTRY_NS, JURISDICTION_NS, data_files, disjoint_groups, expand_data_paths, ontology_files
from .errors import InputError
from .namespaces import MD, curie
from .paths import relative
from .rdfio import graph_iri_for, line_of, parse_turtle
from .store import EmbeddedStore


def expand(paths: list[Path]) -> list[Path]:
    """Files as given, folders replaced by the Turtle files under them (sorted)."""
    return [path for path, _root in expand_data_paths(paths)]


@dataclass
class LoadedSources:
    """The store holding every source file in its named graph, and where each graph came from."""

    store: EmbeddedStore
    ontology: list[Path]
    data: list[Path]
    roots: dict[str, Path] = field(default_factory=dict)  # file -> the user's data folder it was found in
    _texts: dict[str, str] = field(default_factory=dict)
    _ontology: Graph | None = None

    @property
    def all(self) -> list[Path]:
        return [*self.ontology, *self.data]

    def graph_iri(self, path: Path) -> URIRef:
        """The named graph of a source file (a file of a user's data folder is named as if under data/)."""
        return graph_iri_for(path, self.roots.get(str(path)))

    def graph_of(self) -> dict[str, Path]:
        return {str(self.graph_iri(p)): p for p in self.all}

    def text(self, path: Path) -> str:
        key = str(path)
        if key not in self._texts:
            self._texts[key] = Path(path).read_text(encoding="utf-8")
        return self._texts[key]

    def ontology_graph(self) -> Graph:
        """The ontology files' triples as an rdflib graph, read from the store (no second parse)."""
        if self._ontology is None:
            from .shaclc.runner import to_rdflib
            from .store import _term

            graph = Graph()
            for path in self.ontology:
                for quad in self.store.store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri_for(path)))):
                    graph.add(tuple(to_rdflib(_term(t)) for t in (quad.subject, quad.predicate, quad.object)))
            self._ontology = graph
        return self._ontology

    def locate(self, iri: str) -> tuple[str | None, int | None]:
        """File and line where a subject is defined (first file that types it, else mentions it as subject)."""
        if not iri.startswith(("http://", "https://", "urn:")):
            return None, None
        graphs = self.graph_of()
        for query in (f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{iri}> a ?t }} }}", f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"):
            found = [graphs[r["g"].value] for r in self.store.select(query, trusted=True).rows if r["g"].value in graphs]
            if found:
                path = min(found, key=self.all.index)
                return relative(path), line_of(self.text(path), iri)
        return None, None


def load(data: list[Path] | None = None, include_imports: bool = True) -> LoadedSources:
    """Every ontology and data file in the store, one named graph each; checks as in catalog.load_sources."""
    ontology = ontology_files()
    given = expand_data_paths(data) if data is not None else [(p, None) for p in data_files(include_imports=include_imports)]
    data_paths = [path for path, _root in given]
    roots = {str(path): root for path, root in given if root is not None}
    store = EmbeddedStore()
    for path in [*ontology, *data_paths]:
        load_file(store, path, roots.get(str(path)))
    sources = LoadedSources(store, ontology, data_paths, roots)
    check_not_empty(sources)
    check_literals(sources)
    check_country_codes(sources)
    check_conflicting_types(sources)
    return sources


def check_not_empty(sources: LoadedSources) -> None:
    """A source file without a single triple is an error: its country would vanish from the build unnoticed."""
    for path in sources.all:
        iri = str(sources.graph_iri(path))
        if not sources.store.select(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", trusted=True).rows[0]["ask"].value == "true":
            what = "empty" if not sources.text(path).strip() else "holds no triple (only prefixes or comments)"
            raise InputError(f"the file is {what}: a source file must state something (delete it, or restore its content)",
                             file=relative(path), line=1)


def check_literals(sources: LoadedSources) -> None:
    """Ill-typed literals (impossible dates, malformed numbers) in any source, all reported at once.

    Oxigraph's parser already refuses invalid IRIs; it keeps a literal whose lexical form is not valid
    for its datatype, which would then change time-dependent answers, so each typed literal of a checked
    datatype is validated as catalog.check_terms does on the rdflib path.
    """
    from rdflib import Literal, URIRef

    from .wellformed import _CHECKED, literal_problem

    datatypes = " ".join(f"<{d}>" for d in sorted(_CHECKED))
    # each distinct literal is checked once (a municipal catalogue repeats the same dates many times);
    # the graphs of the bad ones only are looked up
    query = (f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (isLiteral(?o)) "
             f"VALUES ?d {{ {datatypes} }} FILTER (DATATYPE(?o) = ?d) }}")
    bad = []
    for row in sources.store.select(query, trusted=True).rows:
        value = row["o"]
        why = literal_problem(Literal(value.value, datatype=URIRef(value.datatype)))
        if why:
            bad.append((value, why))
    graphs = sources.graph_of()
    found = []
    for value, why in bad:
        term = f'"{_escaped(value.value)}"^^<{value.datatype}>'
        for row in sources.store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p {term} }} }}", trusted=True).rows:
            if row["g"].value not in graphs:
                continue
            path = graphs[row["g"].value]
            written = f'"{value.value}"'
            found.append((relative(path), line_of(sources.text(path), written) or 0, f"{written}^^<{value.datatype}>", why))
    if found:
        lines = [f"{name}:{line}: {written}: {why}" if line else f"{name}: {written}: {why}" for name, line, written, why in sorted(found)]
        more = f"\n  ... and {len(lines) - 20} more" if len(lines) > 20 else ""
        raise InputError(f"{len(lines)} malformed term(s):\n  " + "\n  ".join(lines[:20]) + more)


def _escaped(text: str) -> str:
    """A lexical form inside a SPARQL string literal."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def load_file(store: EmbeddedStore, path: Path, data_root: Path | None = None) -> None:
    """Parse one Turtle file into its named graph.

    Blank nodes get labels derived from the file's graph and their order of appearance, so two builds
    of the same sources write the same TriG (Oxigraph would draw random labels). Files without blank
    nodes, such as generated municipal data, are bulk-loaded without passing through Python.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    iri = str(graph_iri_for(path, data_root))
    # a byte-order mark (editors on Windows write one) is not Turtle: read such a file without it
    with open(path, "rb") as handle:
        body = handle.read() if handle.read(3) == b"\xef\xbb\xbf" else None
    try:
        if _may_have_blank_nodes(path):
            store.store.extend(_relabelled(path, iri, body))
        elif body is not None:
            store.store.bulk_load(body, format=ox.RdfFormat.TURTLE, base_iri=iri, to_graph=ox.NamedNode(iri))
        else:
            store.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=iri, to_graph=ox.NamedNode(iri))
    except (SyntaxError, ValueError, OSError) as exc:
        parse_turtle(path)  # raises the usual message (file, line, prefix) when rdflib finds the error too
        raise InputError(f"Turtle syntax error: {' '.join(str(exc).split())[:300]}", file=relative(path)) from exc


def _may_have_blank_nodes(path: Path) -> bool:
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            if b"[" in chunk or b"_:" in tail + chunk:
                return True
            tail = chunk[-1:]
    return False


def _relabelled(path: Path, iri: str, body: bytes | None = None):
    graph = ox.NamedNode(iri)
    stem = hashlib.sha256(iri.encode()).hexdigest()[:12]
    labels: dict[str, ox.BlankNode] = {}

    def relabel(term):
        if isinstance(term, ox.BlankNode):
            if term.value not in labels:
                labels[term.value] = ox.BlankNode(f"b{stem}n{len(labels)}")
            return labels[term.value]
        return term

    source = {"input": body} if body is not None else {"path": str(path)}
    for quad in ox.parse(**source, format=ox.RdfFormat.TURTLE, base_iri=iri, rename_blank_nodes=False):
        yield ox.Quad(relabel(quad.subject), quad.predicate, relabel(quad.object), graph)


def _data_graphs(sources: LoadedSources) -> str:
    return " ".join(f"<{sources.graph_iri(p)}>" for p in sources.data)


def _terms_in(text: str, namespace: str) -> set[str]:
    """IRIs of a namespace a Turtle text may use: full IRIs and prefixed names of every prefix bound to
    the namespace (a fast pre-filter; the store confirms each unknown one)."""
    found = {namespace + m for m in re.findall(re.escape("<" + namespace) + r"([^>]*)>", text)}
    for prefix in _prefixes_bound_to(text, namespace):
        # the pattern starts with the prefix's literal text, which the regex engine searches for fast;
        # a match preceded by a name character is part of a longer name and is skipped
        for match in re.finditer(re.escape(prefix) + r":([A-Za-z0-9_-]*)", text):
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_:/#.-"):
                continue
            found.add(namespace + match.group(1))
    return found


_DECLARATION = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*$", re.IGNORECASE)


def _prefixes_bound_to(text: str, namespace: str) -> set[str]:
    """The prefixes a Turtle text declares for the namespace: found from each `<namespace>` (a literal
    search, fast on a large file) by reading the declaration just before it."""
    out = set()
    for match in re.finditer(re.escape("<" + namespace + ">"), text):
        declared = _DECLARATION.search(text[max(0, match.start() - 300):match.start()])
        if declared:
            out.add(declared.group(1) or "")
    return out


_CODE_CHECKS = (
    (COUNTRY_NS, MD.Country, "country", "countries in data/jurisdictions.ttl"),
    (JURISDICTION_NS, MD.SubnationalJurisdiction, "jurisdiction", "subnational jurisdictions in data/subnational/"),
)


def check_country_codes(sources: LoadedSources) -> None:
    """Every country: and jurisdiction: IRI must be defined (data/jurisdictions.ttl, data/subnational/)."""
    if not sources.data:
        return
    graphs = _data_graphs(sources)
    known = {}
    for namespace, cls, _label, _where in _CODE_CHECKS:
        query = f"SELECT DISTINCT ?c WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?c a <{cls}> }} }}"
        known[namespace] = {r["c"].value for r in sources.store.select(query, trusted=True).rows}
    if not known[COUNTRY_NS]:
        return
    for path in sources.data:
        text = sources.text(path)
        for namespace, _cls, label, where in _CODE_CHECKS:
            for term in sorted(_terms_in(text, namespace) - known[namespace]):
                graph = sources.graph_iri(path)
                used = sources.store.select(f"ASK {{ GRAPH <{graph}> {{ {{ <{term}> ?p ?o }} UNION {{ ?s ?p <{term}> }} }} }}", trusted=True).rows[0]["ask"].value
                if used != "true":
                    continue  # only in a comment or a string
                tokens = [f"<{term}>", curie(term)]
                line = next((n for n, l in enumerate(text.splitlines(), start=1) if any(t in l for t in tokens)), None)
                raise InputError(
                    f'unknown {label} code "{term[len(namespace):]}": not one of the {len(known[namespace])} {where}',
                    file=relative(path),
                    line=line,
                    iri=term,
                )
        sources._texts.pop(str(path), None)  # keep memory flat on large data


def check_conflicting_types(sources: LoadedSources) -> None:
    """A subject typed with two disjoint classes (often the same IRI reused in two files) is an input error."""
    groups = disjoint_groups(sources.ontology_graph())
    if not groups or not sources.data:
        return
    member_of = {}
    for g_index, group in enumerate(groups):
        for index, members in enumerate(group):
            for cls in members:
                member_of.setdefault(str(cls), []).append((g_index, index))
    classes = " ".join(f"<{c}>" for c in sorted(member_of))
    graphs = _data_graphs(sources)
    query = (
        f"SELECT ?s ?c1 ?g1 ?c2 ?g2 WHERE {{ VALUES ?c1 {{ {classes} }} VALUES ?g1 {{ {graphs} }} GRAPH ?g1 {{ ?s a ?c1 }} "
        f"VALUES ?c2 {{ {classes} }} VALUES ?g2 {{ {graphs} }} GRAPH ?g2 {{ ?s a ?c2 }} FILTER (?c1 != ?c2) }}"
    )
    by_graph = sources.graph_of()
    conflicts = []
    for row in sources.store.select(query, trusted=True).rows:
        c1, c2 = row["c1"].value, row["c2"].value
        for g1, i1 in member_of[c1]:
            if any(g1 == g2 and i1 != i2 for g2, i2 in member_of[c2]):
                p1, p2 = by_graph[row["g1"].value], by_graph[row["g2"].value]
                conflicts.append((sources.all.index(p1), sources.all.index(p2), row["s"].value, c1, p1, c2, p2))
    conflicts = [c for c in conflicts if c[0] <= c[1]]
    if conflicts:
        _, _, subject, c1, p1, c2, p2 = min(conflicts)
        l1, l2 = line_of(sources.text(p1), subject), line_of(sources.text(p2), subject)
        raise InputError(
            f"conflicting types for the same IRI: {curie(c1)} in {relative(p1)}:{l1} "
            f"and {curie(c2)} in {relative(p2)}:{l2} (these classes are disjoint)",
            file=relative(p2),
            line=l2,
            iri=subject,
        )


__all__ = ["LoadedSources", "URIRef", "expand", "load", "load_file"]
