"""`mandato maturity template | import | report | suggest`: the ECLAC maturity assessment workflow."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_OK, UsageError
from ..paths import relative


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_template(args) -> int:
    from .assessment import write_atomically
    from .checklist import template
    from .instrument import load_instrument

    text = template(load_instrument(), with_text=args.with_text, lang=args.lang)
    if args.out and args.out != "-":
        path = Path(args.out)
        if path.exists() and not args.force:
            raise UsageError(f"{relative(path)} exists; pass --force to overwrite it")
        write_atomically(path, text)
        sys.stderr.write(f"wrote {relative(path)}: one row per variable (35); fill in score (1-4), evidence and source\n")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_import(args) -> int:
    from .assessment import MATURITY_DIR, import_checklist

    report = import_checklist(Path(args.file), args.jurisdiction, args.year, args.assessor, on=args.date,
                              out_dir=Path(args.dir) if args.dir else MATURITY_DIR, replace=args.replace)
    verb = "replaced" if report.replaced else "wrote"
    _out(f"{verb} {relative(report.path)}: {report.scores} variable scores of {report.assessment}")
    return EXIT_OK


def cmd_report(args) -> int:
    from ..reconcile import store_from_args
    from .report import build_report, render

    year = _year(args.year)
    store = store_from_args(args)
    _out(render(build_report(store, args.jurisdiction, year), args.format, args.lang))
    return EXIT_OK


def cmd_suggest(args) -> int:
    from datetime import date

    from ..reconcile import store_from_args
    from .assessment import parse_date
    from .suggest import SUGGESTED_DIR, render, suggest, write

    today = date.today()
    if args.as_of:
        as_of = parse_date(args.as_of, date.max)
    else:
        as_of = today
    if bool(args.country) == bool(args.all):
        raise UsageError("give one country code (ISO3), or --all for every country")
    store = store_from_args(args)
    items = suggest(store, as_of, None if args.all else [args.country])
    if args.write:
        paths = write(items, Path(args.dir) if args.dir else SUGGESTED_DIR)
        folder = relative(paths[0].parent) if paths else ""
        sys.stderr.write(f"wrote {len(paths)} suggested profile(s) as of {as_of.isoformat()} to {folder}/\n")
        if args.all and not args.format_given:
            return EXIT_OK
    _out(render(items, args.format, args.lang))
    return EXIT_OK


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.strip().isdigit() or len(raw.strip()) != 4:
        raise UsageError(f"--year takes a four-digit year, got {raw!r}")
    return int(raw)


def _suggest_defaults(args) -> int:
    args.format_given = args.format is not None
    args.format = args.format or "table"
    return cmd_suggest(args)


def register(subparsers) -> None:
    from ..reconcile import add_store_options

    root = subparsers.add_parser(
        "maturity",
        help="the ECLAC maturity instrument: checklist template, import an assessment, report, suggested levels",
        description=(
            "The 35-variable ECLAC digital government maturity instrument (ontology/maturity.ttl). "
            "Workflow: `template` writes the checklist CSV; `import` turns a filled-in checklist into an assessment of a "
            "jurisdiction for a year (data/maturity/{CODE}-{YEAR}.ttl, one named graph); `report` prints "
            "its scores, component and area averages, weakest components and the change since the previous assessment; "
            "`suggest` proposes levels from the graph's facts, with their evidence. `report` and `suggest` read the source "
            "files directly (no build needed), or a build (--build) or SPARQL endpoint (--endpoint)."
        ),
    )
    sub = root.add_subparsers(dest="maturity_command", metavar="STEP")
    root.set_defaults(func=lambda args: (root.print_help(), 2)[1])

    p = sub.add_parser("template", help="write the checklist CSV (code,score,evidence,source), one row per variable")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.add_argument("--with-text", action="store_true", help="add a last column `variable` with each variable's text (ignored by import)")
    p.add_argument("--lang", choices=("en", "es", "pt"), default="en", help="language of the variable texts (with --with-text)")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("import", help="read a filled-in checklist into data/maturity/{JURISDICTION}-{YEAR}.ttl")
    p.add_argument("file", metavar="FILE.csv", help="the filled-in checklist")
    p.add_argument("--jurisdiction", required=True, help="ISO 3166-1 alpha-3 country code (URY) or ISO 3166-2 subdivision code (AR-X)")
    p.add_argument("--year", required=True, help="the year the assessment describes")
    p.add_argument("--assessor", required=True, help="who made the assessment (person, team or organisation)")
    p.add_argument("--date", help="the date of the assessment, YYYY-MM-DD (default: today)")
    p.add_argument("--replace", action="store_true", help="replace an existing assessment of the same jurisdiction and year")
    p.add_argument("--dir", help="folder to write to (default: data/maturity)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("report", help="scores, component and area averages, weakest components, change since the previous assessment")
    p.add_argument("jurisdiction", metavar="JURISDICTION", help="ISO3 or ISO 3166-2 code; `example` for the guide's example (Tables IV.2-IV.4)")
    p.add_argument("--year", help="the assessed year (default: the latest)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--lang", choices=("en", "es", "pt"), default="en", help="language of the labels")
    add_store_options(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("suggest", help="levels suggested from the graph's facts (as of a date), with the evidence and gap findings behind each")
    p.add_argument("country", nargs="?", metavar="ISO3", help="the country (omit with --all)")
    p.add_argument("--all", action="store_true", help="every country in the store")
    p.add_argument("--as-of", help="judge mandates, laws in force, solutions and strategies as of this date, YYYY-MM-DD (default: today)")
    p.add_argument("--format", choices=("table", "csv", "json", "ttl"), default=None)
    p.add_argument("--lang", choices=("en", "es", "pt"), default="en", help="language of the texts that have translations")
    p.add_argument("--write", action="store_true", help="write data/maturity/suggested/{ISO3}.ttl (the published suggested profiles)")
    p.add_argument("--dir", help="folder for --write (default: data/maturity/suggested)")
    add_store_options(p)
    p.set_defaults(func=_suggest_defaults)

