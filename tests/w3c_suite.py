"""Reading the W3C SHACL test suite (tests/w3c_shacl, core and sparql) and running one test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH, Namespace

from mandato.shaclc import EngineResult, run
from mandato.shaclc.propertypaths import path_key
from mandato.store import EmbeddedStore

SUITE = Path(__file__).parent / "w3c_shacl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


@dataclass
class W3CTest:
    name: str
    file: Path
    data: Path
    shapes: Path
    failure: bool


def tests() -> list[W3CTest]:
    """Every sht:Validate entry of the suite's test files (each file is its own manifest)."""
    out = []
    for file in sorted(SUITE.rglob("*.ttl")):
        if file.name == "manifest.ttl":
            continue
        graph = Graph().parse(file, format="turtle")
        for entry in graph.subjects(RDF.type, SHT.Validate):
            action = graph.value(entry, MF.action)
            data = Path(str(graph.value(action, SHT.dataGraph)).replace("file://", ""))
            shapes = Path(str(graph.value(action, SHT.shapesGraph)).replace("file://", ""))
            result = graph.value(entry, MF.result)
            name = str(file.relative_to(SUITE).with_suffix(""))
            out.append(W3CTest(name, file, data, shapes, result == SHT.Failure))
    return sorted(out, key=lambda t: t.name)


def expected(test: W3CTest, manifest: Graph) -> list[EngineResult]:
    """The results the test expects (`manifest`: the test file, parsed once with its data)."""
    out = set()
    for report in manifest.objects(None, MF.result):
        for node in manifest.objects(report, SH.result):
            path = manifest.value(node, SH.resultPath)
            component = manifest.value(node, SH.sourceConstraintComponent)
            out.add(
                EngineResult(
                    manifest.value(node, SH.focusNode),
                    path_key(manifest, path) if path is not None else "",
                    manifest.value(node, SH.value),
                    manifest.value(node, SH.sourceShape),
                    manifest.value(node, SH.resultSeverity),
                    str(component).rsplit("#", 1)[-1] if component else "",
                )
            )
    return sorted(out, key=EngineResult.key)


def graphs(test: W3CTest) -> tuple[Graph, Graph, Graph]:
    """Data, shapes and manifest graphs, each file parsed once (so blank nodes are shared)."""
    parsed: dict[Path, Graph] = {}

    def get(path: Path) -> Graph:
        if path not in parsed:
            parsed[path] = Graph().parse(path, format="turtle")
        return parsed[path]

    return get(test.data), get(test.shapes), get(test.file)


def run_compiled(test: W3CTest):
    data, shapes, manifest = graphs(test)
    store = EmbeddedStore()
    store.load_graph(data)
    return run(store, shapes), expected(test, manifest)


def keys(results) -> list[tuple]:
    return sorted({r.key() for r in results})
