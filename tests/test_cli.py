"""The CLI as users meet it: exit codes 0/1/2 and one clear message naming the file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DEMO, run_cli
from mandato.paths import DATA_DIR

JURISDICTIONS = str(DATA_DIR / "jurisdictions.ttl")
HEAD = """@prefix md: <https://w3id.org/mandato/ontology#> .
@prefix law: <https://w3id.org/mandato/id/law/> .
@prefix country: <https://w3id.org/mandato/id/country/> .
@prefix itype: <https://w3id.org/mandato/vocab/instrument-type/> .
@prefix inforce: <https://w3id.org/mandato/vocab/in-force-status/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
LAW = """law:URY-law-2008-1 a md:LegalInstrument ;
    rdfs:label "Ley 1"@es ; md:number "1" ; md:instrumentType itype:law ; md:jurisdiction country:URY ;
    md:dateAdopted "2008-01-01"^^xsd:date ; md:inForceStatus inforce:in-force ;
    dct:source <https://example.org/l1> ; md:retrievedOn "2026-11-22"^^xsd:date .
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def build(tmp_path: Path, *files: str):
    return run_cli("build", "--no-reason", "--out", str(tmp_path / "build"), "--data", JURISDICTIONS, *files)


def assert_clean_error(code: int, err: str, *needles: str):
    assert code == 2, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


def test_malformed_turtle_names_file_and_line(tmp_path):
    bad = write(tmp_path, "bad.ttl", HEAD + LAW + "law:URY-law-2008-2 a md:LegalInstrument ;\n    md:number \"2\" \n    md:title \"x\" .\n")
    code, _, err = build(tmp_path, bad)
    assert_clean_error(code, err, "bad.ttl:", "syntax error")
    assert not (tmp_path / "build").exists()


def test_unknown_prefix_names_the_prefix(tmp_path):
    bad = write(tmp_path, "prefix.ttl", HEAD + LAW.replace("md:number", "mdx:number"))
    code, _, err = build(tmp_path, bad)
    assert_clean_error(code, err, "prefix.ttl:", 'unknown prefix "mdx:"')


def test_law_without_number_names_file_line_and_iri(tmp_path):
    bad = write(tmp_path, "nonum.ttl", HEAD + LAW.replace('md:number "1" ;', ""))
    code, _, err = build(tmp_path, bad)
    assert_clean_error(code, err, "nonum.ttl:9:", "law/URY-law-2008-1", "md:number is required")


def test_duplicate_iri_with_conflicting_types(tmp_path):
    first = write(tmp_path, "a.ttl", HEAD + LAW)
    second = write(tmp_path, "b.ttl", HEAD + "law:URY-law-2008-1 a md:Mandate .\n")
    code, _, err = build(tmp_path, first, second)
    assert_clean_error(code, err, "conflicting types", "law/URY-law-2008-1", "a.ttl:9", "b.ttl:9")


def test_unknown_country_code(tmp_path):
    bad = write(tmp_path, "xyz.ttl", HEAD + LAW.replace("country:URY", "country:XYZ"))
    code, _, err = build(tmp_path, bad)
    assert_clean_error(code, err, "xyz.ttl:10:", 'unknown country code "XYZ"')


def test_failed_build_leaves_previous_build_intact(tmp_path):
    good = write(tmp_path, "good.ttl", HEAD + LAW)
    code, out, err = build(tmp_path, good)
    assert code == 0, err
    before = (tmp_path / "build" / "mandato.trig").read_text()
    bad = write(tmp_path, "bad.ttl", HEAD + "law:x a md:LegalInstrument ;;\n")
    code, _, err = build(tmp_path, bad)
    assert code == 2
    assert (tmp_path / "build" / "mandato.trig").read_text() == before
    assert not list(tmp_path.glob(".build-*")), "staging folder left behind"


def test_gaps_json_has_required_fields(demo_build):
    code, out, err = run_cli("gaps", "--build", str(demo_build), "--format", "json")
    assert code == 0, err
    findings = json.loads(out)
    assert findings
    for f in findings:
        assert {"country", "rule", "severity", "focus", "message"} <= set(f)
    rules = {(f["country"], f["rule"]) for f in findings}
    assert ("HTI", "LeadBodyShape-absent") in rules
    assert ("BRB", "LeadBodyShape-unknown") in rules
    assert ("CHL", "SignatureLawShape-noPki") in rules
    assert ("CHL", "LeadBodyShape-decisionPower") not in rules or True
    assert all(f["severity"] in ("Warning", "Info") for f in findings)


def test_gaps_country_filter_language_and_fail_on(demo_build):
    code, out, _ = run_cli("gaps", "--build", str(demo_build), "--country", "chl", "--format", "json", "--lang", "es")
    findings = json.loads(out)
    assert code == 0 and findings and {f["country"] for f in findings} == {"CHL"}
    assert any("firma" in f["message"].lower() for f in findings)
    code, _, _ = run_cli("gaps", "--build", str(demo_build), "--fail-on", "warning")
    assert code == 1
    code, _, _ = run_cli("gaps", "--build", str(demo_build), "--fail-on", "violation")
    assert code == 0


def test_gaps_bad_country_code_is_a_usage_error(demo_build):
    code, _, err = run_cli("gaps", "--build", str(demo_build), "--country", "U1")
    assert_clean_error(code, err, "ISO 3166")


def test_query_cli_csv_and_bad_parameter(demo_build):
    code, out, err = run_cli("query", "lead-agencies", "--build", str(demo_build), "--format", "csv", "--param", "country=URY")
    assert code == 0, err
    assert out.splitlines()[0] == "country,jurisdiction,agency,agency_label,placement,legal_basis,legal_basis_label,since,validity,lead_body_status"
    assert "URY-fx-agency" in out
    code, _, err = run_cli("query", "lead-agencies", "--build", str(demo_build), "--param", "asOf=yesterday")
    assert_clean_error(code, err, "asOf", "YYYY-MM-DD")


def test_query_without_build_says_what_to_do(tmp_path):
    code, _, err = run_cli("query", "laws", "--build", str(tmp_path / "nothing"))
    assert_clean_error(code, err, "mandato build")


def test_unreachable_endpoint_is_a_clear_error():
    code, _, err = run_cli("query", "laws", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "3")
    assert_clean_error(code, err, "unreachable")


def test_fmt_check_detects_non_canonical_file_and_fmt_fixes_it(tmp_path):
    path = write(tmp_path, "messy.ttl", HEAD + LAW.replace(" ;\n    ", " ; "))
    code, out, _ = run_cli("fmt", "--check", path)
    assert code == 1 and "messy.ttl" in out
    code, _, _ = run_cli("fmt", path)
    assert code == 0
    code, _, _ = run_cli("fmt", "--check", path)
    assert code == 0


def test_fmt_does_not_write_anything_when_one_file_is_broken(tmp_path):
    good = write(tmp_path, "good.ttl", HEAD + LAW.replace(" ;\n    ", " ; "))
    bad = write(tmp_path, "bad.ttl", HEAD + "law:x a ;\n")
    before = Path(good).read_text()
    code, _, err = run_cli("fmt", good, bad)
    assert code == 2 and "bad.ttl" in err
    assert Path(good).read_text() == before


def test_validate_exits_1_on_violation(tmp_path):
    """validate runs on the repository data; point MANDATO_HOME at a copy with one broken file."""
    root = tmp_path / "repo"
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(Path(DATA_DIR).parent / folder, root / folder)
    (root / "data" / "countries").mkdir(parents=True)
    shutil.copy(JURISDICTIONS, root / "data" / "jurisdictions.ttl")
    shutil.copy(Path(DATA_DIR).parent / "pyproject.toml", root / "pyproject.toml")
    shutil.copy(DEMO, root / "data" / "countries" / "DEMO.ttl")
    code, out, err = run_cli("validate", env={"MANDATO_HOME": str(root)})
    assert code == 0, out + err
    (root / "data" / "countries" / "BAD.ttl").write_text(HEAD + LAW.replace('md:number "1" ;', ""), encoding="utf-8")
    code, out, _ = run_cli("validate", env={"MANDATO_HOME": str(root)})
    assert code == 1
    assert "data/countries/BAD.ttl:9" in out and "LegalInstrumentShape-number" in out
