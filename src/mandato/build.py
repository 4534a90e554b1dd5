"""`mandato build`: sources -> build/ (merged TriG, one named graph per source file, inferred triples).

The build is atomic: everything is written to a temporary folder beside build/ and swapped in only
when every step has succeeded, so a failed build leaves the previous build intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rdflib import OWL, Dataset, Graph, Literal, URIRef

from . import __version__
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
    """Build from the repository's data files, or from the given data files (tests, fixtures)."""
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
    """Write files into a fresh folder, then swap it for out_dir (keeping out_dir/imports)."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        if out_dir.exists():
            for keep in ("imports",):
                if (out_dir / keep).exists():
                    shutil.copytree(out_dir / keep, staging / keep)
            old = Path(tempfile.mkdtemp(prefix=".old-", dir=out_dir.parent))
            os.replace(out_dir, old / "build")
            os.replace(staging, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def read_manifest(out_dir: Path = BUILD_DIR) -> dict | None:
    path = Path(out_dir) / BUILD_MANIFEST
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
