"""Reliability benchmarks, measured in one run on this machine (see BENCHMARKS.md).

- the SPARQL guard: one-time parser import, and the check of every stored query (cold cache);
- the well-formedness checks (IRIs, typed literals) that `validate` and `build` now run;
- remote work: the gap report over HTTP to a local `oxigraph serve` with mandato.remote, against the
  same 35 queries sent through SPARQLWrapper (what RemoteStore used before), for the ratio;
- deadlines: how long `mandato query --timeout 2` takes against a server that trickles a byte every
  0.3 s (a per-read timeout never fires there: urllib with timeout=2 is stopped by the bench at 10 s);
- bad input refused early: an import cell of 1e999999999 and a 60 MB CSV file.

Run: .venv/bin/python bench/bench_reliability.py   (needs the `oxigraph` server binary: pip install oxigraph)
"""

from __future__ import annotations

import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from faulty_server import FaultyServer  # noqa: E402

from mandato.paths import DATA_DIR  # noqa: E402


def seconds(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def bench_guard(out: dict) -> None:
    started = time.perf_counter()
    from mandato import sparql_guard
    from mandato.queries import list_queries
    from mandato.store import with_prologue

    sparql_guard.check("ASK {}")
    out["guard_first_use_s"] = round(time.perf_counter() - started, 3)
    texts = [with_prologue(q.text) for q in list_queries()]
    sparql_guard._check.cache_clear()
    elapsed, verdicts = seconds(lambda: [sparql_guard.check(t) for t in texts])
    out["guard_stored_queries"] = len(texts)
    out["guard_all_allowed"] = all(v.allowed for v in verdicts)
    out["guard_per_query_ms"] = round(1000 * elapsed / len(texts), 1)
    elapsed, _ = seconds(lambda: [sparql_guard.check(t) for t in texts])
    out["guard_cached_per_query_ms"] = round(1000 * elapsed / len(texts), 3)


def bench_terms(out: dict) -> None:
    from mandato.catalog import check_terms, load_sources

    elapsed, sources = seconds(load_sources)
    out["load_sources_s"] = round(elapsed, 2)
    out["source_triples"] = sum(len(s.graph) for s in sources.all)
    elapsed, _ = seconds(lambda: check_terms(sources))
    out["check_terms_s"] = round(elapsed, 3)


def bench_remote(out: dict, build: Path) -> None:
    from mandato.cli import main
    from mandato.gaps import compile_all, run_sparql_engine
    from mandato.store import RemoteStore

    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    with socket_port() as port:
        pass
    server = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        assert main(["load", "--endpoint", base, "--build", str(build)]) == 0
        compiled = compile_all()
        store = RemoteStore(f"{base}/query", timeout=60)
        run_sparql_engine(store, compiled=compiled)  # warm
        ours, findings = seconds(lambda: run_sparql_engine(store, compiled=compiled))
        out["remote_gaps_queries"] = len(compiled)
        out["remote_gaps_findings"] = len(findings)
        out["remote_gaps_s"] = round(ours, 3)
        try:
            from SPARQLWrapper import JSON, SPARQLWrapper
        except ImportError:
            out["remote_gaps_sparqlwrapper_s"] = None
            return

        def wrapper_run():
            rows = 0
            for item in compiled:
                w = SPARQLWrapper(f"{base}/query")
                w.setQuery(item.query)
                w.setReturnFormat(JSON)
                w.setMethod("POST")
                rows += len(w.query().convert()["results"]["bindings"])
            return rows

        wrapper_run()
        theirs, _ = seconds(wrapper_run)
        out["remote_gaps_sparqlwrapper_s"] = round(theirs, 3)
        out["ratio_remote_ours_over_sparqlwrapper"] = round(ours / theirs, 2)
    finally:
        server.terminate()
        server.wait(10)


class socket_port:
    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]

    def __exit__(self, *exc) -> None:
        self.sock.close()


def bench_deadline(out: dict, tmp: Path) -> None:
    rq = tmp / "n.rq"
    rq.write_text("# title: n\n# question: n\nSELECT ?n WHERE { ?s ?p ?n }\n", encoding="utf-8")
    with FaultyServer("trickle-body", interval=0.3) as server:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mandato.cli", "query", str(rq), "--endpoint", server.url, "--timeout", "2"],
                              capture_output=True, text=True, timeout=60)
        out["trickle_query_timeout_2_s"] = round(time.perf_counter() - started, 2)
        out["trickle_query_exit"] = done.returncode
    with FaultyServer("trickle-body", interval=0.3) as server:
        finished = []

        def per_read_timeout():
            try:
                urllib.request.urlopen(urllib.request.Request(server.url, data=b"query=x"), timeout=2).read()
            except OSError:
                pass
            finished.append(time.perf_counter())

        started = time.perf_counter()
        thread = threading.Thread(target=per_read_timeout, daemon=True)
        thread.start()
        thread.join(10)
        out["trickle_urllib_timeout_2_s"] = round(finished[0] - started, 2) if finished else "> 10 (still reading)"


def bench_refusals(out: dict, tmp: Path) -> None:
    from mandato.cli import main

    csv = tmp / "unegov.csv"
    csv.write_text("country_iso3,country,survey_year,egdi_rank,egdi,epi,osi,hci,tii\nURY,Uruguay,2022,35,1e999999999,0.5,0.7,0.8,0.8\n", encoding="utf-8")
    elapsed, code = seconds(lambda: main(["import", "unegov", str(csv), "--out", str(tmp / "imports")]))
    out["import_huge_exponent_refused_ms"] = round(1000 * elapsed)
    out["import_huge_exponent_exit"] = code
    with open(tmp / "big.csv", "wb") as stream:
        stream.write(b"country_iso3,country,survey_year,egdi_rank,egdi,epi,osi,hci,tii\n")
        stream.truncate(200 * 1024 * 1024)
    elapsed, code = seconds(lambda: main(["import", "unegov", str(tmp / "big.csv"), "--out", str(tmp / "imports")]))
    out["import_200mb_refused_ms"] = round(1000 * elapsed)
    out["import_200mb_exit"] = code


def main() -> None:
    from mandato.build import build

    out: dict = {"machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}, {sys.platform}"}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        bench_guard(out)
        bench_terms(out)
        build(tmp / "build", reason=False)
        bench_remote(out, tmp / "build")
        bench_deadline(out, tmp)
        bench_refusals(out, tmp)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    with open("/proc/loadavg") as stream:
        out["load_average"] = stream.read().split()[0]
    target = ROOT / "bench" / "results" / "reliability.json"
    target.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
