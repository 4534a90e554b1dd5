"""Benchmark the maturity layer on the national data (issue 12). Measured, not asserted.

- what the maturity data (instrument, the guide's example, 33 suggested profiles) adds to a build
  with checks and HermiT: the same build with and without data/maturity, in one run, as a ratio;
- `suggest` for the 33 countries from the source files (load, evidence queries, gap report, rules);
- `report example` and an `import` of a 35-row checklist, from the command line;
- the explorer's Maturity page (Streamlit AppTest, no browser): first run and a warm rerun, on the
  jurisdiction view and the regional view.

Usage: .venv/bin/python bench/bench_maturity.py [--out bench/results/maturity.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from mandato.build import build  # noqa: E402
from mandato.catalog import data_files  # noqa: E402
from mandato.maturity.instrument import load_instrument  # noqa: E402
from mandato.maturity.suggest import suggest  # noqa: E402
from mandato.paths import DATA_DIR, relative  # noqa: E402
from mandato.reconcile import source_store  # noqa: E402

MANDATO = [sys.executable, "-m", "mandato.cli"]


def machine() -> dict:
    return {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system().lower()}",
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def cpu() -> float:
    self, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return self.ru_utime + self.ru_stime + children.ru_utime + children.ru_stime


def timed(action) -> tuple[float, float, object]:
    wall, used = time.perf_counter(), cpu()
    result = action()
    return time.perf_counter() - wall, cpu() - used, result


def cli(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([*MANDATO, *args], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def explorer_page(build_dir: Path) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["MANDATO_BUILD"] = str(build_dir)
    out = {}
    for view in ("jurisdiction", "region"):
        at = AppTest.from_file(str(ROOT / "explorer" / "app.py"), default_timeout=120)
        at.query_params["page"] = "maturity"
        at.query_params["mview"] = view
        first = time.perf_counter()
        at.run()
        out[f"page_{view}_first_s"] = round(time.perf_counter() - first, 3)
        again = time.perf_counter()
        at.run()
        out[f"page_{view}_warm_s"] = round(time.perf_counter() - again, 3)
        assert not at.exception, [e.value for e in at.exception]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "maturity.json"))
    args = parser.parse_args()
    figures = machine()
    maturity = sorted((DATA_DIR / "maturity").rglob("*.ttl"))
    everything = data_files(include_imports=False)
    without = [p for p in everything if p not in maturity]
    figures["maturity_files"] = len(maturity)
    with tempfile.TemporaryDirectory() as tmp:
        for name, files in (("without", without), ("with", everything)):
            wall, used, report = timed(lambda files=files: build(Path(tmp) / name, reason=True, data=files))
            figures[f"build_{name}_maturity_s"] = round(wall, 2)
            figures[f"build_{name}_maturity_cpu_s"] = round(used, 2)
            figures[f"triples_{name}_maturity"] = report.triples
        figures["ratio_build_cpu_with_over_without"] = round(figures["build_with_maturity_cpu_s"] / figures["build_without_maturity_cpu_s"], 2)

        wall, used, store = timed(source_store)
        figures["source_store_load_s"] = round(wall, 2)
        wall, used, items = timed(lambda: suggest(store, date(2026, 12, 7)))
        figures["suggest_all_33_s"] = round(wall, 2)
        figures["suggest_all_33_cpu_s"] = round(used, 2)
        figures["suggested_levels"] = sum(1 for i in items for o in i.outcomes.values() if o.level)
        figures["suggested_insufficient"] = sum(1 for i in items for o in i.outcomes.values() if not o.level)
        figures["cli_suggest_all_s"] = round(cli("maturity", "suggest", "--all", "--as-of", "2026-12-07", "--format", "csv"), 2)
        figures["cli_report_example_s"] = round(cli("maturity", "report", "example"), 2)
        checklist = Path(tmp) / "checklist.csv"
        checklist.write_text("code,score,evidence,source\n" + "".join(f"{c},2,,\n" for c in load_instrument().codes), encoding="utf-8")
        figures["cli_import_s"] = round(cli("maturity", "import", str(checklist), "--jurisdiction", "URY", "--year", "2025", "--assessor", "bench", "--dir", str(Path(tmp) / "m")), 2)
        figures.update(explorer_page(Path(tmp) / "with"))
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    print(f"wrote {relative(Path(args.out))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
