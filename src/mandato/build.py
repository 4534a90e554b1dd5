"""`mandato build`: sources -> build/ (merged TriG, one named graph per source file, inferred triples).

The build is atomic (mandato.outputs): it holds the lock of build/ from start to end (so no import
lands in it meanwhile), writes everything to a staging folder beside build/ and swaps it in only
when every step has succeeded, so a failed or killed build leaves the previous build intact; the
imports in build/imports/ are carried over.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rdflib import OWL, Dataset, Graph, Literal, URIRef

from . import __version__, outputs
from .catalog import Sources, load_sources
from .derive import DERIVED_GRAPH, derive_graph
from .errors import InputError
from .namespaces import GRAPH, bind_all
from .paths import BUILD_DIR, BUILD_MANIFEST, BUILD_TRIG
from .reasoning import classify
from .shacl import findings_from, integrity_shapes, run_shapes

ONTOLOGY_IRI = URIRef("https://w3id.org/mandato/ontology")
INFERRED_GRAPH = URIRef(str(GRAPH) + "inferred")
VERSION_GRAPH = URIRef(str(GRAPH) + "version")


@dataclass
class BuildReport:
    out_dir: Path
    triples: int
    graphs: int
    inferred: int
    reasoned: bool
    seconds: float


def version_graph(version: str = __version__) -> Graph:
    graph = Graph()
    graph.add((ONTOLOGY_IRI, OWL.versionIRI, URIRef(f"https://w3id.org/mandato/ontology/{version}")))
    graph.add((ONTOLOGY_IRI, OWL.versionInfo, Literal(version)))
    return graph


def integrity_errors(sources: Sources) -> list[str]:
    """Integrity violations as 'file:line: IRI: message' lines (empty when the data conforms)."""
    data = sources.data_graph()
    shapes = integrity_shapes()
    results = run_shapes(data, shapes, sources.ontology_graph())
    lines = []
    for finding in findings_from(results, shapes, data):
        if finding.severity != "Violation":
            continue
        file, line = sources.locate(finding.focus)
        where = f"{file}:{line}: " if file else ""
        path = f" [{finding.path}]" if finding.path else ""
        value = f" (value: {finding.value})" if finding.value else ""
        lines.append(f"{where}{finding.focus}{path}: {finding.message}{value} [{finding.rule}]")
    return lines


def build(out_dir: Path = BUILD_DIR, reason: bool = True, check: bool = True, data: list[Path] | None = None) -> BuildReport:
    """Build from the repository's data files, or from the given data files (tests, fixtures).

    Holds the lock of out_dir throughout ("another build is running" for a second writer), after
    recovering it from an interrupted earlier run.
    """
    with outputs.locked(Path(out_dir), "build"):
        return _build(Path(out_dir), reason, check, data)


def _build(out_dir: Path, reason: bool, check: bool, data: list[Path] | None) -> BuildReport:
    started = time.perf_counter()
    sources = load_sources(data)
    if check:
        errors = integrity_errors(sources)
        if errors:
            more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise InputError(
                f"{len(errors)} integrity violation(s); nothing was built (run `mandato validate` for the full report):\n  "
                + "\n  ".join(errors[:20])
                + more
            )
    dataset = Dataset()
    bind_all(dataset)
    for source in sources.all:
        named = dataset.graph(source.graph_iri)
        for triple in source.graph:
            named.add(triple)
    inferred = Graph()
    if reason:
        inferred = classify(sources.ontology_graph(), sources.data_graph()).inferred
        named = dataset.graph(INFERRED_GRAPH)
        for triple in inferred:
            named.add(triple)
    named = dataset.graph(DERIVED_GRAPH)
    for triple in derive_graph(sources.data_graph(), sources.ontology_graph()):
        named.add(triple)
    named = dataset.graph(VERSION_GRAPH)
    for triple in version_graph():
        named.add(triple)
    trig = dataset.serialize(format="trig")
    triples = sum(len(g) for g in dataset.graphs())
    graphs = sum(1 for g in dataset.graphs() if len(g))
    manifest = {
        "version": __version__,
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "triples": triples,
        "graphs": graphs,
        "inferred": len(inferred),
        "reasoned": reason,
        "sources": {s.name: hashlib.sha256(s.text.encode()).hexdigest()[:16] for s in sources.all},
        "digest": hashlib.sha256(trig.encode()).hexdigest(),
    }
    write_atomically(out_dir, {BUILD_TRIG: trig, BUILD_MANIFEST: json.dumps(manifest, indent=2, sort_keys=True) + "\n"})
    return BuildReport(out_dir, triples, graphs, len(inferred), reason, time.perf_counter() - started)


def write_atomically(out_dir: Path, files: dict[str, str]) -> None:
    """Write files into a fresh staging folder, then swap it for out_dir (keeping out_dir/imports)."""

    def fill(staging: Path) -> None:
        for name, text in files.items():
            with open(staging / name, "w", encoding="utf-8") as stream:
                stream.write(text)
                outputs.failpoint("build:write")

    outputs.replace_folder(Path(out_dir), fill, keep=("imports",), what="build")


def read_manifest(out_dir: Path = BUILD_DIR) -> dict | None:
    path = Path(out_dir) / BUILD_MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        from .paths import relative

        raise InputError(f"the build's manifest is corrupt ({exc}): run `mandato build` again", file=relative(path)) from None
