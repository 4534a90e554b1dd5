"""`mandato build`: sources -> build/ (TriG, one named graph per source file, inferred triples).

The build is atomic (mandato.outputs): it holds the lock of build/ from start to end (so no import
lands in it meanwhile), writes everything to a staging folder beside build/ and swaps it in only
when every step has succeeded, so a failed or killed build leaves the previous build intact; the
imports in build/imports/ are carried over.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, Graph, Literal, URIRef

from . import __version__, outputs, sourcestore
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

    Holds the lock of out_dir throughout ("another build is running" for a second writer), after
    recovering it from an interrupted earlier run.
    """
    with outputs.locked(Path(out_dir), "build"):
        return _build(Path(out_dir), reason, check, data, hermit)


def _build(out_dir: Path, reason: bool, check: bool, data: list[Path] | None, hermit: bool) -> BuildReport:
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

        classify(ontology, load_sources(data).data_graph())
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
    """Write files into a fresh staging folder, then swap it for out_dir (keeping out_dir/imports)."""

    def fill(staging: Path) -> None:
        for name, content in files.items():
            if isinstance(content, bytes):
                with open(staging / name, "wb") as stream:
                    stream.write(content)
            else:
                with open(staging / name, "w", encoding="utf-8") as stream:
                    stream.write(content)
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
