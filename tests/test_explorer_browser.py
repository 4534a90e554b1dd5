"""End to end: `mandato explore` (streamlit run) on 127.0.0.1, driven by Playwright in Debian's Chromium.

Needs /usr/bin/chromium (`apt-get install -y chromium`); Playwright's own browsers are never used.
Saves a screenshot of each page into docs/screenshots/<page>.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import free_port
from mandato.build import build
from mandato.explore import stop_server, wait_until_healthy
from mandato.paths import DATA_DIR, ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "docs" / "screenshots"
DEMO = ROOT / "tests" / "fixtures" / "graph" / "demo.ttl"
WAIT = 60_000  # ms

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("explorer-browser") / "build"
    maturity = [*sorted((ROOT / "tests" / "fixtures" / "maturity").glob("URY-*.ttl")), DATA_DIR / "maturity" / "eclac2025-example.ttl",
                *sorted((DATA_DIR / "maturity" / "suggested").glob("*.ttl"))]  # the Maturity page: URY assessed twice, suggestions
    build(out, reason=False, data=[DATA_DIR / "jurisdictions.ttl", DEMO, *maturity])
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "MANDATO_EXPLORER_ENDPOINT"}
    log = open(out.parent / "streamlit.log", "w")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [sys.executable, "-m", "mandato.cli", "explore", "--build", str(out), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process, timeout=60, poll=0.2)
    except RuntimeError:
        process.kill()
        log.close()
        raise AssertionError(f"the explorer did not start: {(out.parent / 'streamlit.log').read_text()[-2000:]}") from None
    yield base
    stop_server(process)
    log.close()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's Chromium is needed: apt-get install -y chromium"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    tab = context.new_page()
    external = []
    tab.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    yield tab
    context.close()
    assert external == [], f"the explorer fetched from outside: {external[:5]}"


def settle(tab) -> None:
    """Wait until the script has finished its run and the page has drawn."""
    tab.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'; }",
        timeout=WAIT,
    )
    tab.wait_for_timeout(400)


def go(tab, label: str, heading: str) -> None:
    tab.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()
    expect(tab.get_by_role("heading", name=heading, level=1)).to_be_visible(timeout=WAIT)
    settle(tab)


def shoot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_every_page_in_a_real_browser(server, page):
    page.goto(server + "/")
    expect(page.get_by_role("heading", name="Digital government governance in LAC")).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="with a lead body")).to_contain_text("6%")
    expect(page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first).to_be_visible(timeout=WAIT)
    shoot(page, "overview")

    # clicking a country on the map opens its profile
    chart = page.get_by_test_id("stVegaLiteChart").first.bounding_box()
    page.mouse.click(chart["x"] + chart["width"] * 0.62, chart["y"] + chart["height"] * 0.5)  # Brazil
    expect(page.get_by_role("heading", name="Brazil", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    assert "country=BRA" in page.url

    # select a country: the profile shows its lead body and a source link
    box = page.get_by_test_id("stSelectbox").filter(has_text="Country")
    box.locator("input").fill("Uruguay")
    box.locator("input").press("Enter")
    expect(page.get_by_role("heading", name="Uruguay", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    lead = page.get_by_role("link", name="Fixture Agency (FXA)").first
    expect(lead).to_have_attribute("href", "https://w3id.org/mandato/id/body/URY-fx-agency")
    expect(page.locator("a[href='https://example.org/fixture/lead']").first).to_be_visible()
    assert "country=URY" in page.url
    shoot(page, "country")

    go(page, "Compare", "Compare countries")
    expect(page.get_by_text("present", exact=False).first).to_be_visible()
    shoot(page, "compare")

    go(page, "Gaps", "Gap report")
    box = page.get_by_test_id("stSelectbox").filter(has_text="rule")
    box.locator("input").fill("Lead body without decision-making power")
    box.locator("input").press("Enter")
    expect(page.get_by_role("heading", name="Lead body without decision-making power")).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_text("Why this rule.", exact=False)).to_be_visible()
    expect(page.get_by_text("Motivating text", exact=False)).to_be_visible()
    assert "rule=LeadBodyShape-decisionPower" in page.url
    shoot(page, "gaps")

    go(page, "Laws", "Legal instruments")
    expect(page.get_by_text("7 of 7 instruments")).to_be_visible()
    search = page.get_by_label("Search (title, name, number, IRI)")
    search.fill("firma")
    search.press("Enter")
    expect(page.get_by_text("2 of 7 instruments")).to_be_visible(timeout=WAIT)
    settle(page)
    assert "text=firma" in page.url
    shoot(page, "laws")

    # run a query from the library
    go(page, "Query library", "Query library")
    box = page.get_by_test_id("stSelectbox").filter(has_text="Query")
    box.locator("input").fill("Lead digital government agencies")
    box.locator("input").press("Enter")
    expect(page.get_by_text("Which public body holds the lead digital government mandate", exact=False).first).to_be_visible(timeout=WAIT)
    settle(page)
    page.get_by_role("button", name="Run query").click()
    settle(page)
    expect(page.get_by_text("33 rows", exact=True)).to_be_visible(timeout=WAIT)  # one per country
    assert "q=lead-agencies" in page.url
    shoot(page, "library")

    # the console runs SELECT and refuses an update
    go(page, "SPARQL console", "SPARQL console")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.get_by_text("2 rows", exact=True)).to_be_visible(timeout=WAIT)
    shoot(page, "console")
    area = page.locator("textarea")
    area.fill("PREFIX ex: <https://example.org/>\nINSERT DATA { ex:a ex:b ex:c }")
    area.blur()
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.get_by_text("Refused: SPARQL Update (INSERT) is not allowed", exact=False)).to_be_visible(timeout=WAIT)


def test_shared_url_and_bad_input(server, page):
    page.goto(server + "/?page=country&country=URY&lang=es")
    expect(page.get_by_role("heading", name="Órgano rector de gobierno digital")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("link", name="Agencia Fixture (FXA)").first).to_be_visible()
    page.goto(server + "/?page=country&country=XXX")
    expect(page.get_by_text("Unknown country code 'XXX'", exact=False)).to_be_visible(timeout=WAIT)
    page.goto(server + "/?page=console&sparql=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20%3Fp%20%7D")
    expect(page.get_by_text("SPARQL syntax error at line 1", exact=False)).to_be_visible(timeout=WAIT)
    assert page.get_by_text("Traceback").count() == 0


def test_maturity_page_draws_the_radar(server, page):
    page.goto(server + "/?page=maturity")
    expect(page.get_by_role("heading", name="Digital government maturity", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    chart = page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first
    expect(chart).to_be_visible(timeout=WAIT)
    # the radar is drawn: besides the grey grid, the series (2024, 2025, suggested) are lines of their own colours
    colours = page.evaluate(
        """() => { const svg = document.querySelector('[data-testid=stVegaLiteChart] svg');
        if (svg) { const seen = new Set();
          svg.querySelectorAll('g.mark-line path').forEach(p => { const s = p.getAttribute('stroke');
            if (s && !/^#(c0c0c0|d0d0d0)$/i.test(s)) seen.add(s); });
          return [...seen]; }
        const c = document.querySelector('[data-testid=stVegaLiteChart] canvas'); if (!c) return [];
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const seen = new Set();
        for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 200 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60)
          seen.add(`${d[i] >> 4},${d[i + 1] >> 4},${d[i + 2] >> 4}`); }
        return [...seen]; }""")
    assert len(colours) >= 3, f"the radar draws {colours}"
    expect(page.get_by_text("URY suggested, 2026-12-07").first).to_be_visible()
    expect(page.locator("[data-testid=stDataFrame] canvas").first).to_be_visible(timeout=WAIT)  # the tables are drawn too
    page.wait_for_timeout(500)
    shoot(page, "maturity")
    page.goto(server + "/?page=maturity&mview=region")
    expect(page.get_by_text("Suggested component averages of the 33 countries", exact=False).first).to_be_visible(timeout=WAIT)
    assert page.get_by_text("Traceback").count() == 0
