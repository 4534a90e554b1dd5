"""The installable package: a wheel built from the checkout, installed with pip into a fresh virtual
environment outside the checkout, gives a working `mandato` in any folder.

The wheel carries the ontology, shapes, stored queries, explorer and committed data (indicators
included); build, validate, gaps, query, publish and explore run from an empty folder on the
packaged data, and build --data DIR on a user's own data folder. Nothing is read from the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import DEMO, free_port
from mandato.paths import CHECKOUT, DATA_DIR

pytestmark = pytest.mark.install


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the fresh environment's bin folder, an empty working folder outside the checkout)."""
    if CHECKOUT is None:
        pytest.skip("needs a source checkout to build the wheel from")
    tmp = tmp_path_factory.mktemp("install")
    dist = tmp / "dist"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(CHECKOUT)],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    wheel = next(dist.glob("mandato-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    work = tmp / "work"
    work.mkdir()
    return venv / "bin", work


def mandato(installed, *args: str, cwd: Path | None = None, timeout: float = 600):
    bin_dir, work = installed
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATO_", "PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run([str(bin_dir / "mandato"), *args], capture_output=True, text=True, cwd=cwd or work, env=env, timeout=timeout)
    return done.returncode, done.stdout, done.stderr


def test_the_installed_package_reads_only_its_own_files(installed):
    bin_dir, work = installed
    probe = "import mandato.paths as p, json; print(json.dumps([str(p.ROOT), str(p.CHECKOUT), str(p.QUERIES_DIR)]))"
    done = subprocess.run([str(bin_dir / "python"), "-c", probe], capture_output=True, text=True, cwd=work, check=True)
    root, checkout, queries = json.loads(done.stdout)
    assert root.startswith(str(bin_dir.parent)) and root.endswith("_resources") and checkout == "None"
    for folder in ("ontology", "shapes", "queries", "explorer", "data/countries", "data/indicators"):
        assert any((Path(root) / folder).iterdir()), folder
    assert not (Path(root) / "ontology").is_symlink()


def test_build_gaps_query_in_an_empty_folder(installed):
    _, work = installed
    code, out, err = mandato(installed, "--version")
    assert code == 0 and out.startswith("mandato ")
    code, out, err = mandato(installed, "build", "--no-reason")
    assert code == 0, err
    assert (work / "build" / "mandato.trig").is_file()
    code, out, err = mandato(installed, "gaps", "--format", "csv")
    assert code == 0, err
    assert len(out.splitlines()) > 100
    code, out, err = mandato(installed, "query", "lead-agencies", "--format", "csv")
    assert code == 0, err
    assert len(out.splitlines()) == 34  # header + 33 countries
    code, out, err = mandato(installed, "query", "indicators", "--param", "country=URY", "--format", "csv")
    assert code == 0, err
    assert "egdi" in out.lower() and len(out.splitlines()) > 10, out  # the shipped indicators, no import needed


def test_build_and_publish_a_users_own_data_folder(installed, tmp_path):
    _, work = installed
    mine = tmp_path / "mydata"
    (mine / "countries").mkdir(parents=True)
    shutil.copy(DATA_DIR / "jurisdictions.ttl", mine / "jurisdictions.ttl")
    shutil.copy(DEMO, mine / "countries" / "demo.ttl")
    code, out, err = mandato(installed, "build", "--no-reason", "--data", str(mine), "--out", "mybuild")
    assert code == 0, err
    assert "graph/data/countries/demo" in (work / "mybuild" / "mandato.trig").read_text()
    code, out, err = mandato(installed, "publish", "--build", "mybuild", "--out", "site", "--site-url", "https://example.test/", "--issued", "2026-12-07")
    assert code == 0, err
    assert (work / "site" / "id" / "country" / "URY.rdf").is_file() and (work / "site" / "ontology" / "index.html").is_file()
    code, out, err = mandato(installed, "build", "--data", str(tmp_path / "missing"), "--out", "nobuild")
    assert code == 2 and "missing" in err and "Traceback" not in err


def test_explore_serves_the_explorer(installed):
    bin_dir, work = installed
    if not (work / "build" / "mandato.trig").is_file():
        assert mandato(installed, "build", "--no-reason")[0] == 0
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATO_", "PYTHON", "VIRTUAL_ENV"))}
    process = subprocess.Popen([str(bin_dir / "mandato"), "explore", "--port", str(port)], cwd=work, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        from mandato.explore import stop_server, wait_until_healthy

        wait_until_healthy(f"http://127.0.0.1:{port}", process, timeout=120)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200 and b"<html" in response.read(2000).lower()
    finally:
        stop_server(process)
