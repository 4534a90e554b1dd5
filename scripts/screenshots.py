"""Take the README's screenshots of the explorer on the full data (docs/screenshots/*.png).

Usage: .venv/bin/python scripts/screenshots.py [--build build]
Starts `mandato explore` on 127.0.0.1 (a free port) with the given build (default build/, made by
`mandato build`), opens each page in Debian's headless Chromium at 1400 px (and the profile at 390 px),
waits until the page has settled and saves it. Nothing is fetched from outside.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from playwright.sync_api import sync_playwright  # noqa: E402

from mandato.explore import stop_server, wait_until_healthy  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
SETTLED = ("() => { const a = document.querySelector('[data-testid=stApp]');"
           " return a && a.getAttribute('data-test-script-state') === 'notRunning' && !document.querySelector('[data-stale=true]'); }")
SHOTS = [
    ("overview", "/?page=overview", 1400),
    ("country", "/?page=country&country=BRA", 1400),
    ("brief", "/?page=brief&country=URY&lang=es", 1400),
    ("compare", "/?page=compare&dim=aspect", 1400),
    ("side", "/?page=side&sides=URY,CHL,BRA,MEX", 1400),
    ("indicators", "/?page=indicators&ind=egdi", 1400),
    ("gaps", "/?page=gaps&rule=LeadBodyShape-decisionPower", 1400),
    ("maturity", "/?page=maturity", 1400),
    ("laws", "/?page=laws&text=firma", 1400),
    ("library", "/?page=library&q=lead-agencies", 1400),
    ("search", "/?page=search&find=gobierno%20digital&lang=es", 1400),
    ("phone-country", "/?page=country&country=URY&lang=pt", 390),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "mandato.cli", "explore", "--build", args.build, "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(ROOT))
    try:
        wait_until_healthy(base, process, timeout=90, poll=0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, path, width in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": 1400 if width > 500 else 844})
                tab = context.new_page()
                tab.goto(base + path)
                tab.wait_for_function(SETTLED, timeout=90_000)
                tab.wait_for_timeout(1500)
                tab.screenshot(path=str(out / f"{name}.png"))
                context.close()
            context = browser.new_context(viewport={"width": 1400, "height": 1400})
            tab = context.new_page()
            tab.goto(base + "/?page=console")
            tab.wait_for_function(SETTLED, timeout=90_000)
            editor = tab.frame_locator("iframe[title*='sparql_editor']")
            editor.locator("#examples").select_option("lead-agencies")
            editor.locator("#run").click()
            editor.locator(".yasr table").first.wait_for(timeout=60_000)
            tab.wait_for_timeout(1500)
            tab.screenshot(path=str(out / "console.png"))
            browser.close()
    finally:
        stop_server(process)
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
