"""Shared fixtures: the ontology graph, shapes, and helpers to run one shape on a small graph."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

# Time-dependent answers default to today; the golden results are pinned to one day.
os.environ.setdefault("MANDATO_TODAY", "2026-12-07")

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from mandato.catalog import ontology_files
from mandato.namespaces import MDSH, bind_all
from mandato.rdfio import parse_turtle
from mandato.shacl import gap_shapes, integrity_shapes, load_shapes

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
#: ../shared beside the checkout on development and CI machines (tests only; MANDATO_SHARED overrides)
SHARED = Path(os.environ.get("MANDATO_SHARED") or TESTS.resolve().parents[1] / "shared")
REFERENCE_DATA = SHARED / "reference-data"
SHAPE_FIXTURES = FIXTURES / "shapes"


@pytest.fixture(scope="session")
def ontology() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph += parse_turtle(path).graph
    return graph


def all_shapes() -> Graph:
    graph = Graph()
    graph += integrity_shapes()
    graph += gap_shapes()
    return graph


def named_shapes(shapes: Graph | None = None) -> list[URIRef]:
    """Every shape with a severity: the ones that need fixtures."""
    shapes = shapes if shapes is not None else all_shapes()
    return sorted(s for s in set(shapes.subjects(RDF.type, SH.NodeShape)) if isinstance(s, URIRef) and (s, SH.severity, None) in shapes)


def single_shape(shape: URIRef, shapes: Graph | None = None) -> Graph:
    """The shapes graph holding one shape, the nested shapes it uses, and the prefix declarations."""
    shapes = shapes if shapes is not None else all_shapes()
    out = load_shapes(("prefixes.ttl",))
    todo, seen = [shape], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in shapes.predicate_objects(node):
            out.add((node, p, o))
            if not isinstance(o, URIRef) or (str(o).startswith(str(MDSH)) and (o, SH.severity, None) not in shapes):
                todo.append(o)
    bind_all(out)
    return out


def local(shape: URIRef) -> str:
    return str(shape)[len(str(MDSH)):]


DEMO = FIXTURES / "graph" / "demo.ttl"
DEMO_SUBNATIONAL = FIXTURES / "graph" / "subnational.ttl"


def demo_data_files() -> list[Path]:
    from mandato.paths import DATA_DIR

    return [DATA_DIR / "jurisdictions.ttl", DEMO, DEMO_SUBNATIONAL]


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """The fixture graph, built once (with HermiT when Java is present)."""
    from mandato.build import build
    from mandato.reasoning import java_available

    out = tmp_path_factory.mktemp("demo-build")
    build(out, reason=java_available(), data=demo_data_files())
    return out


PUBLISH_FIXTURES = FIXTURES / "publish"
SITE_URL = "https://mandato.test/"
ENDPOINT = "https://sparql.mandato.test/query"
ISSUED = date(2026, 11, 23)


def fixture_build(out: Path, release_file: str, check: bool = True) -> Path:
    """The fixture graph plus one publishing fixture (tests/fixtures/publish/), without the reasoner."""
    from mandato.build import build

    build(out, reason=False, check=check, data=[*demo_data_files(), *link_files(), PUBLISH_FIXTURES / release_file])
    return out


def link_files() -> list[Path]:
    """The committed links to Wikidata, GeoNames and the EU country table (data/links/)."""
    from mandato.paths import DATA_DIR

    return sorted((DATA_DIR / "links").glob("*.ttl"))


@pytest.fixture(scope="session")
def v1_build(tmp_path_factory) -> Path:
    return fixture_build(tmp_path_factory.mktemp("v1-build"), "v1.ttl")


@pytest.fixture(scope="session")
def site(v1_build, tmp_path_factory) -> Path:
    """The fixture graph published once (test_publish, test_owl); tests must not change it."""
    from mandato.publish.site import publish

    tmp = tmp_path_factory.mktemp("v1-site")
    report = publish(tmp / "site", v1_build, site_url=SITE_URL, endpoint_url=ENDPOINT, issued=ISSUED, releases_dir=tmp / "releases")
    assert report.previous is None and report.summary["added"] > 100
    return tmp / "site"


@pytest.fixture(scope="session")
def national_build(tmp_path_factory) -> Path:
    """The committed national data, built once without the reasoner."""
    from mandato.build import build

    out = tmp_path_factory.mktemp("national-build")
    build(out, reason=False)
    return out


@pytest.fixture(scope="session")
def demo_store(demo_build):
    from mandato.store import EmbeddedStore

    return EmbeddedStore.from_build(demo_build)


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None):
    """Run the real `mandato` entry point in a subprocess: (exit code, stdout, stderr)."""
    import os
    import subprocess
    import sys

    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "mandato.cli", *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=600)
    return proc.returncode, proc.stdout, proc.stderr


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """A real `oxigraph serve` on 127.0.0.1 in its default configuration (in memory; the default
    graph is its own graph, not the union of the named graphs), started and stopped by the test."""

    def __init__(self) -> None:
        import shutil
        import sys

        self.exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    def __enter__(self) -> "OxigraphServer":
        import subprocess
        import time
        import urllib.request

        if not Path(self.exe).exists():
            pytest.fail("the `oxigraph` server binary is missing: pip install oxigraph")
        self.proc = subprocess.Popen([self.exe, "serve", "--bind", f"127.0.0.1:{self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.query_url}?query=ASK%7B%7D", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__(None, None, None)
        pytest.fail("oxigraph server did not start")

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
