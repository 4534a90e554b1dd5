"""`mandato reconcile` on a fixture: curated.ttl (ARG, URY; BRA empty), the fixture CSVs imported, and
reconciliation.ttl (one explanation in use, one no longer needed)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mandato.catalog import ontology_files
from mandato.errors import InputError, UsageError
from mandato.importers import run_import
from mandato.namespaces import ID
from conftest import REFERENCE_DATA
from mandato.paths import DATA_DIR, ROOT
from mandato.reconcile import STATUSES, load_explanations, name_similarity, reconcile, render, source_store, summary

FIXTURES = Path(__file__).parent / "fixtures" / "reference"
DATASETS = ("govtech", "gtmi", "unegov", "unctad")
JURISDICTIONS = DATA_DIR / "jurisdictions.ttl"
MANDATO = [sys.executable, "-m", "mandato.cli"]


def _imports(folder: Path, source: Path | None = None) -> list[Path]:
    return [run_import(name, source or FIXTURES / f"{name}.csv", folder, date(2026, 11, 23)).output for name in DATASETS]


def _store(imports: list[Path], *extra: Path):
    return source_store(ontology_files() + [JURISDICTIONS, FIXTURES / "curated.ttl", *extra, *imports])


@pytest.fixture(scope="module")
def imports(tmp_path_factory) -> list[Path]:
    return _imports(tmp_path_factory.mktemp("imports"))


@pytest.fixture(scope="module")
def found(imports):
    return reconcile(_store(imports, FIXTURES / "reconciliation.ttl"))


def _by(found, country, dataset, kind, topic=None):
    hits = [d for d in found if (d.country, d.dataset, d.kind) == (country, dataset, kind) and (topic is None or d.topic == topic)]
    assert len(hits) == 1, [(d.country, d.dataset, d.kind, d.topic) for d in found]
    return hits[0]


def test_every_disagreement_of_the_fixture(found):
    got = [(d.country, d.dataset, d.kind, d.topic, d.severity, d.status) for d in found]
    assert got == [
        ("ARG", "govtech", "lead-body", "lead-body", "Warning", ""),
        ("ARG", "unctad", "dataset-has-law", "digital-signature", "Warning", ""),
        ("ARG", "unctad", "dataset-no-law", "privacy-data-protection", "Info", "dataset-wrong"),
        ("BRA", "govtech", "lead-body", "lead-body", "Warning", ""),
        ("BRA", "govtech", "dataset-has-law", "privacy-data-protection", "Warning", ""),
        ("BRA", "unctad", "dataset-has-law", "privacy-data-protection", "Warning", ""),
        ("URY", "govtech", "law-year", "digital-signature", "Warning", ""),
        ("URY", "govtech", "explanation-unused", "", "Info", "dataset-wrong"),
        ("URY", "govtech", "fixed", "", "Info", "curated-updated"),
    ]


def test_agreements_are_not_reported(found):
    """URY: AGESIC by acronym, data protection and RTI years, UNCTAD laws; ARG: its data protection year;
    codes 0 with no curated law; UNCTAD consumer protection and cybercrime 'No Legislation'."""
    topics = {(d.country, d.topic) for d in found if d.kind not in ("explanation-unused", "fixed")}
    assert ("URY", "lead-body") not in topics
    assert ("URY", "privacy-data-protection") not in topics and ("URY", "access-to-information") not in topics
    assert ("ARG", "access-to-information") not in topics and ("URY", "cybersecurity") not in topics


def test_lead_body_reports_both_names_and_a_hint(found):
    arg = _by(found, "ARG", "govtech", "lead-body")
    assert arg.dataset_value == "Secretaría de Innovación Pública, Jefatura de Gabinete de Ministros"
    assert arg.curated == f"{ID}body/ARG-sicyt" and arg.curated_value == "Secretaría de Innovación, Ciencia y Tecnología"
    assert "former lead body body:ARG-sip" in arg.hint and "parent body of body:ARG-sicyt" in arg.hint
    assert arg.records == [f"{ID}dataset/govtech-2022-ARG-I-33.1"] and arg.wave == "2022"
    bra = _by(found, "BRA", "govtech", "lead-body")
    assert bra.curated == f"{ID}country/BRA" and "no current lead body" in bra.message


def test_law_year(found):
    d = _by(found, "URY", "govtech", "law-year")
    assert (d.field, d.dataset_value, d.curated, d.curated_value) == ("I-42.2", "2012", f"{ID}law/URY-law-2009-18600", "2009")
    assert d.focus == f"{ID}dataset/govtech-2022-URY-I-42.2"
    assert "2012" in d.message and "law:URY-law-2009-18600" in d.message


def test_dataset_has_law(found):
    unctad = _by(found, "ARG", "unctad", "dataset-has-law")
    assert unctad.curated == f"{ID}assessment/ARG-topic-digital-signature" and unctad.curated_value == "assessment absent"
    assert unctad.dataset_value == "Legislation: Ley 25.506 de Firma Digital"
    assert f"{ID}dataset/unctad-ARG-e-transactions-1-law-title" in unctad.records
    bill = _by(found, "BRA", "unctad", "dataset-has-law")
    assert "bill or draft" in bill.hint and "no curated assessment" in bill.hint
    govtech = _by(found, "BRA", "govtech", "dataset-has-law")
    assert govtech.dataset_value == "2, year 2018, named 'Lei Geral de Proteção de Dados'"


def test_explained_and_unused_explanations(found):
    explained = _by(found, "ARG", "unctad", "dataset-no-law")
    assert explained.explained and explained.explanation == f"{ID}dataset/unctad-ARG-data-protection-1-status-explanation"
    assert explained.curated == f"{ID}law/ARG-law-2000-25326"
    fixed = _by(found, "URY", "govtech", "fixed")
    assert fixed.focus == f"{ID}dataset/govtech-2022-URY-I-38.3" and "records a correction" in fixed.message
    unused = _by(found, "URY", "govtech", "explanation-unused")
    assert unused.focus == f"{ID}dataset/govtech-2022-URY-I-37.2" and "no longer exists" in unused.message


def test_without_explanations_everything_is_open(imports):
    found = reconcile(_store(imports))
    assert not any(d.explained for d in found) and not any(d.kind in ("explanation-unused", "fixed") for d in found)
    assert len(found) == 7


def test_dataset_and_country_filters(imports):
    store = _store(imports, FIXTURES / "reconciliation.ttl")
    assert {d.dataset for d in reconcile(store, "unctad")} == {"unctad"}
    assert reconcile(store, "gtmi") == []
    assert {d.country for d in reconcile(store, None, "URY")} == {"URY"}
    with pytest.raises(UsageError, match="unknown dataset"):
        reconcile(store, "oecd")


def test_no_imports_is_a_usage_error():
    with pytest.raises(UsageError, match="run `mandato import"):
        reconcile(source_store(ontology_files() + [JURISDICTIONS, FIXTURES / "curated.ttl"]))


def test_incomplete_explanation_is_refused(imports):
    bad = FIXTURES / "bad" / "reconciliation-incomplete.ttl"
    with pytest.raises(InputError) as caught:
        reconcile(_store(imports, bad))
    text = str(caught.value)
    assert caught.value.file.endswith("reconciliation-incomplete.ttl") and caught.value.line == 8
    assert "md:reconciliationStatus must be exactly one of" in text and "dct:source must be one or more URLs" in text


def test_project_explanations_are_complete():
    """data/reconciliation.ttl (the explanations for the real countries) passes the same checks."""
    store = source_store(ontology_files() + [JURISDICTIONS, DATA_DIR / "reconciliation.ttl"])
    explanations = load_explanations(store)
    assert len(explanations) >= 5
    for item in explanations.values():
        assert item.status in STATUSES and all(r.startswith(f"{ID}dataset/") for r in item.records)
        assert item.iri == sorted(item.records)[0] + "-explanation"


@pytest.mark.parametrize(
    "dataset_name,curated_name,acronym,expected",
    [
        ("AGESIC", "AGESIC", True, True),
        ("Autoridad Nacional Para La Innovación Gubernamental AIG", "AIG", True, True),
        ("MINTEL - Ministry of Telecommunications", "MINTEL", True, True),
        ("Secretaria de Governo Digital", "Secretaría de Governo Digital", False, True),
        ("Secretaría de Innovación Pública, Jefatura de Gabinete de Ministros", "Secretaría de Innovación Pública", False, True),
        ("National Data Management Authority", "National Data Management Authority", False, True),
        ("Digital Transformation Unit", "Department of Transformation and Digitization", False, False),
        ("E-Government Department", "MICTUE", True, False),
        ("Ministry of Science, Energy and Technology", "Information and Communications Technology Authority", False, False),
        ("Digital Government Unit", "Digital Government Secretariat", False, False),
    ],
)
def test_name_matching(dataset_name, curated_name, acronym, expected):
    assert (name_similarity(dataset_name, curated_name, acronym) >= 0.8) is expected


def test_renderings(found):
    rows = json.loads(render(found, "json"))
    assert len(rows) == len(found)
    assert {"severity", "focus", "message", "country", "dataset", "kind", "explained", "hint"} <= set(rows[0])
    table = list(csv.reader(io.StringIO(render(found, "csv"))))
    assert table[0][:4] == ["country", "dataset", "kind", "severity"] and len(table) == len(found) + 1
    text = render(found, "table")
    assert "7 disagreements, 6 unexplained, in 3 countries; 1 fixed in the curated data; 1 explanation(s) match no current disagreement" in text
    assert summary(found) == [
        ("govtech", "law-year", 1, 0),
        ("govtech", "lead-body", 2, 0),
        ("govtech", "dataset-has-law", 1, 0),
        ("unctad", "dataset-has-law", 2, 0),
        ("unctad", "dataset-no-law", 1, 1),
    ]
    findings = [d.as_finding() for d in found]
    assert findings[0].rule == "lead-body" and findings[0].severity == "Warning" and findings[0].focus.endswith("govtech-2022-ARG-I-33.1")


# ------------------------------------------------------------------------------------------ command line
@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory, imports) -> Path:
    """A real build of the fixture (integrity-checked, without the reasoner) with the imports as data."""
    out = tmp_path_factory.mktemp("build")
    data = [JURISDICTIONS, FIXTURES / "curated.ttl", FIXTURES / "reconciliation.ttl", *imports]
    done = subprocess.run(
        [*MANDATO, "build", "--no-reason", "--out", str(out), "--data", *map(str, data)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "MANDATO_BUILD": str(out)}, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MANDATO, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_cli_fail_on_unexplained(fixture_build):
    done = _cli("reconcile", "--build", str(fixture_build), "--format", "json", "--fail-on-unexplained")
    assert done.returncode == 1, done.stderr
    rows = json.loads(done.stdout)
    assert sum(1 for r in rows if r["severity"] == "Warning") == 6
    assert _cli("reconcile", "--build", str(fixture_build)).returncode == 0


def test_cli_only_explained_disagreements_pass(fixture_build):
    done = _cli("reconcile", "--build", str(fixture_build), "--country", "ARG", "--dataset", "unctad", "--fail-on-unexplained")
    assert done.returncode == 1 and "dataset-has-law" in done.stdout
    assert _cli("reconcile", "--build", str(fixture_build), "--dataset", "gtmi", "--fail-on-unexplained").returncode == 0


def test_cli_usage_errors(fixture_build):
    done = _cli("reconcile", "--build", str(fixture_build), "--country", "Uruguay")
    assert done.returncode == 2 and "ISO 3166" in done.stderr
    done = _cli("reconcile", "--build", str(fixture_build), "--endpoint", "http://127.0.0.1:9/sparql")
    assert done.returncode == 2 and "not both" in done.stderr


# ------------------------------------------------------------------------------------------ reference data
@pytest.mark.reference
@pytest.mark.skipif(not REFERENCE_DATA.is_dir(), reason="../shared/reference-data is not present")
def test_reference_extracts_against_the_fixture_curation(tmp_path):
    """The real extracts reconciled with the small fixture curation: known disagreements appear."""
    found = reconcile(_store(_imports(tmp_path, REFERENCE_DATA)))
    keys = {(d.country, d.dataset, d.kind, d.topic) for d in found}
    assert ("URY", "govtech", "law-year", "digital-signature") in keys  # I-42.2 = 2012, curated 2009
    assert ("ARG", "govtech", "lead-body", "lead-body") in keys  # names the former Secretaría de Innovación Pública
    assert ("URY", "govtech", "lead-body", "lead-body") not in keys  # 'AGESIC'
    assert ("URY", "unctad", "dataset-has-law", "privacy-data-protection") not in keys
    assert ("ARG", "unctad", "dataset-has-law", "digital-signature") in keys  # fixture says absent
    assert all(d.country in {"ARG", "URY"} or d.curated.startswith(f"{ID}country/") for d in found)


# ------------------------------------------------------------------------------------------ remote store
@pytest.mark.server
def test_remote_endpoint_gives_the_same_answers(fixture_build):
    """A real `oxigraph serve` on 127.0.0.1 loaded with the fixture build: reconcile and coverage agree."""
    from conftest import OxigraphServer

    with OxigraphServer() as server:
        assert _cli("load", "--endpoint", server.base, "--build", str(fixture_build)).returncode == 0
        for command in (["reconcile", "--format", "json"], ["coverage", "--format", "json"]):
            remote = _cli(*command, "--endpoint", server.query_url)
            local = _cli(*command, "--build", str(fixture_build))
            assert remote.returncode == local.returncode == 0, remote.stderr + local.stderr
            assert json.loads(remote.stdout) == json.loads(local.stdout) and json.loads(local.stdout)
