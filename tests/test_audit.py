"""Issue 13: measured accuracy. `mandato audit sample` is reproducible; `report` computes the error rate."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import FIXTURES
from mandato.audit import render_sample, report, sample
from mandato.catalog import ontology_files
from mandato.errors import InputError
from mandato.paths import DATA_DIR
from mandato.reconcile import source_store


@pytest.fixture(scope="module")
def store():
    return source_store(ontology_files() + [DATA_DIR / "jurisdictions.ttl", FIXTURES / "reference" / "curated.ttl"])


def test_the_same_seed_draws_the_same_facts(store):
    first, digest = sample(store, 5, 7)
    again, digest_again = sample(store, 5, 7)
    other, _ = sample(store, 5, 8)
    assert [i.fact for i in first] == [i.fact for i in again] and digest == digest_again
    assert [i.fact for i in first] != [i.fact for i in other]


def test_unknown_assessments_and_countries_are_not_sampled(store):
    items, _ = sample(store, 500, 1)
    assert items and not any(i.fact.startswith("https://w3id.org/mandato/id/country/") for i in items)
    assert not any("status=status:unknown" in i.claims for i in items)


def test_the_worklist_states_what_each_fact_claims(store):
    items, _ = sample(store, 500, 1)
    rows = list(csv.DictReader(io.StringIO(render_sample(items))))
    law = next(r for r in rows if r["fact"].endswith("/law/URY-law-2008-18331"))
    assert law["class"] == "md:LegalInstrument" and "md:number=18331" in law["claims"] and law["sources"].startswith("http")
    assert [r["verdict"] for r in rows] == [""] * len(rows)


def test_report_counts_verdicts_and_refuses_bad_ones(tmp_path):
    good = tmp_path / "w.csv"
    good.write_text("n,fact,verdict\n1,a,correct\n2,b,Correct\n3,c,incorrect\n4,d,unverifiable\n5,e,\n", encoding="utf-8")
    result = report(good)
    assert (result.correct, result.incorrect, result.unverifiable, result.pending) == (2, 1, 1, 1)
    assert result.error_rate == pytest.approx(1 / 3)
    bad = tmp_path / "bad.csv"
    bad.write_text("n,fact,verdict\n1,a,correct\n2,b,maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match="maybe") as caught:
        report(bad)
    assert caught.value.line == 3
