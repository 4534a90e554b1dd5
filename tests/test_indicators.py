"""The published indicator values ship with the data (data/indicators/, one named graph per dataset),
with attribution and licence per dataset; they are the importers' output for the public extracts,
and they agree with the copies of the same values inside the World Bank GovTech dataset."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from conftest import REFERENCE_DATA
from mandato.catalog import data_files
from mandato.importers import run_import
from mandato.importers.datasets import CC_BY_4
from mandato.namespaces import MD, instance_ns
from mandato.paths import INDICATORS_DIR
from mandato.rdfio import parse_turtle

DATASET = instance_ns("dataset")
OBS = instance_ns("obs")
SHIPPED = {"unegov": 396, "gtmi": 490, "oecddgi": 49}  # observations per dataset


def shipped(name: str) -> Graph:
    return parse_turtle(INDICATORS_DIR / f"{name}.ttl").graph


def test_indicator_datasets_ship_with_attribution_and_licence():
    assert sorted(p.stem for p in INDICATORS_DIR.glob("*.ttl")) == sorted(SHIPPED)
    for name, count in SHIPPED.items():
        graph = shipped(name)
        node = DATASET[name]
        assert (node, RDF.type, MD.ImportedDataset) in graph
        assert graph.value(node, DCTERMS.publisher) is not None, name
        assert list(graph.objects(node, DCTERMS.source)), name
        assert graph.value(node, DCTERMS.license) is not None or graph.value(node, DCTERMS.rights) is not None, name
        assert sum(1 for _ in graph.subjects(RDF.type, MD.IndicatorObservation)) == count, name
    assert shipped("gtmi").value(DATASET["gtmi"], DCTERMS.license) == URIRef(CC_BY_4)
    assert "UN DESA" in str(shipped("unegov").value(DATASET["unegov"], DCTERMS.rights))
    for path in INDICATORS_DIR.glob("*.ttl"):
        assert path in data_files(include_imports=False)


def test_an_import_in_the_build_replaces_the_shipped_dataset(tmp_path, monkeypatch):
    import mandato.catalog as catalog

    imports = tmp_path / "imports"
    imports.mkdir()
    (imports / "unegov.ttl").write_text("")
    monkeypatch.setattr(catalog, "IMPORTS_DIR", imports)
    files = catalog.data_files()
    assert imports / "unegov.ttl" in files and INDICATORS_DIR / "unegov.ttl" not in files
    assert INDICATORS_DIR / "gtmi.ttl" in files


@pytest.mark.reference
@pytest.mark.skipif(not REFERENCE_DATA.is_dir(), reason="../shared/reference-data is not present")
@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_indicators_are_the_importers_output(name, tmp_path):
    committed = (INDICATORS_DIR / f"{name}.ttl").read_text(encoding="utf-8")
    imported_on = parse_turtle(INDICATORS_DIR / f"{name}.ttl").graph.value(DATASET[name], MD.importedOn).toPython()
    report = run_import(name, REFERENCE_DATA, tmp_path, imported_on)
    assert report.output.read_text(encoding="utf-8") == committed, f"re-import: mandato import {name} PATH --out data/indicators --date {imported_on}"


@pytest.mark.reference
@pytest.mark.skipif(not REFERENCE_DATA.is_dir(), reason="../shared/reference-data is not present")
def test_shipped_values_agree_with_the_copies_in_the_govtech_dataset():
    """GovTech 2022 carries the UN TII (I-16), OSI (I-18), EPI (I-27), HCI (I-44) and its own GTMI."""
    un, wb = shipped("unegov"), shipped("gtmi")
    copies = {"I-16": (un, "tii"), "I-18": (un, "osi"), "I-27": (un, "epi"), "I-44": (un, "hci"), "GTMI": (wb, "gtmi")}
    checked = 0
    with (REFERENCE_DATA / "wb_govtech_dataset_2020_2022_lac_long.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["gtmi_wave"] != "2022" or row["indicator"] not in copies or not row["value"]:
                continue
            graph, indicator = copies[row["indicator"]]
            value = graph.value(OBS[f"{row['country_iso3']}-{indicator}-2022"], MD.value)
            assert value is not None, row
            assert abs(Decimal(str(value)) - Decimal(row["value"])) < Decimal("1e-9"), (row["country_iso3"], row["indicator"], value, row["value"])
            checked += 1
    assert checked == 33 * 5


def test_indicator_concepts_exist_for_every_observation():
    from mandato.catalog import ontology_files

    ontology = Graph()
    for path in ontology_files():
        ontology += parse_turtle(path).graph
    for name in SHIPPED:
        for concept in set(shipped(name).objects(None, MD.indicator)):
            assert (concept, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in ontology, concept
            assert Literal(str(concept).rsplit("/", 1)[1]) in set(ontology.objects(concept, URIRef("http://www.w3.org/2004/02/skos/core#notation")))
