"""`mandato build`: sources -> build/ (TriG, one named graph per source file, inferred triples).

The build is atomic: everything is written to a temporary folder beside build/ and swapped in only
when every step has succeeded, so a failed build leaves the previous build intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, Graph, Literal, URIRef

from . import __version__, sourcestore
from .catalog import Sources
from .derive import DERIVED_GRAPH, derive_into
from .errors import InputError
from .namespaces import GRAPH, PREFIXES
from .paths import BUILD_DIR, BUILD_MANIFEST, BUILD_TRIG, relative
from .rules import materialise
from .shacl import Finding, findings_from_engine, integrity_shapes
from .sourcestore import LoadedSources
from .store import EmbeddedStore, Store

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


def integrity_findings(store: Store) -> list[Finding]:
    """Integrity violations found by the compiled SHACL engine on the store (pySHACL for any shape it
    cannot compile, with a notice on stderr)."""
    from .shaclc import run

    shapes = integrity_shapes()
    report = run(store, shapes)
    for notice in report.notices:
        sys.stderr.write(f"mandato: {notice}\n")
    return [f for f in findings_from_engine(report.results, report.graph) if f.severity == "Violation"]


def integrity_errors(sources: Sources | LoadedSources) -> list[str]:
    """Integrity violations as 'file:line: IRI: message' lines (empty when the data conforms)."""
    if isinstance(sources, LoadedSources):
        store = sources.store
    else:
        store = EmbeddedStore()
        for source in sources.all:
            store.load_graph(source.graph, str(source.graph_iri))
    lines = []
    for finding in integrity_findings(store):
        file, line = sources.locate(finding.focus)
        where = f"{file}:{line}: " if file else ""
        path = f" [{finding.path}]" if finding.path else ""
        value = f" (value: {finding.value})" if finding.value else ""
        lines.append(f"{where}{finding.focus}{path}: {finding.message}{value} [{finding.rule}]")
    return lines


def build(
    out_dir: Path = BUILD_DIR, reason: bool = True, check: bool = True, data: list[Path] | None = None, hermit: bool = False
) -> BuildReport:
    """Build from the repository's data files, or from the given data files or folders (tests, fixtures, generated data).

    The sources are parsed by pyoxigraph into the store (one named graph per file), validated there by
    the compiled integrity shapes, the defined classes are materialised by rules (`mandato.rules`),
    and the store is written as TriG: no rdflib graph of the data, no JVM, at any size. `hermit` adds
    HermiT's consistency check of ontology plus data (needs Java; slow on large data).
    """
    started = time.perf_counter()
    sources = sourcestore.load(data)
    if check:
        errors = integrity_errors(sources)
        if errors:
            more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise InputError(
                f"{len(errors)} integrity violation(s); nothing was built (run `mandato validate` for the full report):\n  "
                + "\n  ".join(errors[:20])
                + more
            )
    store = sources.store
    ontology = sources.ontology_graph() if (reason or hermit) else None
    if hermit:
        from .catalog import load_sources
        from .reasoning import classify

        classify(ontology, load_sources(sourcestore.expand(data) if data else None).data_graph())
    derive_into(store)  # calendar-free derivations (evidence grades...) from the curated data and the ontology
    inferred = materialise(store, ontology, str(INFERRED_GRAPH)) if reason else 0
    store.load_graph(version_graph(), str(VERSION_GRAPH))
    trig = store.store.dump(format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))
    graphs = len(list(store.store.named_graphs()))
    manifest = {
        "version": __version__,
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "triples": len(store),
        "graphs": graphs,
        "inferred": inferred,
        "reasoned": reason,
        "sources": {relative(p): hashlib.sha256(Path(p).read_bytes()).hexdigest()[:16] for p in sources.all},
        "digest": hashlib.sha256(trig).hexdigest(),
    }
    write_atomically(out_dir, {BUILD_TRIG: trig, BUILD_MANIFEST: json.dumps(manifest, indent=2, sort_keys=True) + "\n"})
    return BuildReport(out_dir, len(store), graphs, inferred, reason, time.perf_counter() - started)


def write_atomically(out_dir: Path, files: dict[str, str | bytes]) -> None:
    """Write files into a fresh folder, then swap it for out_dir (keeping out_dir/imports)."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir.parent))
    try:
        for name, content in files.items():
            if isinstance(content, bytes):
                (staging / name).write_bytes(content)
            else:
                (staging / name).write_text(content, encoding="utf-8")
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
