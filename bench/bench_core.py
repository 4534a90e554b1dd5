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
from mandato.paths import COUNTRIES_DIR as COUNTRIES, DATA_DIR as DATA
from mandato.store import EmbeddedStore


def timed(fn, repeat=1, label=""):
    if label:
        print(f"... {label}", file=sys.stderr, flush=True)
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def scaled_store(trig: Path, copies: int) -> EmbeddedStore:
    """The data graphs replicated `copies` times, each copy with its instance IRIs renamed."""
    import pyoxigraph as ox

    source = ox.Store()
    source.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    target = EmbeddedStore()

    def ren(term, i):
        if i and isinstance(term, ox.NamedNode) and "/mandato/id/" in term.value:
            return ox.NamedNode(term.value.replace("/mandato/id/", f"/mandato/id/c{i}-"))
        return term

    quads = []
    for q in source:
        data = "/graph/data/" in q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else False
        for i in range(copies if data else 1):
            quads.append(ox.Quad(ren(q.subject, i), q.predicate, ren(q.object, i), q.graph_name))
    target.store.extend(quads)
    return target


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=20)
    ap.add_argument("--subset", type=int, default=3, help="countries for the pySHACL comparison")
    args = ap.parse_args()
    out = {"machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}, {sys.platform}"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out["build_s"], report = timed(lambda: build(tmp / "b", reason=True), label="build")
        out["triples"] = report.triples
        sources = load_sources()
        out["validate_s"], _ = timed(lambda: integrity_errors(sources), label="validate")
        trig = tmp / "b" / "mandato.trig"
        out["load_oxigraph_s"], store = timed(lambda: EmbeddedStore.from_build(tmp / "b"), repeat=3)
        out["load_rdflib_s"], _ = timed(lambda: Dataset().parse(trig, format="trig"), repeat=3)
        out["gaps_sparql_s"], fast = timed(lambda: run_sparql_engine(store), repeat=3)
        out["gaps_findings"] = len(fast)
        # pySHACL on the full data takes well over ten minutes (per-focus-node SPARQL in rdflib), so the
        # engines are compared on a subset: the first --subset countries, both engines, same findings.
        subset = sorted(COUNTRIES.glob("*.ttl"))[: args.subset]
        small = load_sources([DATA / "jurisdictions.ttl", *subset], include_imports=False)
        sub_build = tmp / "sub"
        build(sub_build, reason=False, data=[DATA / "jurisdictions.ttl", *subset])
        sub_store = EmbeddedStore.from_build(sub_build)
        out["subset_countries"] = [p.stem for p in subset]
        out["subset_gaps_sparql_s"], sub_fast = timed(lambda: run_sparql_engine(sub_store), repeat=3, label="subset gaps sparql")
        out["subset_gaps_pyshacl_s"], sub_slow = timed(lambda: run_pyshacl_engine(small.data_graph(), small.ontology_graph()), label="subset gaps pyshacl")
        out["subset_same_findings"] = sorted((f.rule, f.focus, f.value) for f in sub_fast) == sorted((f.rule, f.focus, f.value) for f in sub_slow)
        out["subset_findings"] = len(sub_fast)
        out["query_lead_agencies_ms"] = 1000 * timed(lambda: run(store, find_query("lead-agencies")), repeat=5)[0]
        out["query_assessment_matrix_ms"] = 1000 * timed(lambda: run(store, find_query("assessment-matrix")), repeat=5)[0]
        out["scale_copies"] = args.scale
        out["scale_load_s"], big = timed(label="scale build", fn=lambda: scaled_store(trig, args.scale))
        out["scale_quads"] = len(big)
        out["scale_gaps_s"], big_findings = timed(lambda: run_sparql_engine(big), label="scale gaps")
        out["scale_gaps_findings"] = len(big_findings)
        out["scale_query_matrix_ms"] = 1000 * timed(lambda: run(big, find_query("assessment-matrix")), repeat=3)[0]
    out["ratio_load_rdflib_over_oxigraph"] = round(out["load_rdflib_s"] / out["load_oxigraph_s"], 1)
    out["ratio_gaps_pyshacl_over_sparql_subset"] = round(out["subset_gaps_pyshacl_s"] / out["subset_gaps_sparql_s"], 1)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
