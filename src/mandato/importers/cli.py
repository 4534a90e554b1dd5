"""`mandato import govtech|gtmi|unegov|unctad [PATH]`: the command-line face of the importers."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..errors import EXIT_OK, UsageError
from ..paths import IMPORTS_DIR, relative
from .datasets import DATASETS


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def cmd_import(args) -> int:
    from . import run_import

    if args.dataset not in DATASETS:
        raise UsageError(f"unknown dataset {args.dataset!r}; known: {', '.join(sorted(DATASETS))}")
    report = run_import(args.dataset, args.path, Path(args.out), args.date)
    sys.stdout.write(
        f"imported {report.dataset} from {relative(report.source)}: {report.rows} rows -> {report.records} records, "
        f"{report.observations} observations ({report.triples} triples) in {relative(report.output)}\n"
    )
    return EXIT_OK


def register(subparsers) -> None:
    names = sorted(DATASETS)
    p = subparsers.add_parser(
        "import",
        help="import a public dataset (CSV) into build/imports/<dataset>.ttl as records and indicator observations",
        description=(
            "Import one public dataset into its own named graph, build/imports/<dataset>.ttl, which `mandato build` "
            "loads as data. Rows become md:DatasetRecord nodes (never curated facts); index values become "
            "md:IndicatorObservation nodes. A bad file (missing column, non-numeric year or value, unknown country) "
            "is rejected with its row number and nothing is written."
        ),
    )
    p.add_argument("dataset", choices=names, help="which dataset the file holds")
    p.add_argument("path", help="the CSV file, a folder holding it under its usual name, or an http(s) URL to download it from")
    p.add_argument("--out", default=str(IMPORTS_DIR), help="output folder (default: build/imports/)")
    p.add_argument("--date", type=_date, help="import date to record (default: today)")
    p.set_defaults(func=cmd_import)
