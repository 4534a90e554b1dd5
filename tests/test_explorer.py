"""The explorer (explorer/app.py) on the fixture graph, through Streamlit's AppTest.

Every page is run with its widgets found by key; key outputs are checked against the facts of
tests/fixtures/graph/demo.ttl, and against the gap report computed directly with mandato.gaps.
Bad input (unknown country code, invalid SPARQL, updates, an unreachable endpoint) must give a
clear message and never an exception.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mandato.build import build
from mandato.gaps import run_sparql_engine
from mandato.paths import DATA_DIR, QUERIES_DIR, ROOT
from mandato.store import EmbeddedStore

sys.path.insert(0, str(ROOT))

from explorer import console, facts, model  # noqa: E402
from explorer.i18n import LANGUAGES, keys, text  # noqa: E402

APP = ROOT / "explorer" / "app.py"
DEMO = ROOT / "tests" / "fixtures" / "graph" / "demo.ttl"
BODY = "https://w3id.org/mandato/id/body/"
TIMEOUT = 90


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("explorer") / "build"
    build(out, reason=False, data=[DATA_DIR / "jurisdictions.ttl", DEMO])
    return out


@pytest.fixture(autouse=True)
def fixture_env(fixture_build, monkeypatch):
    monkeypatch.setenv("MANDATO_BUILD", str(fixture_build))
    monkeypatch.delenv("MANDATO_EXPLORER_ENDPOINT", raising=False)
    monkeypatch.setenv("MANDATO_EXPLORER_TIMEOUT", "10")


@pytest.fixture(scope="session")
def store(fixture_build) -> EmbeddedStore:
    return EmbeddedStore.from_build(fixture_build)


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


# ------------------------------------------------------------------------------------ overview
def test_overview_headline_figures(store):
    at = run_app()
    assert not errors(at)
    values = metrics(at)
    # lead body: URY and CHL of 33; co-ordination body: URY; no strategy covers the current year
    assert values["with a lead body"] == "6%"
    assert values["with a co-ordination body"] == "3%"
    assert values["with a current strategy"] == "0%"
    # baseline topics with a law in force on 2026-12-07 (MANDATO_TODAY): signature URY+CHL, data
    # protection URY and CHL (CHL's law 500 entered into force on 2026-12-01, from its dates)
    assert values["Digital signature"] == "6%"
    assert values["Privacy and data protection"] == "6%"
    assert values["Cybersecurity"] == "0%"
    assert at.selectbox(key="metric").value == "gaps"
    table = at.dataframe[0].value
    expected = run_sparql_engine(store)
    assert int(table.set_index("ISO3").loc["URY", "gap findings (all)"]) == sum(1 for f in expected if f.country == "URY")
    assert list(table["country"]) == sorted(table["country"], key=str.casefold)  # rows by name, not by code
    assert len(at.get("vega_lite_chart")) == 1


def test_overview_map_metric_switch():
    at = run_app(metric="baseline")
    assert at.selectbox(key="metric").value == "baseline"
    table = at.dataframe[0].value.set_index("ISO3")
    column = "baseline topics with a law in force"
    assert int(table.loc["URY", column]) == 3  # digital government, data protection, signature
    assert int(table.loc["CHL", column]) == 2  # signature; data protection in force since 2026-12-01
    at.selectbox(key="metric").set_value("present").run()
    assert not at.exception
    # present today: assessed present (data protection, AI absent...) or a law in force / solution recorded
    assert int(at.dataframe[0].value.set_index("ISO3").loc["URY", "aspects present"]) >= 3


def test_overview_geometry_is_offline_and_complete():
    from explorer import charts

    assert len(charts.country_points()) == 33
    assert charts.GEOMETRY.stat().st_size < 200_000

    def urls(node) -> list[str]:
        if isinstance(node, dict):
            return [v for k, v in node.items() if k == "url"] + [u for v in node.values() for u in urls(v)]
        if isinstance(node, list):
            return [u for v in node for u in urls(v)]
        return []

    spec = charts.map_chart({"URY": 1.0}, {"URY": "Uruguay"}, "x")
    assert urls(spec) == []  # the shapes travel inline: nothing is fetched at run time
    assert len(spec["datasets"]["countries"]) == 33
    assert all(f["type"] == "Feature" for f in spec["datasets"]["countries"])  # kept as GeoJSON by Streamlit
    assert [f["properties"]["value"] for f in spec["datasets"]["countries"] if f["properties"]["iso3"] == "URY"] == [1.0]
    assert len(spec["layer"]) == 4


# ------------------------------------------------------------------------------------- profile
def test_country_profile_lead_body_and_sources(store):
    at = run_app(page="country", country="URY")
    assert not errors(at)
    assert at.selectbox(key="country").value == "URY"
    assert [t.value for t in at.title] == ["Uruguay"]
    text_md = markdown(at)
    assert f"[Fixture Agency (FXA)]({BODY}URY-fx-agency)" in text_md
    assert "(https://example.org/fixture/lead)" in text_md  # the lead mandate's source link
    assert "Former Fixture Office" in text_md  # history keeps the former lead body
    assert "Fixture Council" in text_md
    assert "Fixture Law 300 on electronic signature" in text_md
    assert "Fixture Signature" in text_md
    values = metrics(at)
    assert values["Lead body"] == "yes"
    assert values["Baseline laws"] == "3 / 6"
    assert values["Gap findings"] == str(sum(1 for f in run_sparql_engine(store) if f.country == "URY"))


@pytest.mark.parametrize(("lang", "agency", "heading"), [
    ("es", "Agencia Fixture (FXA)", "Órgano rector de gobierno digital"),
    ("pt", "Agência Fixture (FXA)", "Órgão líder de governo digital"),
])
def test_country_profile_languages(lang, agency, heading):
    at = run_app(page="country", country="URY", lang=lang)
    assert agency in markdown(at)
    assert heading in [h.value for h in at.header]
    assert at.radio(key="page").format_func("country") == text("page.country", lang)


def test_language_switch_in_the_sidebar():
    at = run_app(page="country", country="URY")
    at.selectbox(key="lang").set_value("pt").run()
    assert not at.exception
    assert "Órgão líder de governo digital" in [h.value for h in at.header]
    assert "Agência Fixture (FXA)" in markdown(at)
    assert at.query_params["lang"] in ("pt", ["pt"])
    at = run_app(lang="xx")  # an unknown language falls back to English
    assert "with a lead body" in metrics(at)


def test_country_profile_unknown_code_shows_message():
    at = run_app(page="country", country="XXX")
    assert any("XXX" in e for e in errors(at))
    assert at.selectbox(key="country").value == "ATG"  # the first country by name (Antigua and Barbuda)


def test_country_selection_goes_into_the_url():
    at = run_app(page="country", country="ury")
    assert at.selectbox(key="country").value == "URY"
    at.selectbox(key="country").set_value("CHL").run()
    assert at.query_params["country"] == ["CHL"] or at.query_params["country"] == "CHL"
    assert "Fixture Division" in markdown(at)
    assert "the current lead mandate has no legal basis" in markdown(at).lower()


# ------------------------------------------------------------------------------------- compare
def test_compare_matrix_counts_and_filters():
    at = run_app(page="compare", region="south-america")
    assert at.radio(key="dim").value == "topic"
    assert at.selectbox(key="region").value == "south-america"
    counts = markdown(at)
    # 12 South American countries x 16 topics; absent: URY AI (assessed)
    assert "absent 1" in counts
    # URY: digital government, interoperability, digital identity (evidence), data protection, signature (assessed);
    # CHL: signature, data protection (law 500 in force since 2026-12-01, derived from its dates)
    assert "present 7" in counts
    at.slider(key="year").set_value(2007).run()
    counts = markdown(at)
    # URY digital government (law 100, in force since 2005-12-01); CHL's signature law of 2002 has no
    # entry-into-force date and was seen in force only in 2026: start unknown in 2007, not counted
    assert "present 1" in counts
    at.radio(key="dim").set_value("aspect").run()
    assert not at.exception
    assert at.query_params["dim"] in ("aspect", ["aspect"])


def test_compare_subregion_without_data():
    at = run_app(page="compare", region="mexico", dim="soltype")
    assert "present 0" in markdown(at)
    assert not errors(at)


# ---------------------------------------------------------------------------------------- gaps
def test_gaps_report_by_rule_and_country(store):
    expected = run_sparql_engine(store)
    at = run_app(page="gaps")
    values = metrics(at)
    assert values["findings"] == str(len(expected))
    assert values["warnings"] == str(sum(f.severity == "Warning" for f in expected))
    rules = {f.rule for f in expected}
    assert len(at.selectbox(key="rule").options) == len(rules)
    assert len(at.dataframe[0].value) == len(rules)  # the summary table: one row per rule
    text_md = markdown(at)
    assert "Why this rule." in text_md
    assert "OECD/CAF (2023)" in text_md  # the passage the shape cites (dct:source)
    at.selectbox(key="rule").set_value("LeadBodyShape-decisionPower").run()
    text_md = markdown(at)
    assert "Fixture Division" in text_md and "Fixture Agency" not in text_md  # the URY agency can enforce standards
    assert at.query_params["rule"] in ("LeadBodyShape-decisionPower", ["LeadBodyShape-decisionPower"])
    at.radio(key="group").set_value("country").run()
    assert len(at.dataframe[0].value) == len({f.country for f in expected})
    at.selectbox(key="gcountry").set_value("URY").run()
    assert metrics(at)["findings"] == str(sum(f.country == "URY" for f in expected))
    assert "No current digital government strategy" in markdown(at)


def test_gaps_unknown_country_in_url():
    at = run_app(page="gaps", gcountry="ZZZ")
    assert any("ZZZ" in e for e in errors(at))


# ---------------------------------------------------------------------------------------- laws
def test_laws_catalogue_filters():
    at = run_app(page="laws")
    assert "7 of 7 instruments" in markdown(at)
    at.text_input(key="text").set_value("firma").run()
    assert "2 of 7 instruments" in markdown(at)
    at.text_input(key="text").set_value("").run()
    at.multiselect(key="countries").set_value(["CHL"]).run()
    assert "2 of 7 instruments" in markdown(at)
    table = at.dataframe[0].value
    assert set(table["IRI"]) == {"https://w3id.org/mandato/id/law/CHL-law-2002-400", "https://w3id.org/mandato/id/law/CHL-law-2024-500"}
    at.multiselect(key="countries").set_value([]).run()
    at.multiselect(key="types").set_value(["decree"]).run()
    assert "2 of 7 instruments" in markdown(at)


def test_laws_state_from_url():
    at = run_app(page="laws", topics="digital-signature", years="2000,2005")
    assert at.multiselect(key="topics").value == ["digital-signature"]
    assert "1 of 7 instruments" in markdown(at)  # CHL law 400 (2002); URY law 300 is 2009
    assert len(at.get("download_button")) == 2


# ------------------------------------------------------------------------------------- library
def test_library_lists_every_query_and_runs_with_parameters():
    at = run_app(page="library", q="lead-agencies", p_country="URY")
    options = at.selectbox(key="q").options
    assert len(options) == len(list(QUERIES_DIR.glob("*.rq")))
    assert at.selectbox(key="p_country").value == "URY"
    table = at.dataframe[0].value
    assert list(table["agency"]) == [f"{BODY}URY-fx-agency"]
    at.text_input(key="p_asOf").set_value("2003-01-01")
    at.button[0].click().run()  # the form's submit button
    table = at.dataframe[0].value
    assert list(table["agency"]) == [f"{BODY}URY-fx-old-office"]
    assert at.query_params["p_asOf"] in ("2003-01-01", ["2003-01-01"])


def test_library_bad_parameter_and_unknown_query():
    at = run_app(page="library", q="lead-agencies", p_asOf="yesterday")
    assert any("is not a date" in e for e in errors(at))
    at = run_app(page="library", q="no-such-query")
    assert any("no-such-query" in e for e in errors(at))


# ------------------------------------------------------------------------------------- console
def console_run(query: str, **params: str) -> AppTest:
    at = run_app(page="console", editor="plain", **params)
    at.text_area(key="sparql").set_value(query)
    at.button(key="run_sparql").click().run()
    assert not at.exception
    return at


def test_console_select_runs_in_the_sandbox():
    at = run_app(page="console", editor="plain")
    at.button(key="run_sparql").click().run()
    table = at.dataframe[0].value
    assert list(table["country"]) == ["CHL", "URY"]
    assert "Fixture Agency" in list(table["label"])


@pytest.mark.parametrize("update", [
    "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
    "PREFIX x: <https://example.org/>\nDELETE WHERE { ?s ?p ?o }",
    "# a comment\nCLEAR ALL",
    "DROP GRAPH <https://w3id.org/mandato/graph/data/jurisdictions>",
    "LOAD <https://example.org/data.ttl>",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
])
def test_console_refuses_updates(update, store):
    before = len(store)
    at = console_run(update)
    assert any(e.startswith("Refused: SPARQL Update") for e in errors(at)), errors(at)
    assert not at.dataframe
    assert len(EmbeddedStore.from_build(Path(os.environ["MANDATO_BUILD"]))) == before


def test_console_syntax_error_names_line_and_column():
    at = console_run("SELECT ?s WHERE {\n  ?s ?p\n}")
    assert any(e.startswith("SPARQL syntax error at line 2, column 3") for e in errors(at)), errors(at)
    at = console_run("SELECT ?s WHERE {\n  ?s nope:thing ?o }")
    assert any("unknown prefix 'nope:'" in e for e in errors(at)), errors(at)


def test_console_other_refusals_and_limits():
    assert any("SERVICE" in e for e in errors(console_run("SELECT * WHERE { SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }")))
    assert any("only SELECT and ASK" in e for e in errors(console_run("CONSTRUCT WHERE { ?s ?p ?o }")))
    at = console_run("SELECT ?s WHERE { ?s ?p ?o }", rows="3")
    assert len(at.dataframe[0].value) == 3
    assert any("first 3 rows" in w.value for w in at.warning)
    at = console_run("ASK { ?c md:iso3 \"URY\" }")
    assert any("Answer: yes" in s.value for s in at.success)


def test_console_time_limit_stops_a_runaway_query():
    started = time.monotonic()
    at = console_run("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", secs="1")
    assert any("time limit of 1 s" in e for e in errors(at)), errors(at)
    assert time.monotonic() - started < 30
    at = console_run("SELECT ?c WHERE { ?c a md:Country } LIMIT 2")  # a fresh worker answers again
    assert len(at.dataframe[0].value) == 2


def test_console_refuses_the_service_bypass_of_issue_9():
    """The apostrophes inside the IRIs hid SERVICE from the old keyword check; the parser sees it."""
    query = "SELECT * WHERE { BIND(<http://x/'> AS ?a) SERVICE <http://127.0.0.1:9/sparql> {?s ?p ?o} BIND(<http://y/'> AS ?b) }"
    at = console_run(query)
    assert any("federated queries (SERVICE) are not allowed" in e for e in errors(at)), errors(at)
    assert not at.dataframe


def test_console_query_from_a_link_runs_only_on_run():
    at = run_app(page="console", editor="plain", sparql="SELECT ?c WHERE { ?c a md:Country } LIMIT 2")
    assert not at.dataframe and not errors(at)
    assert any("comes from the link" in i.value for i in at.info)
    at.button(key="run_sparql").click().run()
    assert len(at.dataframe[0].value) == 2


# ----------------------------------------------------------------------------- data sources
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_endpoint_shows_a_clear_message(monkeypatch):
    monkeypatch.setenv("MANDATO_EXPLORER_ENDPOINT", f"http://127.0.0.1:{free_port()}/query")
    at = run_app()
    assert any("unreachable" in e for e in errors(at)), errors(at)
    assert not at.metric


def test_slow_endpoint_shows_a_clear_message(monkeypatch):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True)
    thread.start()
    monkeypatch.setenv("MANDATO_EXPLORER_ENDPOINT", f"http://127.0.0.1:{server.getsockname()[1]}/query")
    monkeypatch.setenv("MANDATO_EXPLORER_TIMEOUT", "1")
    try:
        at = run_app()
        assert any("unreachable or too slow" in e for e in errors(at)), errors(at)
    finally:
        for conn, _ in accepted:
            conn.close()
        server.close()


def test_bad_endpoint_setting(monkeypatch):
    monkeypatch.setenv("MANDATO_EXPLORER_ENDPOINT", "not a url")
    at = run_app()
    assert any("http(s) URL" in e for e in errors(at)), errors(at)


def test_missing_build_says_run_mandato_build(monkeypatch, tmp_path):
    monkeypatch.setenv("MANDATO_BUILD", str(tmp_path / "nothing"))
    at = run_app()
    assert any("mandato build" in e for e in errors(at)), errors(at)


@pytest.fixture
def oxigraph_endpoint(fixture_build, tmp_path):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    location = tmp_path / "oxigraph"
    subprocess.run([binary, "load", "--location", str(location), "--file", str(fixture_build / "mandato.trig")], check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.server
def test_remote_endpoint_gives_the_same_pages(oxigraph_endpoint, monkeypatch):
    monkeypatch.setenv("MANDATO_EXPLORER_ENDPOINT", oxigraph_endpoint)
    at = run_app(page="country", country="URY")
    assert not errors(at), errors(at)
    assert f"[Fixture Agency (FXA)]({BODY}URY-fx-agency)" in markdown(at)
    assert metrics(at)["Baseline laws"] == "3 / 6"
    at = console_run("INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }")
    assert any(e.startswith("Refused") for e in errors(at))
    at = console_run("# two countries\n# (load them; a comment must not turn the query into an update)\nSELECT ?c WHERE { ?c a md:Country } ORDER BY ?c LIMIT 2")
    assert list(at.dataframe[0].value["c"]) == ["https://w3id.org/mandato/id/country/ARG", "https://w3id.org/mandato/id/country/ATG"]
    at = run_app(page="gaps")
    assert not errors(at), errors(at)
    assert "OECD/CAF (2023)" in markdown(at)


# ----------------------------------------------------------------------------------- the command
def test_explore_command(fixture_build, capsys, tmp_path):
    from mandato.cli import main

    assert main(["explore", "--build", str(fixture_build), "--port", "8599", "--print-command"]) == 0
    command = capsys.readouterr().out
    assert "explorer/serve.py" in command and "--server.address 127.0.0.1" in command and "--server.port 8599" in command
    assert "--browser.gatherUsageStats false" in command
    assert main(["explore", "--build", str(tmp_path / "none")]) == 2
    assert "run `mandato build` first" in capsys.readouterr().err
    assert main(["explore", "--endpoint", "ftp://example.org/sparql"]) == 2
    assert "http(s) URL" in capsys.readouterr().err


# -------------------------------------------------------------------------------- pure logic
def frames(store, on: str | None = None) -> dict[str, pd.DataFrame]:
    from explorer.data import to_frame
    from mandato import queries

    out = {}
    for slug in facts.TRUTH_QUERIES:
        values = {"asOf": on} if on and slug in facts.DATED_QUERIES else {}
        out[slug] = to_frame(queries.run(store, queries.find_query(str(QUERIES_DIR / "explorer" / f"{slug}.rq")), values))
    return out


@pytest.mark.parametrize(("iso", "scheme", "code", "year", "status"), [
    ("URY", "topic", "privacy-data-protection", None, "present"),
    ("URY", "topic", "privacy-data-protection", 2007, "absent"),
    # no entry-into-force date: in 2009 the law existed but whether it was in force is not known
    # (in-force fragment: start-unknown), so the topic is unknown, never counted present
    ("URY", "topic", "privacy-data-protection", 2009, "unknown"),
    ("URY", "topic", "digital-government", 2003, "unknown"),  # the decree of 2000 (no entry-into-force date), repealed in 2005
    ("URY", "topic", "digital-government", 1999, "absent"),
    ("URY", "topic", "artificial-intelligence", None, "absent"),
    ("URY", "topic", "artificial-intelligence", 2010, "absent"),
    ("URY", "topic", "e-procurement", None, "unknown"),
    ("CHL", "topic", "privacy-data-protection", 2025, "absent"),  # passed, not in force
    ("URY", "aspect", "lead-body", 2003, "present"),
    ("URY", "aspect", "lead-body", 1999, "absent"),
    ("CHL", "aspect", "lead-body", 2015, "absent"),
    ("CHL", "aspect", "lead-body", 2019, "present"),
    ("URY", "soltype", "digital-signature", 2011, "absent"),
    ("URY", "soltype", "digital-signature", 2013, "present"),
    ("URY", "soltype", "interoperability-platform", 2013, "unknown"),  # no launch date
    ("URY", "aspect", "national-strategy", 2023, "present"),
    ("BRB", "topic", "digital-signature", None, "unknown"),
])
def test_matrix_status_as_of(store, iso, scheme, code, year, status):
    import datetime as dt

    on = f"{year}-12-31" if year else None
    truth = facts.from_frames(frames(store, on), dt.date.fromisoformat(on) if on else None)
    frame = truth.matrix([iso], scheme, [code])
    assert frame["status"].tolist() == [status]


def test_year_and_filters():
    assert model.year_of("2008-08-11") == 2008
    assert model.year_of("2017") == 2017
    assert model.year_of("") is None
    laws = pd.DataFrame([
        {"law": "a", "iso3": "URY", "topics": "digital-signature", "type": "law", "status": "in-force", "title": "Ley de firma", "number": "1", "year": 2009},
        {"law": "b", "iso3": "CHL", "topics": "cybersecurity", "type": "decree", "status": "repealed", "title": "Decreto", "number": "2", "year": None},
    ])
    assert list(model.filter_laws(laws, text="FIRMA")["law"]) == ["a"]
    assert list(model.filter_laws(laws, years=(2000, 2010), full_range=False)["law"]) == ["a"]
    assert list(model.filter_laws(laws, years=(2000, 2010), full_range=True)["law"]) == ["a", "b"]
    assert list(model.filter_laws(laws, topics=["cybersecurity"], statuses=["repealed"])["law"]) == ["b"]


def test_interface_text_in_three_languages():
    for key in keys():
        values = [text(key, lang) for lang in LANGUAGES]
        assert all(values), key
    assert text("page.gaps", "es") == "Brechas"


def test_lead_history_is_ordered_with_unknown_starts():
    """A lead body whose start is unknown but that handed over on a date comes before its successor."""
    mandates = pd.DataFrame([
        {"mandate": "m2", "holder": "b2", "mandate_type": "lead-digital-government", "valid_from": "2015-11-27", "valid_until": "2019", "sources": "", "legal_basis": ""},
        {"mandate": "m1", "holder": "b1", "mandate_type": "lead-digital-government", "valid_from": "", "valid_until": "2015-11-27", "sources": "", "legal_basis": ""},
        {"mandate": "m3", "holder": "b3", "mandate_type": "lead-digital-government", "valid_from": "", "valid_until": "", "sources": "", "legal_basis": ""},
    ])
    events = pd.DataFrame([
        {"event": "e2", "kind": "Transfer", "date": "2019", "original": "b2", "resulting": "b3"},
        {"event": "e1", "kind": "Transfer", "date": "2015-11-27", "original": "b1", "resulting": "b2"},
        {"event": "e0", "kind": "Renaming", "date": "", "original": "b3", "resulting": "b3"},
    ])
    history = facts.lead_history(mandates, events)
    assert [s.holder for s in history.spans] == ["b1", "b2", "b3"]
    assert [(s.start, s.end, s.current) for s in history.spans] == [("", "2015-11-27", False), ("2015-11-27", "2019", False), ("2019", "", True)]
    assert history.spans[2].start_from == "event"
    assert [e["event"] for e in history.events] == ["e1", "e2", "e0"]  # dated events in order, undated last
