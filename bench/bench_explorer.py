"""Benchmark the explorer on the full 33-country graph, in a real headless Chromium.

Targets (issue 11): first page ready within 2 s of `mandato explore`; any page change or filter within
300 ms at the 95th percentile with warm caches; the first visit of a country's profile in any
language within 600 ms. Measured, not asserted:

- start: from spawning `mandato explore` to the overview drawn (title, figures and map) in the
  browser, which is already open, as an analyst's would be; also the time until /_stcore/health
  answers;
- page changes: clicking each page in the sidebar until the new page's script run has finished and
  its title is on screen (first visit, then repeated visits once the caches are warm);
- filters: a subregion and a year on Compare, a search on Laws, grouping on Gaps, a country on
  the profile, a query on the library, an indicator on Indicators, a search in the sidebar;
- first visits of countries: in English, Spanish and Portuguese, profiles of countries not yet
  shown in that language, each timed from choosing the country to the profile drawn.

Usage: .venv/bin/python bench/bench_explorer.py [--rounds 5] [--out bench/results/explorer.json] [--build DIR]
The build is made from data/ into a temporary folder (integrity checks off: this measures speed),
or, with --build, an existing build folder is used as it is (e.g. build/ while data/ is being edited).
Needs Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from playwright.sync_api import sync_playwright  # noqa: E402

from mandato.build import build  # noqa: E402
from mandato.explore import stop_server, wait_until_healthy  # noqa: E402
from mandato.paths import relative  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
PAGES = [("Country profile", "Lead digital government body"), ("Country brief", "Country brief"), ("Compare", "Compare countries"),
         ("Side by side", "Countries side by side"), ("Indicators", "Indicators: e-government and GovTech indices"),
         ("Gaps", "Gap report"), ("Laws", "Legal instruments"), ("Query library", "Query library"), ("SPARQL console", "SPARQL console"),
         ("Search", "Search"), ("Overview", "Digital government governance in LAC")]
# first visits of a profile per language: (language name in the selector, heading of the profile's lead section, countries)
VISITED = ["PER", "COL", "BOL", "PRY", "ECU"]
LANGUAGE_VISITS = [("Español", "Órgano rector de gobierno digital", "País", ["Perú", "Colombia", "Bolivia", "Paraguay", "Ecuador"]),
                   ("Português", "Órgão líder de governo digital", "País", ["Peru", "Colômbia", "Bolívia", "Paraguai", "Equador"]),
                   ("English", "Lead digital government body", "Country", ["Peru", "Colombia", "Bolivia", "Paraguay", "Ecuador"])]
OBSERVER = """() => {
  window.__states = [];
  const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(ms => { for (const m of ms) window.__states.push([performance.now(), m.target.getAttribute('data-test-script-state')]); })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
# Finished: the script is idle and the text the action should bring is on screen (or, without a
# text, a running -> notRunning cycle was seen; a very quick run may not show 'running' at all).
RUN_FINISHED = """([t0, text]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (text && text.startsWith('url:')) return decodeURIComponent(location.search).includes(text.slice(4));
  if (text) { const main = document.querySelector('[data-testid=stMain]'); return !!main && main.innerText.includes(text); }
  const s = (window.__states || []).filter(x => x[0] >= t0);
  const r = s.findIndex(x => x[1] === 'running');
  return r >= 0 && s.slice(r).some(x => x[1] === 'notRunning');
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "?")
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    import streamlit

    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(int(memory) / 1024**2, 1),
        "os": platform.platform(), "python": platform.python_version(), "streamlit": streamlit.__version__, "browser": chromium,
    }


IDLE = "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') === 'notRunning'"


def click(locator):
    """Click through the DOM (as a user's click), so that Playwright's own checks are not timed."""
    return lambda: locator.evaluate("el => el.click()")


def timed(tab, action, ready: str | None = None, what: str = "", prepare=None) -> float:
    """Milliseconds from an action to the end of the script run it caused (and `ready` on screen)."""
    tab.wait_for_function(IDLE, timeout=60_000, polling=16)
    if prepare:
        prepare()
    t0 = tab.evaluate("performance.now()")
    action()
    try:
        tab.wait_for_function(RUN_FINISHED, arg=[t0, ready], timeout=30_000, polling=16)
    except Exception as exc:  # noqa: BLE001 - name the step that hung
        tab.screenshot(path="/tmp/bench-explorer-failure.png")
        raise SystemExit(f"no script run finished after: {what or ready} ({exc.__class__.__name__}); screenshot /tmp/bench-explorer-failure.png")
    return tab.evaluate("performance.now()") - t0


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"n": len(values), "median_ms": round(statistics.median(ordered)), "max_ms": round(ordered[-1]),
            "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))])}


def start_and_open(tab, build_dir: Path) -> tuple[subprocess.Popen, str, dict]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mandato.cli", "explore", "--build", str(build_dir), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(ROOT))
    try:
        wait_until_healthy(base, process, timeout=60, poll=0.02)
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from exc
    health = time.perf_counter() - started
    tab.goto(base + "/")
    tab.get_by_role("heading", name="Digital government governance in LAC", level=1).wait_for(timeout=60_000)
    tab.locator("[data-testid=stMetric]").first.wait_for(timeout=60_000)
    tab.locator("[data-testid=stVegaLiteChart] svg, [data-testid=stVegaLiteChart] canvas").first.wait_for(timeout=60_000)
    tab.wait_for_function("() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') === 'notRunning'",
                          timeout=60_000, polling=16)
    ready = time.perf_counter() - started
    return process, base, {"health_s": round(health, 2), "first_page_s": round(ready, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="visits of every page once the caches are warm")
    parser.add_argument("--starts", type=int, default=3, help="cold starts of `mandato explore` to time")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "explorer.json"))
    parser.add_argument("--build", help="use this existing build folder instead of building data/")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-explorer-") as tmp:
        if args.build:
            build_dir = Path(args.build).resolve()
            info = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
            graph = {"triples": info.get("triples"), "named_graphs": info.get("graphs"), "build": relative(build_dir)}
        else:
            build_dir = Path(tmp) / "build"
            report = build(build_dir, reason=False, check=False)
            graph = {"triples": report.triples, "named_graphs": report.graphs}
        graph["countries"] = len(list((ROOT / "data" / "countries").glob("*.ttl")))
        figures: dict = {"machine": machine(), "graph": graph}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            figures["load_average_before"] = [round(v, 2) for v in os.getloadavg()]
            starts = []
            for _ in range(args.starts):
                context = browser.new_context(viewport={"width": 1400, "height": 1200})
                tab = context.new_page()
                process, base, start = start_and_open(tab, build_dir)
                starts.append(start)
                context.close()
                stop_server(process)
            figures["start"] = {
                "runs": starts,
                "first_page_median_s": statistics.median(s["first_page_s"] for s in starts),
                "first_page_max_s": max(s["first_page_s"] for s in starts),
            }

            context = browser.new_context(viewport={"width": 1400, "height": 1200})
            tab = context.new_page()
            process, base, _ = start_and_open(tab, build_dir)
            try:
                interactions(tab, args.rounds, figures)
            finally:
                context.close()
                stop_server(process)
            browser.close()
        figures["load_average_after"] = [round(v, 2) for v in os.getloadavg()]

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render(figures))
    print(f"\nwritten to {out}")
    return 0


def interactions(tab, rounds: int, figures: dict) -> None:
    """Page changes and filters, each timed from the click or key press to the end of its run."""
    tab.evaluate(OBSERVER)
    sidebar = tab.get_by_test_id("stSidebar")
    first_visit, warm = {}, {}
    for round_ in range(rounds + 1):
        for label, heading in PAGES:
            ms = timed(tab, click(sidebar.get_by_text(label, exact=True)), heading, what=label)
            if round_ == 0:
                first_visit[label] = ms
            else:
                warm.setdefault(label, []).append(ms)
    figures["page_change_first_visit_ms"] = {k: round(v) for k, v in first_visit.items()}
    figures["page_change_warm"] = {k: summary(v) for k, v in warm.items()}
    figures["page_change_warm_all"] = summary([v for values in warm.values() for v in values])

    filters: dict[str, list[float]] = {}

    def measure(name: str, action, ready: str | None = None, prepare=None) -> None:
        filters.setdefault(name, []).append(timed(tab, action, ready, what=name, prepare=prepare))

    def choose(box_label: str, option: str):
        box = tab.get_by_test_id("stSelectbox").filter(has_text=box_label).locator("input")
        return (lambda: box.fill(option)), (lambda: box.press("Enter"))

    now = int(tab.evaluate("new Date().getFullYear()"))
    for round_ in range(rounds):
        timed(tab, click(sidebar.get_by_text("Compare", exact=True)), "Compare countries")
        region = "Caribbean" if round_ % 2 == 0 else "South America"
        prepare, action = choose("Subregion", region)
        measure("compare: subregion", action, "url:region=caribbean" if region == "Caribbean" else "url:region=south-america", prepare=prepare)
        matrix, code = ("countries × solution types", "soltype") if round_ % 2 == 0 else ("countries × governance aspects", "aspect")
        measure("compare: matrix", click(tab.get_by_text(matrix)), f"url:dim={code}")
        slider = tab.get_by_role("slider")
        measure("compare: year", lambda: slider.press("ArrowLeft"), f"As of {now - round_ - 1}", prepare=slider.focus)
        timed(tab, click(sidebar.get_by_text("Laws", exact=True)), "Legal instruments")
        search = tab.get_by_label("Search (title, name, number, IRI)")
        word = "ley" if round_ % 2 == 0 else "decree"
        measure("laws: search", lambda: search.press("Enter"), f"url:text={word}", prepare=lambda w=word: search.fill(w))
        timed(tab, click(sidebar.get_by_text("Gaps", exact=True)), "Gap report")
        grouping = "country" if round_ % 2 == 0 else "rule"
        measure("gaps: group by", click(tab.get_by_test_id("stRadio").filter(has_text="Group by").get_by_text(grouping, exact=True)),
                "Choose a country above" if grouping == "country" else "Why this rule.")
        timed(tab, click(sidebar.get_by_text("Country profile", exact=True)), "Lead digital government body")
        country, iso = [("Uruguay", "URY"), ("Brazil", "BRA"), ("Mexico", "MEX"), ("Jamaica", "JAM"), ("Chile", "CHL")][round_ % 5]
        prepare, action = choose("Country", country)
        measure("profile: country", action, f"url:country={iso}", prepare=prepare)
        timed(tab, click(sidebar.get_by_text("Query library", exact=True)), "Query library")
        title, question = [("Lead digital government agencies", "holds the lead digital government mandate"),
                           ("Laws in force by topic", "cover each legal topic")][round_ % 2]
        prepare, action = choose("Query", title)
        measure("library: query", action, question, prepare=prepare)
    for round_ in range(rounds):
        timed(tab, click(sidebar.get_by_text("Indicators", exact=True)), "Indicators: e-government")
        name, code = [("UN E-Participation Index", "epi"), ("UN E-Government Development Index", "egdi")][round_ % 2]
        prepare, action = choose("Indicator", name)
        measure("indicators: indicator", action, f"url:ind={code}", prepare=prepare)
        box = sidebar.get_by_label("Search bodies, laws, solutions, strategies, countries")
        word = ["agesic", "firma digital", "Ley 18.331", "gobierno digital", "SERPRO"][round_ % 5]
        measure("sidebar search", lambda: box.press("Enter"), "url:find=", prepare=lambda w=word: box.fill(w))
    figures["filters"] = {k: summary(v) for k, v in filters.items()}
    figures["filters_all"] = summary([v for values in filters.values() for v in values])
    warm_all = [v for values in warm.values() for v in values] + [v for values in filters.values() for v in values]
    figures["interactions_warm_all"] = summary(warm_all)

    # first visit of a country's profile in each language (countries not yet shown in that language)
    visits: dict[str, list[float]] = {}
    timed(tab, click(sidebar.get_by_text("Country profile", exact=True)), "Lead digital government body")
    for language, heading, label, countries in LANGUAGE_VISITS:
        lang_box = sidebar.get_by_test_id("stSelectbox").last.locator("input")
        timed(tab, lambda b=lang_box, lang=language: (b.fill(lang), b.press("Enter")), heading, what=f"language {language}")
        for country, iso in zip(countries, VISITED):
            prepare, action = choose(label, country)
            visits.setdefault(language, []).append(timed(tab, action, f"url:country={iso}", prepare=prepare, what=f"{language} {country}"))
    figures["first_visit_of_a_country"] = {k: summary(v) for k, v in visits.items()}
    figures["first_visit_of_a_country_all"] = summary([v for values in visits.values() for v in values])


def render(figures: dict) -> str:
    m = figures["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; Python {m['python']}; Streamlit {m['streamlit']}; {m['browser']}",
        f"Graph: {figures['graph']['triples']} triples, {figures['graph']['named_graphs']} named graphs, {figures['graph']['countries']} country files",
        f"Load average (1, 5, 15 min) before: {figures.get('load_average_before')}, after: {figures.get('load_average_after')}",
        "",
        "| measure | median | max | target |",
        "|---|---|---|---|",
        f"| `mandato explore` to first page drawn | {figures['start']['first_page_median_s']:.2f} s | {figures['start']['first_page_max_s']:.2f} s | 2 s |",
        f"| every warm interaction (page changes and filters), p95 | {figures['interactions_warm_all']['median_ms']} ms | {figures['interactions_warm_all']['max_ms']} ms (p95 {figures['interactions_warm_all']['p95_ms']} ms) | 300 ms p95 |",
    ]
    for label, s in figures["first_visit_of_a_country"].items():
        lines.append(f"| first visit of a country, {label} | {s['median_ms']} ms | {s['max_ms']} ms | 600 ms |")
    for label, ms in figures["page_change_first_visit_ms"].items():
        lines.append(f"| page change, first visit: {label} | {ms} ms | | |")
    for label, s in figures["page_change_warm"].items():
        lines.append(f"| page change, warm: {label} | {s['median_ms']} ms | {s['max_ms']} ms | 300 ms |")
    for label, s in figures["filters"].items():
        lines.append(f"| filter: {label} | {s['median_ms']} ms | {s['max_ms']} ms | 300 ms |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
