"""`mandato`: the single entry point for people, tests and CI.

Exit codes: 0 success, 1 findings or non-conformance, 2 usage or input error (and any other failure:
an unreachable endpoint, a full disk, a bug). `main` is the one error boundary: every failure is
printed as one message naming the file and line (or row, IRI, URL), never as a traceback unless
`--debug` is given (or MANDATO_DEBUG=1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, MandatoError, describe_failure
from .paths import BUILD_DIR
from .remote import Deadline, seconds_option

DEFAULT_TIMEOUT = 60.0  # seconds for all the remote work of one command
LOAD_TIMEOUT = 300.0


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ------------------------------------------------------------------------------------------ commands
def cmd_build(args) -> int:
    from .build import build

    report = build(Path(args.out), reason=not args.no_reason, data=[Path(p) for p in args.data] if args.data else None, hermit=args.hermit)
    inferred = f", {report.inferred} inferred triples (rules)" if report.reasoned else " (inference skipped)"
    _print(f"built {args.out}/: {report.triples} triples in {report.graphs} named graphs{inferred}, {report.seconds:.1f} s")
    return EXIT_OK


def cmd_validate(args) -> int:
    from .validate import validate

    problems = validate(build_dir=Path(args.build) if args.build else None, data=[Path(p) for p in args.data] if args.data else None)
    if problems:
        _print("\n".join(problems))
        _print(f"{len(problems)} violation(s)")
        return EXIT_FINDINGS
    _print("conforms: all data satisfies the integrity shapes, and the shapes satisfy SHACL-SHACL")
    return EXIT_OK


def cmd_gaps(args) -> int:
    deadline = Deadline(args.timeout)  # the whole command's remote work, from its start
    from . import gaps
    from .jurisdictions import index_from_graph, index_from_store
    from .store import open_store

    if args.country:
        from .jurisdictions import parse_code

        parse_code(args.country, "--country")  # a malformed code is refused before any work
    if args.engine == "pyshacl":
        if args.endpoint:
            raise MandatoError("--engine pyshacl reads the source files; it cannot be combined with --endpoint")
        from .catalog import load_sources

        sources = load_sources()
        data = sources.data_graph()
        findings = gaps.run_pyshacl_engine(data, sources.ontology_graph(), args.lang)
        index = index_from_graph(data)
    else:
        store = open_store(args.endpoint, Path(args.build), timeout=args.timeout, deadline=deadline)
        notices: list[str] = []
        index = index_from_store(store)
        findings = gaps.run_sparql_engine(store, args.lang, notices=notices, index=index)
        for notice in notices:
            sys.stderr.write(f"mandato gaps: {notice}\n")
    findings = gaps.filter_findings(findings, args.country, args.tier, index)
    _print(gaps.render(findings, args.format).rstrip("\n"))
    return EXIT_FINDINGS if gaps.exceeds(findings, args.fail_on) else EXIT_OK


def cmd_query(args) -> int:
    deadline = Deadline(args.timeout)
    from . import queries
    from .render import render_result
    from .store import open_store

    if args.list or not args.name:
        for q in queries.list_queries():
            params = ", ".join(f"{p.name} ({p.kind})" for p in q.params)
            _print(f"{q.slug:32} {q.title}" + (f"  [params: {params}]" if params else ""))
        return EXIT_OK
    stored = queries.find_query(args.name)
    values = queries.parse_param_args(args.param or [])
    terms = queries.bind(stored, values)  # bad parameters fail before any store is opened
    text = stored.expanded(terms)
    if not stored.trusted:  # a .rq file from outside the project: the guard names the file if it refuses
        from .sparql_guard import require_read_only

        require_read_only(text, forms=("SELECT", "ASK"), source=str(stored.path))
    store = open_store(args.endpoint, Path(args.build), timeout=args.timeout, deadline=deadline)
    result = store.select(text, terms, timeout=args.timeout, trusted=True)  # checked just above
    _print(render_result(result, args.format).rstrip("\n"))
    return EXIT_OK


def cmd_fmt(args) -> int:
    from .fmt import committed_turtle_files, format_files

    paths = [Path(p) for p in args.files] or committed_turtle_files()
    changed = format_files(paths, check=args.check)
    if args.check:
        if changed:
            _print("not canonical (run `mandato fmt`):\n  " + "\n  ".join(changed))
            return EXIT_FINDINGS
        _print(f"{len(paths)} files are canonical")
        return EXIT_OK
    _print(f"reformatted {len(changed)} of {len(paths)} files" + (":\n  " + "\n  ".join(changed) if changed else ""))
    return EXIT_OK


def cmd_load(args) -> int:
    deadline = Deadline(args.timeout)
    from .httpauth import credentials_for
    from .load import load_build

    from .remote import check_url

    credentials = credentials_for(check_url(args.endpoint, "--endpoint"), args.user, args.password)
    report = load_build(args.endpoint, Path(args.build), replace=not args.append, update=args.update, store=args.store,
                        credentials=credentials, deadline=deadline)  # fmt: skip
    verb = "added to" if args.append else "replaced"
    dropped = f"; dropped {len(report.dropped)} graph(s) of the previous load that the build no longer has" if report.dropped else ""
    _print(f"loaded {len(report.graphs)} named graphs ({report.triples} triples, {verb}) into {report.targets.server or args.endpoint} "
           f"(Graph Store {report.targets.store}, queries at {report.targets.query}){dropped}")  # fmt: skip
    return EXIT_OK


# ------------------------------------------------------------------------------------------ parser
def _add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", help="remote SPARQL 1.1 query endpoint URL instead of the embedded store")
    parser.add_argument("--build", default=str(BUILD_DIR), help="build folder of the embedded store (default: build/)")
    parser.add_argument("--timeout", type=seconds_option, default=DEFAULT_TIMEOUT,
                        help=f"deadline in seconds for all the remote work of the command (default: {DEFAULT_TIMEOUT:g})")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="mandato", description="Who governs digital government in Latin America and the Caribbean.")
    root.add_argument("--version", action="version", version=f"mandato {__version__}")
    root.add_argument("--debug", action="store_true", help="show the Python traceback of a failure (also MANDATO_DEBUG=1; accepted after the command too)")
    sub = root.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="sources -> build/ (TriG with one named graph per source file, inferred triples)")
    p.add_argument("--out", default=str(BUILD_DIR), help="output folder (default: build/)")
    p.add_argument("--no-reason", action="store_true", help="skip the inference of the defined classes")
    p.add_argument("--hermit", action="store_true", help="also check ontology + data consistency with HermiT (needs Java)")
    p.add_argument("--data", nargs="+", metavar="PATH", help="build from these data folders or .ttl files instead of the packaged data/ (a folder is read like data/: every .ttl below it)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="check the data against the integrity shapes and the shapes against SHACL-SHACL")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--build", help="validate this build folder instead of the source files")
    group.add_argument("--data", nargs="+", metavar="PATH", help="validate these data files or folders instead of data/")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("gaps", help="the gap report (exit 0 when produced, unless --fail-on is met)")
    p.add_argument("--country", help="only this jurisdiction: a country (ISO3, with its states unless --tier national) or a state or province (ISO 3166-2, e.g. BR-SP)")
    p.add_argument("--tier", choices=("national", "subnational", "municipal", "all"), default="all", help="only the findings of this governance tier (default: all)")
    p.add_argument("--format", choices=("table", "csv", "json", "ttl"), default="table")
    p.add_argument("--fail-on", choices=("warning", "violation"), help="exit 1 if a finding of this severity or worse exists")
    p.add_argument("--lang", choices=("en", "es", "pt"), default="en", help="language of the messages")
    p.add_argument("--engine", choices=("sparql", "pyshacl"), default="sparql", help="SPARQL on the store (default) or pySHACL on the sources")
    _add_store_options(p)
    p.set_defaults(func=cmd_gaps)

    p = sub.add_parser("query", help="run a stored query from queries/ (or a .rq file) with bound parameters")
    p.add_argument("name", nargs="?", help="query file stem, e.g. lead-agencies, or a path to a .rq file")
    p.add_argument("--param", action="append", metavar="NAME=VALUE", help="bind a declared parameter (repeatable)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--list", action="store_true", help="list the stored queries")
    _add_store_options(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("fmt", help="rewrite committed .ttl files as canonical Turtle")
    p.add_argument("files", nargs="*", help="files to format (default: every .ttl in ontology/, shapes/, data/)")
    p.add_argument("--check", action="store_true", help="only report files that are not canonical (exit 1)")
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser("load", help="push the build to a SPARQL server, named graphs kept (staging graphs, then one switch)")
    p.add_argument("--endpoint", required=True, help="the server's SPARQL endpoint or base URL (Oxigraph and Virtuoso are recognised)")
    p.add_argument("--update", help="its SPARQL Update endpoint (default: the recognised server's)")
    p.add_argument("--store", help="its Graph Store Protocol endpoint (default: the recognised server's)")
    p.add_argument("--user", help="account allowed to write (or a ~/.netrc entry for the host)")
    p.add_argument("--password", help="its password")
    p.add_argument("--build", default=str(BUILD_DIR))
    p.add_argument("--append", action="store_true", help="add to existing graphs instead of replacing them")
    p.add_argument("--timeout", type=seconds_option, default=LOAD_TIMEOUT,
                   help=f"deadline in seconds for the whole load (default: {LOAD_TIMEOUT:g})")
    p.set_defaults(func=cmd_load)

    for register in _extensions():
        register(sub)
    return root


def _extensions():
    """Commands that live in their own modules (import, reconcile, coverage, explore, publish, maturity, audit, synth)."""
    import importlib

    for name in ("importers.cli", "reconcile", "coverage", "explore", "publish", "maturity", "audit", "synth"):
        try:
            module = importlib.import_module(f"mandato.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("mandato"):
                continue
            raise
        register = getattr(module, "register", None)
        if register:
            yield register


def main(argv: list[str] | None = None) -> int:
    """The error boundary: parse, run, and turn every failure into one message and an exit code."""
    import os

    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get("MANDATO_DEBUG", "") not in ("", "0")
    argv = [a for a in argv if a != "--debug"]
    for number, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            sys.stderr.write(f"mandato: error: argument {number} ({arg!r}) is not valid UTF-8 text\n")
            return EXIT_INPUT
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    if not debug:
        import logging

        # rdflib logs malformed terms with tracebacks; Mandato reports them itself, with file and line
        logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    args = parser().parse_args(argv)
    if not getattr(args, "func", None):
        parser().print_help()
        return EXIT_INPUT
    name = f"mandato {args.command}"
    try:
        return args.func(args)
    except KeyboardInterrupt:
        sys.stderr.write(f"{name}: interrupted\n")
        return EXIT_INPUT
    except BrokenPipeError:
        # the reader went away (`mandato query ... | head`): nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (no flush error at exit)
        return EXIT_OK
    except BaseException as exc:  # the one place a failure becomes a message
        if isinstance(exc, SystemExit):
            raise
        if debug:
            import traceback

            traceback.print_exc()
        message, code = describe_failure(exc)
        if not debug and not isinstance(exc, MandatoError):
            message += " (run again with --debug to see where)"
        sys.stderr.write(f"{name}: error: {message}\n")
        return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
