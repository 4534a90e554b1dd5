"""The build artefact: one named graph per source file, version stamped from pyproject, manifest."""

from __future__ import annotations

import json

from rdflib import OWL, Dataset, Literal, URIRef

from mandato import __version__
from mandato.build import ONTOLOGY_IRI, VERSION_GRAPH
from mandato.namespaces import GRAPH
from mandato.paths import read_project_version


def test_version_has_one_source():
    assert __version__ == read_project_version()


def test_build_stamps_version_and_keeps_named_graphs(demo_build):
    dataset = Dataset()
    dataset.parse(demo_build / "mandato.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert f"{GRAPH}ontology/mandato" in names
    assert f"{GRAPH}ontology/schemes" in names
    assert f"{GRAPH}data/jurisdictions" in names
    assert any(n.endswith("tests/fixtures/graph/demo") for n in names)
    version = dataset.graph(VERSION_GRAPH)
    assert (ONTOLOGY_IRI, OWL.versionInfo, Literal(__version__)) in version
    assert (ONTOLOGY_IRI, OWL.versionIRI, URIRef(f"https://w3id.org/mandato/ontology/{__version__}")) in version
    manifest = json.loads((demo_build / "manifest.json").read_text())
    assert manifest["version"] == __version__ and manifest["triples"] > 1000


def test_build_is_deterministic_and_streams_folders(tmp_path):
    """Two builds of the same sources write the same TriG; --data takes folders."""
    import shutil

    from conftest import DEMO
    from mandato.build import build
    from mandato.paths import DATA_DIR

    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(DATA_DIR / "jurisdictions.ttl", folder / "jurisdictions.ttl")
    shutil.copy(DEMO, folder / "demo.ttl")
    build(tmp_path / "a", reason=True, data=[folder])
    first = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert (tmp_path / "a" / "mandato.trig").stat().st_size > 10000 and first["inferred"] >= 9
    build(tmp_path / "a", reason=True, data=[folder])
    assert json.loads((tmp_path / "a" / "manifest.json").read_text())["digest"] == first["digest"]
    build(tmp_path / "b", reason=True, data=[DATA_DIR / "jurisdictions.ttl", DEMO])
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["triples"] == first["triples"]


def test_build_is_the_same_in_another_process(tmp_path):
    """Regression: the TriG (and its digest) depended on the Python process's hash seed, because the
    store's dump follows insertion order and rdflib iterates sets in a per-process order."""
    import os
    import subprocess
    import sys

    from conftest import DEMO
    from mandato.paths import DATA_DIR

    digests = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "mandato.cli", "build", "--no-reason", "--out", str(out),
                               "--data", str(DATA_DIR / "jurisdictions.ttl"), str(DEMO)], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        digests.append(json.loads((out / "manifest.json").read_text())["digest"])
    assert digests[0] == digests[1]
