"""The ECLAC maturity instrument, the guide's example, the checklist import and the report (issue 12)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, SKOS

from conftest import run_cli
from mandato.build import build
from mandato.catalog import ontology_files
from mandato.cli import main
from mandato.errors import InputError, UsageError
from mandato.maturity.assessment import import_checklist
from mandato.maturity.checklist import read_checklist, template
from mandato.maturity.instrument import INSTRUMENT_FILE, MM, load_instrument
from mandato.maturity.report import build_report, render
from mandato.namespaces import MD
from mandato.paths import DATA_DIR
from mandato.rdfio import parse_turtle
from mandato.reconcile import source_store

EXAMPLE = DATA_DIR / "maturity" / "eclac2025-example.ttl"
JURISDICTIONS = DATA_DIR / "jurisdictions.ttl"
TODAY = date(2026, 12, 7)
# Tables IV.2-IV.4 of the guide, as printed (l. 2906-3422)
PRINTED_COMPONENTS = {"1.1": 1.5, "1.2": 3.0, "1.3": 3.3, "2.1": 2.75, "2.2": 3.0, "2.3": 3.3, "3.1": 2.3, "3.2": 2.0, "3.3": 2.25}
PRINTED_AREAS = {"1": 2.6, "2": 3.0, "3": 2.2}


@pytest.fixture(scope="module")
def instrument():
    return load_instrument()


@pytest.fixture(scope="module")
def example_store():
    return source_store([*ontology_files(), EXAMPLE])


# ------------------------------------------------------------------------------------ instrument
def test_instrument_has_3_areas_9_components_35_variables_4_levels(instrument):
    assert [a.code for a in instrument.areas] == ["1", "2", "3"]
    assert [c.code for c in instrument.components] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"]
    assert len(instrument.variables) == 35
    assert [len([v for v in instrument.variables if v.code.startswith(a + ".")]) for a in "123"] == [12, 11, 12]
    assert [lv.label("en") for lv in instrument.levels] == ["Level 1: Not present", "Level 2: Emerging", "Level 3: Intermediate", "Level 4: Advanced"]


def test_variable_texts_are_transcribed_exactly(instrument):
    assert instrument.variable("1.2.1").label("en") == "A permanent government agency has been assigned to direct the digital government process."
    assert instrument.variable("2.1.1").label("en").startswith("The regulatory and legal framework has been established for institutions’ interoperability")
    # printed without a final period (l. 3224) and without a main verb (l. 3025): kept as printed, with a note
    assert instrument.variable("2.3.3").label("en").endswith("users from cyberattacks")
    assert instrument.variable("1.3.4").label("en").startswith("The regulatory framework that will underpin")
    graph = parse_turtle(INSTRUMENT_FILE).graph
    notes = " ".join(str(n) for n in graph.objects(MM["2.3.3"], SKOS.editorialNote))
    assert "without a period" in notes


def test_level_descriptions_are_table_iv1(instrument):
    assert instrument.levels[0].definitions["en"].startswith("The feature does not exist, is not being addressed on an institutionalized basis")
    assert instrument.levels[3].definitions["en"].endswith("A high degree of efficiency and effectiveness has been attained, and the results reflect that.")


def test_every_term_is_sourced_and_translations_are_marked(instrument):
    graph = parse_turtle(INSTRUMENT_FILE).graph
    for item in (*instrument.areas, *instrument.components, *instrument.variables, *instrument.levels):
        node = URIRef(item.iri)
        sources = [str(s) for s in graph.objects(node, DCTERMS.source)]
        assert any(s.startswith("https://w3id.org/mandato/id/source/eclac2025-l") for s in sources), item.code
        assert set(item.labels) == {"en", "es", "pt"}, item.code
        assert any("translated by the Mandato contributors" in str(n) for n in graph.objects(node, SKOS.editorialNote)), item.code


def test_figure_labels_that_differ_from_the_tables_are_kept(instrument):
    graph = parse_turtle(INSTRUMENT_FILE).graph
    alt = {str(a) for a in graph.objects(MM["3.3"], SKOS.altLabel)}
    assert "Project management" in alt and instrument.item("3.3").label("en") == "Project and resource management"


# --------------------------------------------------------------------------------- the example
def test_guide_example_reproduces_the_printed_averages(example_store):
    """Tables IV.2-IV.4: averages computed by SPARQL aggregation match the printed ones within the guide's rounding."""
    report = build_report(example_store, "example")
    components = {c: avg for c, (avg, _n) in report.current.components.items()}
    areas = {a: avg for a, (avg, _n) in report.current.areas.items()}
    assert components.keys() == PRINTED_COMPONENTS.keys() and areas.keys() == PRINTED_AREAS.keys()
    for code, printed in PRINTED_COMPONENTS.items():
        assert abs(components[code] - printed) <= 0.05, (code, components[code], printed)
    for code, printed in PRINTED_AREAS.items():
        assert abs(areas[code] - printed) <= 0.05, (code, areas[code], printed)
    assert components["1.3"] == 3.25 and round(areas["1"], 4) == round(31 / 12, 4)
    assert report.current.weakest() == ["1.1", "3.2", "3.1"]


def test_averages_are_not_stored(example_store):
    assert not example_store.select("SELECT ?s WHERE { ?s ?p ?o FILTER (CONTAINS(LCASE(STR(?p)), 'average')) }").rows


def test_report_example_cli_json():
    code, out, err = run_cli("maturity", "report", "example", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [c["score"] for c in data["components"]] == [1.5, 3.0, 3.25, 2.75, 3.0, 3.33, 2.25, 2.0, 2.25]
    assert [a["score"] for a in data["areas"]] == [2.58, 3.0, 2.17]
    assert data["kind"] == "assessed" and data["variables"][0] == {
        "code": "1.1.1", "label": load_instrument().variable("1.1.1").label("en"), "score": 2, "previous": None, "change": None,
        "level": "Level 2: Emerging", "evidence": "", "sources": ["https://w3id.org/mandato/id/source/eclac2025-l2906"]}


# --------------------------------------------------------------------------------- checklist
def checklist(scores: dict[str, str] | None = None, drop: tuple[str, ...] = (), extra: str = "", header: str = "code,score,evidence,source") -> str:
    scores = scores or {}
    lines = [header]
    for code in load_instrument().codes:
        if code not in drop:
            lines.append(f"{code},{scores.get(code, '2')},,")
    return "\n".join(lines) + "\n" + extra


def write(tmp_path: Path, text: str, name: str = "checklist.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_template_lists_the_35_codes(instrument):
    text = template(instrument)
    lines = text.splitlines()
    assert lines[0] == "code,score,evidence,source" and len(lines) == 36 and lines[1] == "1.1.1,,,"
    with_text = template(instrument, with_text=True, lang="es").splitlines()
    assert with_text[0].endswith(",variable") and "organismo rector" in with_text[1]


def test_a_filled_template_with_its_text_column_reads_back(tmp_path, instrument):
    text = template(instrument, with_text=True).replace(",,,", ",3,,", 35)
    rows = read_checklist(write(tmp_path, text), instrument)
    assert len(rows) == 35 and {r.score for r in rows} == {3}


@pytest.mark.parametrize(
    "text,needle",
    [
        (checklist(extra="1.4.1,2,,\n"), "row 37: unknown variable code '1.4.1'"),
        (checklist({"1.2.1": "5"}), "row 6: score '5' for 1.2.1 is not a whole number from 1 to 4"),
        (checklist({"1.2.1": "0"}), "row 6: score '0'"),
        (checklist({"2.1.1": "2.5"}), "row 14: score '2.5' for 2.1.1 is not a whole number"),
        (checklist({"2.1.1": "three"}), "row 14: score 'three'"),
        (checklist({"3.3.4": ""}), "row 36: empty score for 3.3.4"),
        (checklist(extra="1.1.1,2,,\n"), "row 37: duplicate code 1.1.1: already given on row 2"),
        (checklist(extra=",3,,\n"), "row 37: empty code"),
        (checklist(drop=("2.1.3", "3.2.1", "3.3.4")), "3 of the 35 variables have no row: 2.1.3, 3.2.1, 3.3.4"),
        (checklist(header="code;score;evidence;source"), "row 1: the header must name the columns code,score,evidence,source"),
        (checklist(header="code,points,evidence,source"), "row 1: the header must name the columns"),
        ("", "row 1: empty file"),
        (checklist().replace("1.1.2,2,,", "1.1.2,2,,ftp://x"), "row 3: source 'ftp://x' for 1.1.2 is not an http(s) URL"),
    ],
    ids=["unknown-code", "score-5", "score-0", "score-decimal", "score-word", "empty-score", "duplicate", "empty-code",
         "missing-variables", "semicolons", "bad-header", "empty-file", "bad-source"],
)
def test_bad_checklists_are_rejected_naming_the_row(tmp_path, instrument, text, needle):
    with pytest.raises(InputError) as caught:
        read_checklist(write(tmp_path, text), instrument)
    assert needle in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "checklist.csv")) or "checklist.csv" in str(caught.value)


def test_not_utf8_names_the_row(tmp_path, instrument):
    path = tmp_path / "latin1.csv"
    path.write_bytes(checklist().replace("1.1.3,2,,", "1.1.3,2,gestión,").encode("latin-1"))
    with pytest.raises(InputError, match=r"row 4: not UTF-8"):
        read_checklist(path, instrument)


def test_bom_crlf_and_trailing_periods_are_accepted(tmp_path, instrument):
    text = checklist().replace("1.1.1,2", "1.1.1.,4").replace("\n", "\r\n")
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    rows = read_checklist(path, instrument)
    assert rows[0].code == "1.1.1" and rows[0].score == 4


# ------------------------------------------------------------------------------------ import
def test_import_writes_one_graph_per_jurisdiction_and_year(tmp_path):
    path = write(tmp_path, checklist({"1.1.1": "3"}).replace("1.1.1,3,,", '1.1.1,3,"Decree 1 designates the council",https://example.org/decree-1'))
    report = import_checklist(path, "ury", "2025", "Team A", on="2026-03-01", out_dir=tmp_path / "maturity", today=TODAY)
    assert report.path == tmp_path / "maturity" / "URY-2025.ttl" and report.scores == 35
    graph = parse_turtle(report.path).graph
    node = URIRef("https://w3id.org/mandato/id/maturity/URY-2025")
    assert (node, RDF.type, MD.MaturityAssessment) in graph
    assert str(graph.value(node, MD.assessor)) == "Team A" and str(graph.value(node, MD.assessmentYear)) == "2025"
    assert str(graph.value(node, MD.asOf)) == "2026-03-01" and str(graph.value(node, MD.jurisdiction)).endswith("/country/URY")
    score = URIRef(f"{node}-1.1.1")
    assert str(graph.value(score, MD.maturityLevel)).endswith("/maturity-level/3")
    assert str(graph.value(score, DCTERMS.source)) == "https://example.org/decree-1"
    assert len(set(graph.subjects(RDF.type, MD.VariableScore))) == 35
    assert not list(graph.subjects(RDF.type, MD.SuggestedScore))


@pytest.mark.parametrize(
    "args,error",
    [
        (("XYZ", "2025", "A"), "unknown country code 'XYZ'"),
        (("U1", "2025", "A"), "neither an ISO 3166-1 alpha-3"),
        (("AR-X", "2025", "A"), "unknown subnational jurisdiction 'AR-X'"),
        (("URY", "25", "A"), "--year takes a four-digit year"),
        (("URY", "2031", "A"), "outside 1990-2026"),
        (("URY", "2025", "  "), "--assessor needs the name"),
    ],
)
def test_import_usage_errors(tmp_path, args, error):
    path = write(tmp_path, checklist())
    with pytest.raises(UsageError, match=error):
        import_checklist(path, *args, out_dir=tmp_path / "out", today=TODAY)
    assert not (tmp_path / "out").exists()


def test_import_refuses_to_overwrite_without_replace(tmp_path):
    path = write(tmp_path, checklist())
    out = tmp_path / "maturity"
    import_checklist(path, "URY", "2024", "A", out_dir=out, today=TODAY)
    before = (out / "URY-2024.ttl").read_text()
    with pytest.raises(UsageError, match="already exists"):
        import_checklist(write(tmp_path, checklist({"1.1.1": "4"}), "b.csv"), "URY", "2024", "A", out_dir=out, today=TODAY)
    assert (out / "URY-2024.ttl").read_text() == before
    report = import_checklist(write(tmp_path, checklist({"1.1.1": "4"}), "b.csv"), "URY", "2024", "A", out_dir=out, replace=True, today=TODAY)
    assert report.replaced and "md:maturityLevel mlevel:4" in (out / "URY-2024.ttl").read_text()


def test_bad_checklist_writes_nothing_and_keeps_the_previous_file(tmp_path):
    out = tmp_path / "maturity"
    import_checklist(write(tmp_path, checklist()), "URY", "2024", "A", out_dir=out, today=TODAY)
    before = (out / "URY-2024.ttl").read_text()
    with pytest.raises(InputError):
        import_checklist(write(tmp_path, checklist({"2.2.2": "9"}), "bad.csv"), "URY", "2024", "A", out_dir=out, replace=True, today=TODAY)
    assert (out / "URY-2024.ttl").read_text() == before
    assert sorted(p.name for p in out.iterdir()) == ["URY-2024.ttl"]


def test_subnational_jurisdiction_once_declared(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "jurisdictions.ttl").write_text(
        "@prefix md: <https://w3id.org/mandato/ontology#> .\n"
        "<https://w3id.org/mandato/id/jurisdiction/AR-X> a md:SubnationalJurisdiction .\n", encoding="utf-8")
    report = import_checklist(write(tmp_path, checklist()), "ar-x", "2023", "ECLAC mission", out_dir=tmp_path / "m", data_dir=data, today=TODAY)
    graph = parse_turtle(report.path).graph
    assert report.path.name == "AR-X-2023.ttl"
    assert str(graph.value(URIRef("https://w3id.org/mandato/id/maturity/AR-X-2023"), MD.jurisdiction)) == "https://w3id.org/mandato/id/jurisdiction/AR-X"


def test_import_cli_errors_exit_2_without_traceback(tmp_path):
    bad = write(tmp_path, checklist({"1.3.2": "7"}))
    code, out, err = run_cli("maturity", "import", str(bad), "--jurisdiction", "URY", "--year", "2025", "--assessor", "A", "--dir", str(tmp_path / "m"))
    assert code == 2 and "Traceback" not in err
    assert "row 11: score '7' for 1.3.2 is not a whole number from 1 to 4" in err and err.count("\n") == 1
    assert not (tmp_path / "m").exists()


# ------------------------------------------------------------------------------------ report
@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    """URY assessed in 2024 and 2025 (imported through the CLI), built with the guide's example."""
    tmp = tmp_path_factory.mktemp("maturity-report")
    out = tmp / "maturity"
    first = write(tmp, checklist({"1.1.1": "1", "1.1.2": "1", "2.1.1": "2"}), "2024.csv")
    second = write(tmp, checklist({"1.1.1": "3", "1.1.2": "2", "2.1.1": "2", "3.2.4": "4"}), "2025.csv")
    for path, year in ((first, "2024"), (second, "2025")):
        assert main(["maturity", "import", str(path), "--jurisdiction", "URY", "--year", year, "--assessor", "Team", "--dir", str(out)]) == 0
    build(tmp / "build", reason=False, data=[JURISDICTIONS, EXAMPLE, out / "URY-2024.ttl", out / "URY-2025.ttl"])
    return tmp / "build"


def test_report_shows_the_change_since_the_previous_assessment(two_years):
    from mandato.store import EmbeddedStore

    report = build_report(EmbeddedStore.from_build(two_years), "URY")
    assert report.current.header.year == 2025 and report.previous.header.year == 2024
    assert report.change("variable", "1.1.1") == 2.0
    assert report.change("component", "1.1") == pytest.approx((3 + 2 + 2 + 2) / 4 - (1 + 1 + 2 + 2) / 4)
    assert report.change("area", "3") == pytest.approx(2 / 12)
    assert report.current.weakest() == ["1.2", "1.3", "2.1"]  # all at 2.0 after 1.1 rose: ties by code


def test_report_cli_formats(two_years, capsys):
    assert main(["maturity", "report", "ury", "--build", str(two_years)]) == 0
    table = capsys.readouterr().out
    assert "compared with the previous assessment, 2024" in table and "1.1.1" in table and "+2" in table
    assert main(["maturity", "report", "URY", "--year", "2024", "--build", str(two_years), "--format", "csv"]) == 0
    csv_text = capsys.readouterr().out
    assert csv_text.splitlines()[0] == "kind,code,label,score,previous,change,weakest,level,evidence,source"
    assert "variable,1.1.1," in csv_text and ",1,,," in csv_text  # 2024 has no earlier assessment: no change column values
    assert main(["maturity", "report", "URY", "--build", str(two_years), "--format", "json", "--lang", "es"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["previous"]["year"] == 2024 and data["components"][0]["label"] == "Gobernanza estratégica"
    assert data["components"][0]["change"] == 0.75


def test_report_errors(two_years):
    from mandato.store import EmbeddedStore

    store = EmbeddedStore.from_build(two_years)
    with pytest.raises(UsageError, match="no assessment of URY for 2020; assessed years: 2024, 2025"):
        build_report(store, "URY", 2020)
    with pytest.raises(UsageError, match="no maturity assessment of CHL"):
        build_report(store, "CHL")
    code, _out, err = run_cli("maturity", "report", "CHL", "--build", str(two_years))
    assert code == 2 and "Traceback" not in err


def test_rendered_table_marks_the_weakest_components(example_store):
    text = render(build_report(example_store, "example"))
    assert "1.1    Strategic governance" in text and "Three weakest components (*): 1.1 Strategic governance (1.50)" in text


def test_assessment_scores_are_not_counted_as_curated_facts():
    """An assessor's sourced score is an opinion about the data, not a fact of it: coverage leaves it out."""
    from mandato.queries import find_query, run

    fixture = Path(__file__).parent / "fixtures" / "maturity" / "URY-2025.ttl"
    assert "dct:source <https://example.org/fixture/lead>" in fixture.read_text(encoding="utf-8")
    store = source_store([*ontology_files(), JURISDICTIONS, fixture])
    nodes = run(store, find_query("fact-sources"), {"country": "URY"}).values("node")
    assert not [n for n in nodes if "/maturity/" in n]


def test_library_query_lists_averages_of_assessments_and_suggestions(two_years):
    from mandato.queries import find_query, run
    from mandato.store import EmbeddedStore

    rows = run(EmbeddedStore.from_build(two_years), find_query("maturity-averages"), {"country": "URY"}).rows
    got = {(r["year"].value, r["component"].value): (float(r["average"].value), int(r["scored"].value)) for r in rows}
    assert got[("2025", "1.1")] == (2.25, 4) and got[("2024", "1.1")] == (1.5, 4) and got[("2025", "2.3")] == (2.0, 3)
    assert {r["kind"].value for r in rows} == {"assessed"}
