"""`mandato explore`: start the Streamlit explorer (explorer/app.py) on the built graph.

By default the explorer reads the embedded store of build/ (or --build DIR); with --endpoint URL it
sends the same stored queries to a remote SPARQL endpoint instead. The server listens on 127.0.0.1
(--address to change) and collects no usage statistics. The command becomes the
Streamlit server (explorer/serve.py: `streamlit run explorer/app.py` plus a cache warm-up), so
stopping it stops the server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import UsageError
from .remote import seconds_option
from .paths import BUILD_DIR, BUILD_TRIG, EXPLORER_DIR, ROOT, relative

APP = EXPLORER_DIR / "app.py"
LAUNCHER = EXPLORER_DIR / "serve.py"  # `streamlit run explorer/app.py`, with the caches warmed meanwhile


def command(args) -> tuple[list[str], dict[str, str]]:
    """The streamlit command line and environment for these arguments (checked, not run)."""
    endpoint = (args.endpoint or "").strip()
    build_dir = Path(args.build)
    if endpoint:
        from .remote import check_url

        check_url(endpoint, "--endpoint")
    elif not (build_dir / BUILD_TRIG).is_file():
        raise UsageError(f"no build found at {relative(build_dir / BUILD_TRIG)}: run `mandato build` first, or pass --endpoint URL")
    if args.port is not None and not 1 <= args.port <= 65535:
        raise UsageError(f"--port must be between 1 and 65535, got {args.port}")
    if not APP.is_file() or not LAUNCHER.is_file():
        raise UsageError(f"the explorer is missing: {relative(APP)} not found")
    argv = [
        sys.executable, str(LAUNCHER),
        "--server.address", args.address,
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        "--theme.base", "light",
        # widgets are seeded from the URL through the Session State API and also given their
        # position (index=) so that a language switch keeps them: not a mistake, no warning
        "--global.disableWidgetStateDuplicationWarning", "true",
    ]
    if args.port is not None:
        argv += ["--server.port", str(args.port)]
    env = dict(os.environ)
    env["MANDATO_HOME"] = str(ROOT)
    env["MANDATO_BUILD"] = str(build_dir.resolve())
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    if endpoint:
        env["MANDATO_EXPLORER_ENDPOINT"] = endpoint
    else:
        env.pop("MANDATO_EXPLORER_ENDPOINT", None)
    env["MANDATO_EXPLORER_TIMEOUT"] = str(args.timeout)
    return argv, env


def wait_until_healthy(base: str, process, timeout: float = 60.0, poll: float = 0.05) -> float:
    """Poll the explorer's /_stcore/health until it answers 200; return the seconds waited.

    Raises RuntimeError if the process exits or the timeout passes first (used by tests and benchmarks).
    """
    import time
    import urllib.request

    started = time.perf_counter()
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        if process.poll() is not None or time.perf_counter() - started > timeout:
            raise RuntimeError(f"the explorer at {base} did not start")
        time.sleep(poll)


def stop_server(process, timeout: float = 15.0) -> None:
    """Stop an explorer started as a subprocess: terminate, and kill if it has not exited in time."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def cmd_explore(args) -> int:
    argv, env = command(args)
    if args.print_command:
        sys.stdout.write(" ".join(argv) + "\n")
        return 0
    sys.stdout.write(f"mandato explore: http://{args.address}:{args.port or 8501}/ (Ctrl-C to stop)\n")
    sys.stdout.flush()
    # Run the launcher in this process (same as `python explorer/serve.py ...`): a second interpreter
    # would import again what is already loaded, and the first page would be later.
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(EXPLORER_DIR.parent))
    from explorer import serve

    serve.main(argv[2:])
    return 0  # pragma: no cover - Streamlit exits the process


def register(subparsers) -> None:
    p = subparsers.add_parser("explore", help="open the explorer (Streamlit) on the built graph or a SPARQL endpoint")
    p.add_argument("--endpoint", help="remote SPARQL 1.1 query endpoint URL instead of the embedded store")
    p.add_argument("--build", default=str(BUILD_DIR), help="build folder of the embedded store (default: build/)")
    p.add_argument("--port", type=int, help="port to listen on (default: Streamlit's, 8501)")
    p.add_argument("--address", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--timeout", type=seconds_option, default=20.0, help="seconds before a remote query of the explorer is abandoned")
    p.add_argument("--print-command", action="store_true", help="print the streamlit command instead of running it")
    p.set_defaults(func=cmd_explore)
