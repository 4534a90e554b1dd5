"""Issue 14 in the explorer (AppTest): the states and provinces in a country profile (map and table),
the state profile page, and the compare matrix of states x topics, on the fixture graph with its
subnational part (tests/fixtures/graph/subnational.ttl). The map itself is drawn by the browser test.
"""

from __future__ import annotations

import json
import sys

import pytest
from streamlit.testing.v1 import AppTest

from conftest import demo_data_files
from mandato.build import build
from mandato.paths import ROOT

sys.path.insert(0, str(ROOT))

APP = ROOT / "explorer" / "app.py"
TIMEOUT = 90


@pytest.fixture(scope="module")
def subnational_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("explorer-subnational") / "build"
    build(out, reason=False, data=demo_data_files())
    return out


@pytest.fixture(autouse=True)
def env(subnational_build, monkeypatch):
    monkeypatch.setenv("MANDATO_BUILD", str(subnational_build))
    monkeypatch.delenv("MANDATO_EXPLORER_ENDPOINT", raising=False)
    monkeypatch.setenv("MANDATO_EXPLORER_TIMEOUT", "10")


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def test_country_profile_has_its_states_map_and_table():
    at = run_app(page="country", country="BRA", sub="topic:access-to-information")
    assert any(h.value == "States and provinces" for h in at.header)
    table = next(d.value for d in at.dataframe if "state or province" in d.value.columns)
    rows = dict(zip(table["code"], table["covered by"]))
    assert rows["BR-SP"] == "↑ a higher tier" and rows["BR-RJ"] == "↑ a higher tier"  # the national law binds the states
    assert set(rows) == {"BR-SP", "BR-RJ", "BR-MG"}
    assert table.set_index("code").loc["BR-SP", "instrument or solution"] == "Fixture Law 710 on access to information"
    spec = json.loads(at.get("vega_lite_chart")[-1].proto.spec)
    drawn = {f["properties"]["code"]: f["properties"]["key"] for f in spec["datasets"]["states"]}
    assert len(drawn) == 27 and drawn["BR-SP"] == "higher-tier" and drawn["BR-AC"] == "not-assessed"
    assert {f["properties"]["symbol"] for f in spec["datasets"]["states"]} == {"↑", "·"}  # a symbol beside the colour
    assert any(layer.get("mark", {}).get("type") == "text" for layer in spec["layer"])  # ... drawn at each state's label point
    at.selectbox(key="sub").set_value("aspect:lead-body").run()
    table = next(d.value for d in at.dataframe if "state or province" in d.value.columns)
    assert dict(zip(table["code"], table["covered by"]))["BR-RJ"] == "✗ absent"  # a lead body is always the state's own


def test_a_country_without_states_has_no_section():
    at = run_app(page="country", country="URY")
    assert not any(h.value == "States and provinces" for h in at.header)


def test_state_profile():
    at = run_app(page="state", state="BR-SP", lang="es")
    assert at.title[0].value == "São Paulo"
    coverage = next(d.value for d in at.dataframe if "cubierto por" in d.value.columns).set_index("tema, tipo de solución o aspecto")
    assert coverage.loc["Privacidad y protección de datos personales", "cubierto por"].startswith("✓")  # its own decree
    assert coverage.loc["Transparencia y acceso a la información pública", "cubierto por"] == "↑ un nivel superior"
    laws = [d.value for d in at.dataframe if "instrumento" in d.value.columns and "número" in d.value.columns][0]
    assert set(laws["número"]) == {"800", "810"}
    assert "Fixture São Paulo Digital Government Secretariat" in "\n".join(m.value for m in at.markdown)


def test_unknown_state_code_is_said_not_raised():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["page"] = "state"
    at.query_params["state"] = "BR-ZZ"
    at.run()
    assert not at.exception and any("BR-ZZ" in e.value for e in at.error)


def test_compare_states_by_topics():
    at = run_app(page="compare", states="BRA", dim="topic")
    assert len(at.get("vega_lite_chart")) == 1
    table = next(d.value for d in at.dataframe if "state or province" in d.value.columns).set_index("state or province")
    assert table.loc["São Paulo", "Digital signature"] == "✗ absent"  # the national law does not bind the states
    assert table.loc["São Paulo", "Privacy and data protection"] == "✓ its own act"
    assert table.loc["Minas Gerais", "Privacy and data protection"] == "↑ a higher tier"
    assert set(table.index) == {"São Paulo", "Rio de Janeiro", "Minas Gerais"}


def test_library_takes_state_codes_and_a_tier():
    """The query library's country parameter offers the states and provinces too, and a tier parameter
    is a choice of tiers (unset: the query's default)."""
    at = run_app(page="library", q="lead-agencies", p_country="BR-SP")
    assert at.selectbox(key="p_country").value == "BR-SP" and "São Paulo (BR-SP)" in at.selectbox(key="p_country").options
    assert at.selectbox(key="p_tier").options == ["(the query's default)", "national", "states and provinces", "municipalities", "every tier"]
    table = at.dataframe[0].value
    assert set(table["jurisdiction"]) == {"BR-SP"}
    at = run_app(page="library", q="lead-agencies", p_country="BRA", p_tier="all", lang="pt")
    assert at.selectbox(key="p_tier").value == "all"
    assert {"BRA", "BR-SP"} <= set(at.dataframe[0].value["jurisdiction"])
