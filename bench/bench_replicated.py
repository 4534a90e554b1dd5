"""Linearity on the curated data replicated under renamed IRIs (the measurement of issue 15).

The national build is copied N times with every instance IRI and ISO3 code renamed per copy (so
findings and rows scale exactly, and no join on a country code meets another copy's countries).
Each compiled gap-shape constraint and each stored query is timed at two sizes; the result is the
time per quad at the larger size relative to the smaller (1.0 = linear). Issue 15 measured, before
the fixes, AssessmentShape-contradicted at 30 s and institutional-history at 22 s at 1M quads.

Run (after `mandato build`): .venv/bin/python bench/bench_replicated.py [--copies 4 40]
Results: bench/results/replicated.json.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).parent))
from bench_core import scaled_store  # noqa: E402

from mandato import queries  # noqa: E402
from mandato.paths import BUILD_DIR, BUILD_TRIG  # noqa: E402
from mandato.shacl import gap_shapes  # noqa: E402
from mandato.shaclc import compile_shapes  # noqa: E402

ISO3 = ox.NamedNode("https://w3id.org/mandato/ontology#iso3")


def replicated(trig: Path, copies: int):
    store = scaled_store(trig, copies)
    fixes = []
    for quad in store.store.quads_for_pattern(None, ISO3, None):
        if "/id/c" in quad.subject.value:
            copy = quad.subject.value.split("/id/c", 1)[1].split("-", 1)[0]
            fixes.append((quad, ox.Quad(quad.subject, ISO3, ox.Literal(quad.object.value + copy), quad.graph_name)))
    for old, new in fixes:
        store.store.remove(old)
        store.store.add(new)
    return store


def measure(store) -> dict[str, float]:
    compiled, _ = compile_shapes(gap_shapes())
    times: dict[str, float] = collections.defaultdict(float)
    for item in compiled:
        started = time.perf_counter()
        store.select(item.query)
        times["gap:" + str(item.top).rsplit("#", 1)[-1]] += time.perf_counter() - started
    for query in queries.list_queries():
        started = time.perf_counter()
        queries.run(store, query, {})
        times["query:" + query.slug] = time.perf_counter() - started
    times["gap report (all shapes)"] = sum(v for k, v in times.items() if k.startswith("gap:"))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, nargs=2, default=[4, 40])
    parser.add_argument("--build", default=str(BUILD_DIR))
    args = parser.parse_args()
    trig = Path(args.build) / BUILD_TRIG
    sizes = {}
    for copies in args.copies:
        store = replicated(trig, copies)
        sizes[copies] = (len(store), measure(store))
        del store
    (small_quads, small), (big_quads, big) = sizes[args.copies[0]], sizes[args.copies[1]]
    factor = big_quads / small_quads
    rows = {name: {"small_s": round(small[name], 4), "large_s": round(big[name], 4), "per_quad_ratio": round(big[name] / max(small[name], 1e-4) / factor, 2)} for name in big}
    result = {
        "date": time.strftime("%Y-%m-%d"), "load_average": os.getloadavg(), "copies": args.copies,
        "quads": [small_quads, big_quads], "measures": dict(sorted(rows.items(), key=lambda kv: -kv[1]["large_s"])),
    }
    out = Path(__file__).parent / "results" / "replicated.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    for name, row in list(result["measures"].items())[:15]:
        print(f"{row['large_s']:8.3f} s  x{row['per_quad_ratio']:5.2f} per quad  {name}")


if __name__ == "__main__":
    main()
