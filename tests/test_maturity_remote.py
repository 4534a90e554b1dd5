"""The maturity report and suggestions give the same answers on a real Oxigraph server as embedded (issue 12)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import OxigraphServer, run_cli
from mandato.build import build
from mandato.maturity.report import build_report, render
from mandato.maturity.suggest import render as render_suggestions
from mandato.maturity.suggest import suggest
from mandato.paths import DATA_DIR
from mandato.store import EmbeddedStore, RemoteStore

pytestmark = pytest.mark.server
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def maturity_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("maturity-remote") / "build"
    build(out, reason=False, data=[DATA_DIR / "jurisdictions.ttl", FIXTURES / "maturity" / "evidence.ttl", FIXTURES / "maturity" / "URY-2024.ttl",
                                   FIXTURES / "maturity" / "URY-2025.ttl", DATA_DIR / "maturity" / "eclac2025-example.ttl"])
    return out


@pytest.fixture(scope="module")
def endpoint(maturity_build):
    with OxigraphServer() as ox:
        code, _out, err = run_cli("load", "--endpoint", ox.base, "--build", str(maturity_build))
        assert code == 0, err
        yield ox.query_url


def test_report_is_the_same_remotely(endpoint, maturity_build):
    local = EmbeddedStore.from_build(maturity_build)
    for target in ("URY", "example"):
        assert render(build_report(RemoteStore(endpoint), target), "json") == render(build_report(local, target), "json")


def test_suggestions_are_the_same_remotely(endpoint, maturity_build):
    local = EmbeddedStore.from_build(maturity_build)
    on = date(2026, 6, 30)
    countries = ["URY", "PRY", "HTI", "BRB"]
    assert render_suggestions(suggest(RemoteStore(endpoint), on, countries), "csv") == render_suggestions(suggest(local, on, countries), "csv")


def test_cli_report_against_the_endpoint(endpoint):
    code, out, err = run_cli("maturity", "report", "URY", "--year", "2024", "--endpoint", endpoint, "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0].startswith("kind,code,label,score")
