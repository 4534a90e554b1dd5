"""End to end: `mandato explore` (streamlit run) on 127.0.0.1, driven by Playwright in Debian's Chromium.

Needs /usr/bin/chromium (`apt-get install -y chromium`); Playwright's own browsers are never used.
Saves a screenshot of each page into tests/artifacts/screenshots/ (the README's screenshots are taken
on the full data by scripts/screenshots.py).
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
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
DEMO = ROOT / "tests" / "fixtures" / "graph" / "demo.ttl"
INDICATORS = ROOT / "tests" / "fixtures" / "graph" / "indicators.ttl"  # invented values, for the indicators page
WAIT = 60_000  # ms

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("explorer-browser") / "build"
    maturity = [*sorted((ROOT / "tests" / "fixtures" / "maturity").glob("URY-*.ttl")), DATA_DIR / "maturity" / "eclac2025-example.ttl",
                *sorted((DATA_DIR / "maturity" / "suggested").glob("*.ttl"))]  # the Maturity page: URY assessed twice, suggestions
    states = sorted((DATA_DIR / "subnational").glob("*.ttl"))  # the 83 states and provinces (no facts): their maps
    build(out, reason=False, data=[DATA_DIR / "jurisdictions.ttl", DEMO, INDICATORS, *maturity, *states])
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
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
        " && !document.querySelector('[data-stale=true]'); }",
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


AXE = ROOT / "explorer" / "editor" / "vendor" / "axe.min.js"
AXE_RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 2).map(n => n.html.slice(0, 120)).join(' | ')}`);
}"""
ALL_PAGES = ("overview", "country", "brief", "compare", "side", "indicators", "gaps", "laws", "library", "console", "search", "state")


def axe_violations(target, tries: int = 3) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations found by axe-core (npm, bundled at setup) in a page.

    Streamlit fades elements in after a run; a contrast finding measured during the fade is checked
    again once it has ended (up to `tries` times, 800 ms apart), so only lasting violations count.
    """
    target.add_script_tag(path=str(AXE))
    for _ in range(tries):
        found = target.evaluate(AXE_RUN)
        if not found:
            return []
        target.wait_for_timeout(800)
    return found


def editor_frame(tab):
    return tab.frame_locator("iframe[title*='sparql_editor']")


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

    go(page, "Compare", "Compare countries")
    expect(page.get_by_text("present", exact=False).first).to_be_visible()

    go(page, "Gaps", "Gap report")
    box = page.get_by_test_id("stSelectbox").filter(has_text="rule")
    box.locator("input").fill("Lead body without decision-making power")
    box.locator("input").press("Enter")
    expect(page.get_by_role("heading", name="Lead body without decision-making power")).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_text("Why this rule.", exact=False)).to_be_visible()
    expect(page.get_by_text("Motivating text", exact=False)).to_be_visible()
    assert "rule=LeadBodyShape-decisionPower" in page.url

    go(page, "Laws", "Legal instruments")
    expect(page.get_by_text("7 of 7 instruments")).to_be_visible()
    search = page.get_by_label("Search (title, name, number, IRI)")
    search.fill("firma")
    search.press("Enter")
    expect(page.get_by_text("2 of 7 instruments")).to_be_visible(timeout=WAIT)
    settle(page)
    assert "text=firma" in page.url

    # run a query from the library: labels next to IRIs
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


def test_search_opens_what_it_finds(server, page):
    page.goto(server + "/?lang=es")
    settle(page)
    box = page.get_by_label("Buscar órganos, leyes, soluciones, estrategias, países")
    box.fill("agencia fixture")  # a Spanish name, typed without its capitals
    box.press("Enter")
    expect(page.get_by_role("heading", name="Búsqueda", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    found = page.get_by_role("link", name="Agencia Fixture (FXA)").first
    expect(found).to_be_visible()
    assert "page=search" in page.url and "find=agencia" in page.url
    with page.context.expect_page(timeout=WAIT) as opened:  # Streamlit opens markdown links in a new tab
        found.click()
    expect(opened.value.get_by_role("heading", name="Uruguay", level=1)).to_be_visible(timeout=WAIT)
    opened.value.close()


def test_country_brief_downloads_as_html_and_pdf(server, page, tmp_path):
    page.goto(server + "/?page=brief&country=URY&lang=pt")
    expect(page.get_by_role("heading", name="Ficha do país", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    with page.expect_download(timeout=WAIT) as html_download:
        page.get_by_role("button", name="Baixar a ficha (HTML)").click()
    html = tmp_path / "brief.html"
    html_download.value.save_as(html)
    text = html.read_text(encoding="utf-8")
    assert '<html lang="pt">' in text and "Ficha do país: Uruguai" in text and "Agência Fixture" in text
    with page.expect_download(timeout=2 * WAIT) as pdf_download:  # a Chromium process prints it (slow on a loaded machine)
        page.get_by_role("button", name="Baixar a ficha (PDF)").click()
    pdf = tmp_path / "brief.pdf"
    pdf_download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 5_000
    shoot(page, "brief")


def test_side_by_side_and_indicators(server, page):
    page.goto(server + "/?page=side&sides=URY,CHL")
    expect(page.get_by_role("heading", name="Countries side by side", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    shoot(page, "side")
    page.goto(server + "/?page=indicators")
    expect(page.get_by_role("heading", name="Indicators: e-government and GovTech indices", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    # tests/fixtures/graph/indicators.ttl: ranks, series, distribution, relation with caveats
    expect(page.get_by_text("Caveats:", exact=False)).to_be_visible()
    expect(page.locator("[data-testid=stVegaLiteChart]").nth(3)).to_be_attached(timeout=WAIT)
    shoot(page, "indicators")


def test_yasgui_console_runs_and_refuses_an_update(server, page):
    page.goto(server + "/?page=console")
    expect(page.get_by_role("heading", name="SPARQL console", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    editor = editor_frame(page)
    expect(editor.locator(".CodeMirror")).to_be_visible(timeout=WAIT)  # YASGUI's editor, served by the explorer
    expect(editor.locator(".cm-keyword").first).to_be_visible()  # syntax highlighting
    editor.locator("#run").click()
    expect(editor.locator("#busy")).to_contain_text("2 rows", timeout=WAIT)
    expect(editor.locator(".yasr table").first).to_be_visible(timeout=WAIT)
    expect(editor.locator(".yasr").get_by_text("Fixture Agency (FXA)").first).to_be_visible()  # agencyLabel: label next to the IRI
    # the example gallery loads a stored query
    editor.locator("#examples").select_option("lead-agencies")
    expect(editor.locator(".CodeMirror")).to_contain_text("Lead digital government agencies")
    # and it runs as it is: fragments expanded, parameters at their defaults (a regression: INCLUDE was
    # left in the example and the console answered with a syntax error)
    editor.locator("#run").click()
    expect(editor.locator("#busy")).to_contain_text("rows", timeout=WAIT)
    expect(editor.locator(".yasr").get_by_text("Fixture Agency (FXA)").first).to_be_visible(timeout=WAIT)
    # prefix completion (offline, the project's own prefixes)
    editor.locator(".CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("PREFIX mty")
    expect(editor.locator(".CodeMirror-hints").get_by_text("mtype: <https://w3id.org/mandato/vocab/mandate-type/>")).to_be_visible(timeout=WAIT)
    page.keyboard.press("Escape")
    shoot(page, "console")
    # an update is refused before anything runs
    page.keyboard.press("Control+A")
    page.keyboard.type("INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }")
    editor.locator("#run").click()
    expect(page.get_by_text("Refused: SPARQL Update (INSERT) is not allowed", exact=False)).to_be_visible(timeout=WAIT)
    assert not axe_violations(page)
    frame = next(f for f in page.frames if "mandato_sparql_editor" in f.url)
    assert not axe_violations(frame)  # inside YASGUI's frame too (colours, labels of its controls)


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_accessibility_of_every_page(server, page, lang):
    """axe-core: no serious or critical WCAG 2.1 A/AA violation on any page; <html lang> is the interface language."""
    found = {}
    for name in ALL_PAGES:
        page.goto(f"{server}/?page={name}&lang={lang}&country=URY&find=Fixture")
        settle(page)
        page.wait_for_function(f"() => document.documentElement.lang === '{lang}'", timeout=10_000)
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert not found, found


@pytest.mark.parametrize("width", [390, 1280])
def test_layout_at_phone_and_laptop_widths(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        for name in ("overview", "country", "laws", "compare"):
            tab.goto(f"{server}/?page={name}&country=URY")
            settle(tab)
            main = tab.get_by_test_id("stMain").bounding_box()
            sidebar = tab.get_by_test_id("stSidebar").bounding_box()
            # the sidebar never covers the content: collapsed on a phone, beside it on a laptop
            assert sidebar is None or sidebar["width"] < 5 or sidebar["x"] + sidebar["width"] <= main["x"] + 1, (name, sidebar, main)
            heading = tab.get_by_role("heading", level=1).first.bounding_box()
            assert heading["x"] >= 0 and heading["x"] + min(heading["width"], width) <= width + 1, (name, heading)
            if name == "laws":  # the catalogue's year and status columns are on screen
                frame = tab.get_by_test_id("stDataFrame").first.bounding_box()
                assert frame["x"] + frame["width"] <= width + 1
        if width == 390:
            shoot(tab, "phone-country")
    finally:
        context.close()


def test_shared_url_and_bad_input(server, page):
    page.goto(server + "/?page=country&country=URY&lang=es")
    expect(page.get_by_role("heading", name="Órgano rector de gobierno digital")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("link", name="Agencia Fixture (FXA)").first).to_be_visible()
    page.goto(server + "/?page=country&country=XXX")
    expect(page.get_by_text("Unknown country code 'XXX'", exact=False)).to_be_visible(timeout=WAIT)
    # a query in the address is shown, not run, until the user presses Run
    page.goto(server + "/?page=console&editor=plain&sparql=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20%3Fp%20%7D")
    expect(page.get_by_text("This query comes from the link you opened", exact=False)).to_be_visible(timeout=WAIT)
    assert page.get_by_text("SPARQL syntax error").count() == 0  # a link never runs a query by itself
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.get_by_text("SPARQL syntax error at line 1", exact=False)).to_be_visible(timeout=WAIT)
    assert page.get_by_text("Traceback").count() == 0


def test_issue_11_language_switch_keeps_the_page_and_its_choices(server, page):
    """Regression: after switching language, the next choice sent the old language's label of each
    radio and selectbox, and the explorer fell back to the overview."""
    page.goto(server + "/?page=country&country=URY")
    expect(page.get_by_role("heading", name="Uruguay", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    language = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").last.locator("input")
    language.fill("Español")
    language.press("Enter")
    expect(page.get_by_role("heading", name="Órgano rector de gobierno digital")).to_be_visible(timeout=WAIT)
    settle(page)
    box = page.get_by_test_id("stSelectbox").filter(has_text="País").locator("input")
    box.fill("Chile")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Chile", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    assert "page=country" in page.url and "country=CHL" in page.url and "lang=es" in page.url


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


MAP_SHAPES = """() => { const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')];
  const svg = charts.length ? charts[charts.length - 1].querySelector('svg') : null;
  if (!svg) return 0;
  return [...svg.querySelectorAll('.mark-shape path')].filter(p => (p.getAttribute('d') || '').length > 50).length; }"""


def test_issue_14_the_states_of_the_three_federal_countries_on_their_maps(server, page):
    """The country profiles of Argentina, Brazil and Mexico draw the map of their states and provinces
    (shipped Natural Earth admin-1 shapes, offline), with the table of states linking to their pages."""
    for iso, name, count in (("ARG", "Argentina", 24), ("BRA", "Brazil", 27), ("MEX", "Mexico", 32)):
        page.goto(f"{server}/?page=country&country={iso}")
        expect(page.get_by_role("heading", name=name, level=1)).to_be_visible(timeout=WAIT)
        settle(page)
        expect(page.get_by_role("heading", name="States and provinces")).to_be_visible(timeout=WAIT)
        expect(page.get_by_text(f"{count} rows", exact=True)).to_be_visible(timeout=WAIT)
        page.wait_for_function(f"() => ({MAP_SHAPES})() == {count}", timeout=WAIT)  # one drawn shape per state
        shoot(page, f"states-{iso}")
    page.goto(f"{server}/?page=state&state=MX-JAL&lang=es")
    expect(page.get_by_role("heading", name="Jalisco", level=1)).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_text("Qué cubre cada tema hoy")).to_be_visible()
    assert page.get_by_text("Traceback").count() == 0
