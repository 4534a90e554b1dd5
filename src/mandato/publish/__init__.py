"""`mandato publish`: the linked-open-data release as a static site any web server can host.

Modules: model (the graph being published), formats (serialisations), dumps (downloads), pages and
ontodoc (HTML), describe and dcat_shapes (DCAT catalogue, VoID), release (released IRIs and the
diff), negotiation (redirect rules and a server that applies them), checks (integrity), site
(orchestration and the atomic swap), layout (IRI -> file).
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from ..errors import EXIT_OK, UsageError
from ..paths import BUILD_DIR


def cmd_publish(args: argparse.Namespace) -> int:
    from .site import print_report, publish

    issued = None
    if args.issued:
        try:
            issued = date.fromisoformat(args.issued)
        except ValueError as exc:
            raise UsageError(f"--issued takes a date as YYYY-MM-DD, got {args.issued!r}") from exc
    for option, url in (("--endpoint-url", args.endpoint_url), ("--site-url", args.site_url)):
        if url and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
            raise UsageError(f"{option} takes an http(s) URL, got {url!r}")
    report = publish(
        Path(args.out),
        Path(args.build),
        endpoint_url=args.endpoint_url,
        previous=Path(args.previous) if args.previous else None,
        site_url=args.site_url,
        issued=issued,
        rebuild=args.rebuild,
        record=args.release,
    )
    print_report(report)
    since = f"since {report.previous}" if report.previous else "first release"
    changes = ", ".join(f"{n} {k}" for k, n in report.summary.items())
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in report.timings.items())
    print(f"published {args.out}/: Mandato {report.version}, {report.triples} triples, {report.pages} resource and document pages, {report.files} files")
    print(f"release diff ({since}): {changes}")
    print(f"{report.seconds:.1f} s ({steps})")
    return EXIT_OK


def register(subparsers) -> None:
    p = subparsers.add_parser("publish", help="write the linked-open-data site: dumps, one page per IRI, redirects, DCAT/VoID, release diff")
    p.add_argument("--out", required=True, help="folder of the site (replaced atomically; a failure leaves it as it was)")
    p.add_argument("--build", default=str(BUILD_DIR), help="build folder to publish (default: build/; built first if it has no mandato.trig)")
    p.add_argument("--rebuild", action="store_true", help="run `mandato build` into --build first")
    p.add_argument("--endpoint-url", help="public SPARQL endpoint to advertise in the VoID and DCAT descriptions")
    p.add_argument("--site-url", help="where the site will be hosted, the target of the w3id redirects (or MANDATO_SITE_URL)")
    p.add_argument("--previous", help="previous release to diff against: a published site or its release/iris.tsv (default: newest releases/<version>/iris.tsv.gz)")
    p.add_argument("--issued", help="issued date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)")
    p.add_argument("--release", action="store_true", help="record this release's IRI list in releases/<version>/iris.tsv.gz (to commit)")
    p.set_defaults(func=cmd_publish)
