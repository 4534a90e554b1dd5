"""Core benchmarks, measured as ratios in one run on this machine (see BENCHMARKS.md).

- load: pyoxigraph vs rdflib on the built TriG;
- gap report: the SPARQL engine on Oxigraph vs the reference pySHACL engine (same findings);
- build (integrity validation + HermiT + TriG) and validate wall time;
- scale: the committed data replicated N times under renamed IRIs, loaded and queried.

Run: .venv/bin/python bench/bench_core.py [--scale 10]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset

from mandato.build import build, integrity_errors
from mandato.catalog import load_sources
from mandato.gaps import run_pyshacl_engine, run_sparql_engine
from mandato.queries import find_query, run
from mandato.store import EmbeddedStore


def timed(fn, repeat=1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def scaled_nquads(trig: Path, copies: int) -> str:
    """The data graphs replicated `copies` times, each copy with its instance IRIs suffixed."""
    ds = Dataset()
    ds.parse(trig, format="trig")
    lines = []
    for g in ds.graphs():
        data = "/data/" in str(g.identifier)
        for s, p, o in g:
            for i in range(copies if data else 1):
                def ren(t):
                    text = t.n3()
                    return text.replace("/mandato/id/", f"/mandato/id/c{i}-") if data and i and text.startswith("<") else text
                lines.append(f"{ren(s)} {ren(p)} {ren(o)} <{g.identifier}> .")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=20)
    args = ap.parse_args()
    out = {"machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}, {sys.platform}"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out["build_s"], report = timed(lambda: build(tmp / "b", reason=True))
        out["triples"] = report.triples
        sources = load_sources()
        out["validate_s"], _ = timed(lambda: integrity_errors(sources))
        trig = tmp / "b" / "mandato.trig"
        out["load_oxigraph_s"], store = timed(lambda: EmbeddedStore.from_build(tmp / "b"), repeat=3)
        out["load_rdflib_s"], _ = timed(lambda: Dataset().parse(trig, format="trig"), repeat=3)
        out["gaps_sparql_s"], fast = timed(lambda: run_sparql_engine(store), repeat=3)
        out["gaps_pyshacl_s"], slow = timed(lambda: run_pyshacl_engine(sources.data_graph(), sources.ontology_graph()))
        out["gaps_findings"] = len(fast)
        out["gaps_same_findings"] = sorted((f.rule, f.focus, f.value) for f in fast) == sorted((f.rule, f.focus, f.value) for f in slow)
        out["query_lead_agencies_ms"] = 1000 * timed(lambda: run(store, find_query("lead-agencies")), repeat=5)[0]
        out["query_assessment_matrix_ms"] = 1000 * timed(lambda: run(store, find_query("assessment-matrix")), repeat=5)[0]
        quads = scaled_nquads(trig, args.scale)
        big = EmbeddedStore()
        out["scale_copies"] = args.scale
        out["scale_load_s"], _ = timed(lambda: big.store.bulk_load(quads.encode(), format=__import__("pyoxigraph").RdfFormat.N_QUADS))
        out["scale_quads"] = len(big)
        out["scale_gaps_s"], big_findings = timed(lambda: run_sparql_engine(big))
        out["scale_gaps_findings"] = len(big_findings)
        out["scale_query_matrix_ms"] = 1000 * timed(lambda: run(big, find_query("assessment-matrix")), repeat=3)[0]
    out["ratio_load_rdflib_over_oxigraph"] = round(out["load_rdflib_s"] / out["load_oxigraph_s"], 1)
    out["ratio_gaps_pyshacl_over_sparql"] = round(out["gaps_pyshacl_s"] / out["gaps_sparql_s"], 1)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
