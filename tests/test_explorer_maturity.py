"""The explorer's Maturity page (issue 12), run with Streamlit's AppTest on a fixture build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit.testing.v1")
from streamlit.testing.v1 import AppTest  # noqa: E402

from mandato.build import build  # noqa: E402
from mandato.paths import DATA_DIR, ROOT  # noqa: E402

sys.path.insert(0, str(ROOT))
from explorer.i18n import LANGUAGES, keys, text  # noqa: E402
from explorer.radar import radar  # noqa: E402

APP = ROOT / "explorer" / "app.py"
FIXTURES = ROOT / "tests" / "fixtures"
TIMEOUT = 90


def maturity_data_files() -> list[Path]:
    """The demo graph plus the maturity fixtures: URY assessed in 2024 and 2025, the guide's example, the suggested profiles."""
    maturity = DATA_DIR / "maturity"
    return [DATA_DIR / "jurisdictions.ttl", FIXTURES / "graph" / "demo.ttl", FIXTURES / "maturity" / "URY-2024.ttl",
            FIXTURES / "maturity" / "URY-2025.ttl", maturity / "eclac2025-example.ttl", *sorted((maturity / "suggested").glob("*.ttl"))]


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("explorer-maturity") / "build"
    build(out, reason=False, data=maturity_data_files())
    return out


@pytest.fixture(autouse=True)
def env(fixture_build, monkeypatch):
    monkeypatch.setenv("MANDATO_BUILD", str(fixture_build))
    monkeypatch.delenv("MANDATO_EXPLORER_ENDPOINT", raising=False)


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_maturity_texts_exist_in_three_languages():
    mine = [k for k in keys() if k.startswith("maturity.") or k == "page.maturity"]
    assert len(mine) > 40
    for key in mine:
        values = [text(key, lang) for lang in LANGUAGES]
        assert all(values), key


def test_radar_places_components_on_spokes_and_never_draws_a_missing_value_as_zero():
    axes = [(f"{i}", f"c{i}") for i in range(4)]
    spec = radar(axes, [{"name": "full", "values": {"0": 4, "1": 2, "2": 1, "3": 3}}, {"name": "gap", "values": {"0": 2, "1": None, "2": 2, "3": 2}, "dashed": True}])
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")["data"]["values"]
    first = next(p for p in points if p["series"] == "full" and p["component"] == "0 c0")
    assert (first["x"], first["y"]) == (0, 4)  # the first spoke points up
    second = next(p for p in points if p["series"] == "full" and p["component"] == "1 c1")
    assert (second["x"], second["y"]) == (2, 0)  # the second of four points right
    assert not any(p["series"] == "gap" and p["component"] == "1 c1" for p in points)
    open_line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line" and layer["mark"].get("interpolate") != "linear-closed" and "color" in layer["encoding"])
    assert [v["x"] for v in open_line["data"]["values"] if v["order"] == 1] == [None]
    assert {v["style"] for v in open_line["data"]["values"]} == {"dashed"}


def test_jurisdiction_view_draws_years_and_suggestion_with_evidence():
    at = run_app(page="maturity")
    assert at.title[0].value == "Digital government maturity"
    assert at.selectbox(key="mj").value == "URY"  # the first jurisdiction with an assessment
    assert len(at.get("vega_lite_chart")) >= 1
    components = at.dataframe[0].value
    assert list(components.columns)[2:] == ["URY 2024 (assessed)", "URY 2025 (assessed)", "URY suggested, 2026-12-07"]
    assert len(components) == 12  # 3 areas + 9 components
    variables = at.dataframe[1].value
    assert len(variables) == 35 and {"URY 2024 (assessed)", "URY 2025 (assessed)", "suggested", "rule"} <= set(variables.columns)
    assert set(variables.loc[variables["code"] == "3.1.1", "suggested"]) == {"not informed by the graph"}
    at.selectbox(key="mv").set_value("1.2.1").run()
    detail = "\n".join(m.value for m in at.markdown)
    assert "Assessed (2025)" in detail and "https://example.org/fixture/lead" in detail
    assert "by rule R1.2.1" in detail and "What the rule checks" in detail
    assert at.query_params["mj"] in ("URY", ["URY"]) and at.query_params["mv"] in ("1.2.1", ["1.2.1"])


def test_the_guide_example_and_spanish():
    at = run_app(page="maturity", mj="example", lang="es")
    assert at.title[0].value == "Madurez del gobierno digital"
    components = at.dataframe[0].value
    assert list(components["Ejemplo CEPAL"])[3:6] == ["1.50", "3.00", "3.25"]


def test_region_view_lists_the_suggested_profiles():
    at = run_app(page="maturity", mview="region")
    table = at.dataframe[0].value
    assert len(table) == 33
    assert table.columns[-1] == "variables informed"
    assert "suggested" in at.caption[1].value.lower() or "not assessed" in " ".join(c.value for c in at.caption)


def test_unknown_jurisdiction_in_the_url_is_reported():
    at = run_app(page="maturity", mj="XYZ")
    assert any("XYZ" in e.value for e in at.error)
