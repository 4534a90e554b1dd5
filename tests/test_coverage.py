"""`mandato coverage` on the fixture curation (tests/fixtures/reference/curated.ttl) and the 33 countries."""

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
from mandato.coverage import coverage, is_legal_database, is_official
from mandato.coverage_render import render, render_list
from mandato.importers import run_import
from mandato.paths import DATA_DIR, ROOT
from mandato.reconcile import source_store

FIXTURES = Path(__file__).parent / "fixtures" / "reference"
JURISDICTIONS = DATA_DIR / "jurisdictions.ttl"
MANDATO = [sys.executable, "-m", "mandato.cli"]


@pytest.fixture(scope="module")
def rows():
    store = source_store(ontology_files() + [JURISDICTIONS, FIXTURES / "curated.ttl"])
    return {r.country: r for r in coverage(store, date(2026, 12, 7))}


@pytest.mark.parametrize(
    "url",
    [
        "https://www.impo.com.uy/bases/leyes/18331-2008",
        "http://servicios.infoleg.gob.ar/infolegInternet/anexos/60000-64999/64790/norma.htm",
        "https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/l13709.htm",
        "https://www.gub.uy/agesic",
        "https://www.pgrweb.go.cr/scij/",
        "https://www.omrh.gouv.ht/",
        "https://www.govt.lc/",
        "https://www.gov.gd/",
        "https://www.bcn.cl/leychile/navegar?idNorma=141599",
        "https://prensa.presidencia.cl/comunicado.aspx?id=1",
        "https://www.chilecompra.cl/que-es-chilecompra/",
        "https://www.firmadigital.bo/",
        "https://busquedas.elperuano.pe/normaslegales/x",
        "https://www.dof.gob.mx/nota_detalle.php",
        "https://www2.camara.leg.br/legin/",
        "http://www.ttparliament.org/legislations/a2011-13.pdf",
        "https://laws.gov.ag/wp-content/uploads/2019/02/a2013-10.pdf",
        "https://publicadministration.un.org/egovkb/en-us",
        "https://observatoriop10.cepal.org/es",
        "https://www.oecd.org/gov/digital-government/",
        "https://www.worldbank.org/en/programs/govtech/gtmi-Intro",
        "https://unctad.org/topic/ecommerce-and-digital-economy",
        "https://www.coe.int/en/web/cybercrime",
        "HTTPS://WWW.OAS.ORG/juridico/",
    ],
)
def test_official_sources(url):
    assert is_official(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dataguidance.com/jurisdiction/uruguay",
        "https://uruguay.justia.com/nacionales/leyes/ley-18600",
        "https://es.scribd.com/document/1",
        "https://es.wikipedia.org/wiki/AGESIC",
        "https://www.lagaceta.com.ar/nota/1",
        "https://gob.mx.example.com/",
        "https://evilgov.gd/",
        "http://54.172.150.108/law.pdf",
        "https://www.loc.gov/item/global-legal-monitor/",
        "ftp://ftp.gob.ar/ley.pdf",
        "not a url",
    ],
)
def test_unofficial_sources(url):
    assert not is_official(url)


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://uruguay.justia.com/nacionales/leyes/ley-18600", True),
        ("https://bolivia.vlex.com/vid/ley-164-554429402", True),
        ("https://vlex.co.cr/vid/ley-8454", True),
        ("https://www.jusbrasil.com.br/legislacao/1", True),
        ("https://www.lexivox.org/norms/BO-L-N164.html", True),
        ("https://www.normograma.com/compilacion/docs/ley_0527_1999.htm", True),
        ("https://www.impo.com.uy/bases/leyes/18331-2008", False),
        ("https://es.scribd.com/document/1", False),
        ("https://notjustia.com/x", False),
    ],
)
def test_legal_databases_are_a_separate_tier(url, expected):
    assert is_legal_database(url) is expected
    assert not (is_legal_database(url) and is_official(url))


def test_thirty_aspects_for_each_of_the_33_countries(rows):
    countries = [c for c in rows if c != "TOTAL"]
    assert len(countries) == 33 and countries == sorted(countries)
    assert {r.aspects for c, r in rows.items() if c != "TOTAL"} == {30}
    assert rows["TOTAL"].aspects == 990


def test_counts_per_country(rows):
    ury, arg, bra = rows["URY"], rows["ARG"], rows["BRA"]
    assert (ury.assessed, ury.present, ury.absent, ury.unknown, ury.not_applicable, ury.known) == (6, 4, 1, 1, 0, 5)
    assert (arg.assessed, arg.present, arg.absent, arg.unknown) == (2, 1, 1, 0)
    assert (bra.assessed, bra.present, bra.absent, bra.unknown) == (0, 0, 0, 0)
    assert ury.assessed_share == pytest.approx(0.2) and ury.known_share == pytest.approx(5 / 30)
    # facts: the country node (UN M49, official) + the curated nodes; example-news.com is not official
    # the unknown digital-identity assessment (it cites Justia) states no fact: 11 facts, not 12
    assert (ury.facts, ury.official) == (11, 10)
    assert ury.official_or_legal_db == 10 and ury.official_or_legal_db_share == pytest.approx(10 / 11)
    assert arg.official_or_legal_db == arg.official
    assert (arg.facts, arg.official) == (9, 6)
    assert (bra.facts, bra.official) == (1, 1)


def test_total_row(rows):
    total = rows["TOTAL"]
    countries = [r for c, r in rows.items() if c != "TOTAL"]
    assert total.assessed == sum(r.assessed for r in countries) == 8
    assert total.facts == sum(r.facts for r in countries) == 11 + 9 + 31
    assert total.official == 10 + 6 + 31
    assert total.official_share == pytest.approx(47 / 51)


def test_imported_nodes_are_not_facts(tmp_path, rows):
    imported = [run_import(n, FIXTURES / f"{n}.csv", tmp_path, date(2026, 11, 23)).output for n in ("unegov", "gtmi", "govtech", "unctad")]
    store = source_store(ontology_files() + [JURISDICTIONS, FIXTURES / "curated.ttl", FIXTURES / "reconciliation.ttl", *imported])
    with_imports = {r.country: r for r in coverage(store)}
    for code in ("URY", "ARG", "TOTAL"):
        assert (with_imports[code].facts, with_imports[code].official) == (rows[code].facts, rows[code].official)


def test_markdown_for_the_readme(rows):
    text = render(list(rows.values()), "markdown")
    lines = text.splitlines()
    assert lines[0].startswith("| Country | Assessed | Present | Absent | Unknown | of which searched | Known | Facts | Grade 1 |")
    assert lines[1].startswith("|:---|---:|")
    assert "| URY | 6/30 | 4 | 1 | 1 | 0 | 17% | 11 | 7 | 2 | 0 | 1 | 1 | 9% | 0 | 3 | 100% | 0 |" in lines
    assert lines[35].startswith("| **Total** | **8/990** | **5** | **2** | **1** | **0** | **1%** | **51** |")
    assert lines[36] == "" and lines[37].startswith("Assessed: aspects with an assessment")


def test_grades_count_each_fact_once_by_its_best_source(rows):
    ury = rows["URY"]
    assert (ury.grade_1, ury.grade_2, ury.grade_3, ury.grade_4, ury.grade_5) == (7, 2, 0, 1, 1)
    assert sum(getattr(rows["TOTAL"], f"grade_{g}") for g in "12345") == rows["TOTAL"].facts


def test_weak_stale_uncited_and_searched(tmp_path):
    """Issue 13: facts resting on blogs only, facts not re-checked in a year, instruments without a citation."""
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        (FIXTURES / "curated.ttl").read_text(encoding="utf-8").split("\n\n")[0]
        + """

<https://w3id.org/mandato/id/law/URY-law-2001-99999> a md:LegalInstrument ;
    md:jurisdiction <https://w3id.org/mandato/id/country/URY> ; md:number "99999" ;
    md:instrumentType <https://w3id.org/mandato/vocab/instrument-type/law> ;
    md:legalTopic <https://w3id.org/mandato/vocab/legal-topic/e-procurement> ;
    rdfs:label "Fixture law from a blog"@en ; md:dateAdopted "2001"^^xsd:gYear ;
    dct:source <https://someone.blogspot.com/2001/ley> , <https://es.scribd.com/document/1> ;
    md:retrievedOn "2024-01-01"^^xsd:date .
""",
        encoding="utf-8",
    )
    store = source_store(ontology_files() + [JURISDICTIONS, FIXTURES / "curated.ttl", extra])
    rows = {r.country: r for r in coverage(store, date(2026, 12, 7))}
    ury = rows["URY"]
    assert (ury.weak_only, ury.stale, ury.instruments, ury.cited) == (1, 1, 4, 3)
    assert ury.facts == 12 and ury.grade_5 == 2
    listed = render_list(list(rows.values()), "weak").splitlines()
    assert listed == ["country\tfact", "URY\thttps://w3id.org/mandato/id/law/URY-law-2001-99999"]
    assert "URY\thttps://w3id.org/mandato/id/law/URY-law-2001-99999\tchecked 2024-01-01" in render_list(list(rows.values()), "stale")
    assert render_list(list(rows.values()), "uncited").splitlines()[1:] == ["URY\thttps://w3id.org/mandato/id/law/URY-law-2001-99999"]
    secondary = [line for line in render_list(list(rows.values()), "secondary").splitlines()[1:] if line.startswith("URY")]
    assert len(secondary) == ury.grade_5 == 2
    assert "URY\thttps://w3id.org/mandato/id/law/URY-law-2001-99999" in secondary


def test_csv_json_and_table(rows):
    data = json.loads(render(list(rows.values()), "json"))
    assert len(data) == 34 and data[-1]["country"] == "TOTAL"
    ury = next(d for d in data if d["country"] == "URY")
    assert ury["official_share"] == pytest.approx(0.9091, abs=1e-4) and ury["known"] == 5
    table = list(csv.reader(io.StringIO(render(list(rows.values()), "csv"))))
    assert table[0][:3] == ["country", "aspects", "assessed"] and len(table) == 35
    text = render(list(rows.values()), "table")
    assert text.splitlines()[-1].split()[:3] == ["TOTAL", "8/990", "5"]


def test_cli_reads_a_build(tmp_path):
    out = tmp_path / "build"
    env = {**os.environ, "MANDATO_BUILD": str(out)}
    built = subprocess.run(
        [*MANDATO, "build", "--no-reason", "--out", str(out), "--data", str(JURISDICTIONS), str(FIXTURES / "curated.ttl")],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    done = subprocess.run([*MANDATO, "coverage", "--build", str(out), "--format", "json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    data = {d["country"]: d for d in json.loads(done.stdout)}
    assert (data["URY"]["facts"], data["URY"]["official"], data["URY"]["assessed"]) == (11, 10, 6)


def test_the_grade_copy_matches_the_ontology():
    """coverage keeps a copy of the kind -> grade table for single URLs; the ontology declares it."""
    from mandato.catalog import load_ontology
    from mandato.coverage import _KIND_GRADE
    from mandato.grades import grade_of_kind

    declared = grade_of_kind(load_ontology())
    assert {k: v for k, v in declared.items() if v != "5"} == _KIND_GRADE


@pytest.mark.parametrize(
    "line,message",
    [
        ("gob.mx,gazzette,x", "unknown source kind 'gazzette'"),
        ('"{,}",government,x', "empty host"),
        ("onlyapattern", "needs a pattern and a kind"),
    ],
)
def test_a_bad_rule_table_names_its_line(line, message):
    from mandato.errors import InputError
    from mandato.grades import parse_rules

    with pytest.raises(InputError, match=message) as caught:
        parse_rules("pattern,kind,publisher\n" + line + "\n", kinds={"government", "gazette"})
    assert caught.value.line == 2


def test_a_host_given_two_kinds_is_refused_with_both_lines():
    """Two rows for the same host (as two curators adding it in parallel would write) are an error."""
    from mandato.errors import InputError
    from mandato.grades import parse_rules

    table = "pattern,kind,publisher\n\"{a.gob.gt,pdh.org.gt}\",government,x\ngazette.example,gazette,y\npdh.org.gt,gazette,z\n"
    with pytest.raises(InputError, match="already given a kind on line 2") as caught:
        parse_rules(table, kinds={"government", "gazette"})
    assert caught.value.line == 4


def test_list_unknown_gives_the_latest_search(tmp_path):
    """An unknown searched twice is listed with the date of its latest search (the assessment matrix
    gives one row per search trail, earliest first)."""
    extra = tmp_path / "trails.ttl"
    extra.write_text(
        (FIXTURES / "curated.ttl").read_text(encoding="utf-8").split("\n\n")[0]
        + """

<https://w3id.org/mandato/id/assessment/URY-soltype-digital-identity>
    md:searchTrail <https://w3id.org/mandato/id/search/URY-soltype-digital-identity-a> ,
        <https://w3id.org/mandato/id/search/URY-soltype-digital-identity-b> .
<https://w3id.org/mandato/id/search/URY-soltype-digital-identity-a> a md:Search ; md:searchedOn "2026-11-22"^^xsd:date .
<https://w3id.org/mandato/id/search/URY-soltype-digital-identity-b> a md:Search ; md:searchedOn "2026-12-07"^^xsd:date .
""",
        encoding="utf-8",
    )
    store = source_store(ontology_files() + [JURISDICTIONS, FIXTURES / "curated.ttl", extra])
    rows = {r.country: r for r in coverage(store, date(2026, 12, 7))}
    listed = [line for line in render_list(list(rows.values()), "unknown").splitlines() if line.startswith("URY")]
    assert listed == ["URY\tsoltype:digital-identity\tsearched 2026-12-07"]
