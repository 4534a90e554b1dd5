"""`mandato synth`: generated municipal data builds, and validation and the gap report find exactly the
defects and gaps its manifest records."""

from __future__ import annotations

import collections
import json

from mandato.cli import main


def test_synth_build_validate_gaps_match_the_manifest(tmp_path, capsys):
    out, build = tmp_path / "synth", tmp_path / "build"
    assert main(["synth", "--jurisdictions", "120", "--seed", "7", "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["municipalities"] == 120 and manifest["states"] >= 3
    assert main(["build", "--data", str(out / "data"), "--out", str(build)]) == 0
    capsys.readouterr()
    assert main(["validate", "--data", str(out / "data"), str(out / "defects")]) == 1
    lines = [l for l in capsys.readouterr().out.splitlines() if l.endswith("]")]
    found = collections.Counter(l.rsplit("[", 1)[1].rstrip("]") for l in lines)
    assert found == collections.Counter(manifest["expected_integrity_violations"])
    assert main(["gaps", "--build", str(build), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    rules = collections.Counter(f["rule"] for f in findings)
    for rule, count in manifest["expected_gap_findings"].items():
        assert rules[rule] == count, rule
    # a municipality's records carry its code in their IRIs: their findings are placed in it
    municipal = [f for f in findings if f["rule"] in ("CoverageShape-notAssessedMunicipal", "LeadBodyShape-decisionPower")]
    assert municipal and all(f["jurisdiction"].count("-") == 2 and f["focus"].rsplit("/", 1)[1].startswith(f["jurisdiction"]) for f in municipal)
    assert main(["query", "lead-agencies", "--build", str(build), "--format", "csv"]) == 0


def test_synth_is_deterministic_and_refuses_a_used_folder(tmp_path, capsys):
    for name in ("a", "b"):
        assert main(["synth", "--jurisdictions", "30", "--seed", "2", "--out", str(tmp_path / name)]) == 0
    assert (tmp_path / "a" / "data" / "BRA.ttl").read_text() == (tmp_path / "b" / "data" / "BRA.ttl").read_text()
    assert main(["synth", "--jurisdictions", "30", "--out", str(tmp_path / "a")]) == 2
    assert "not empty" in capsys.readouterr().err


def test_issue15_state_codes_stay_iso_shaped_past_99_states():
    import re

    from mandato.synth import state_code

    codes = [state_code(n) for n in range(1, 2400)]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z][0-9]{2}", c) for c in codes)
    assert state_code(1) == "X01" and state_code(99) == "X99" and state_code(100) == "A00"
