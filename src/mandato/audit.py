"""`mandato audit`: measured accuracy of the curated facts.

`mandato audit sample --size 60 --seed 2026` draws a reproducible random sample of curated facts (a
node with dct:source in the curated layer) and writes a worklist: for each fact, what it claims (its
type, number, name, dates, status, holder...) and the sources it cites. A curator re-opens each cited
source, fills the `verdict` column (`correct`, `incorrect`, `unverifiable`), says what was wrong in
`correction` and what was done in `note`, and `mandato audit report FILE.csv` computes the error rate:
incorrect / (correct + incorrect), with unverifiable facts (the cited page could not be opened again)
reported apart, never counted as correct.

The sample is drawn from the facts sorted by IRI with Python's seeded random generator, so the same
seed on the same data draws the same facts; the data's digest is written beside the sample.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import EXIT_OK, InputError, UsageError
from .grades import curated_pairs_query
from .namespaces import curie
from .store import Store

VERDICTS = ("correct", "incorrect", "unverifiable")
COLUMNS = ("n", "fact", "class", "claims", "sources", "verdict", "correction", "note", "checked_on")
CLAIM_PROPERTIES = (
    "rdf:type", "md:number", "md:title", "rdfs:label", "md:instrumentType", "md:dateAdopted", "md:datePromulgated",
    "md:datePublished", "md:dateInForce", "md:dateRepealed", "md:gazetteName", "md:gazetteIssue", "md:inForceStatus",
    "md:status", "md:aspect", "md:evidence", "md:holder", "md:mandateType", "md:legalBasis", "md:validFrom",
    "md:validUntil", "md:solutionType", "md:operatedBy", "md:periodStart", "md:periodEnd", "md:eventDate",
    "org:subOrganizationOf", "md:placement", "md:organisationForm", "md:partOf",
)


@dataclass
class Item:
    fact: str
    cls: str
    claims: str
    sources: list[str]


def facts(store: Store) -> dict[str, list[str]]:
    """The curated facts that claim something about the world, with their sources.

    An unknown assessment claims nothing (its sources are the pages that did not settle it) and is
    left out; so are the jurisdiction lists, which restate ISO 3166 codes.
    """
    out: dict[str, list[str]] = {}
    for row in store.select(curated_pairs_query(), trusted=True).rows:
        out.setdefault(row["fact"].value, []).append(row["source"].value)
    excluded = {
        r["x"].value
        for r in store.select(
            "SELECT ?x WHERE { { ?x md:status status:unknown } UNION { ?x a md:Country } UNION { ?x a md:SubnationalJurisdiction } }",
            trusted=True,
        ).rows
    }
    return {fact: sorted(set(urls)) for fact, urls in sorted(out.items()) if fact not in excluded}


def _claims(store: Store, fact: str) -> tuple[str, str]:
    values = " ".join(CLAIM_PROPERTIES)
    rows = store.select(
        f"SELECT ?p ?o WHERE {{ VALUES ?p {{ {values} }} <{fact}> ?p ?o }} ORDER BY ?p ?o",
        trusted=True,
    ).rows
    cls = ""
    parts = []
    for row in rows:
        prop, value = curie(row["p"].value), row["o"]
        text = curie(value.value) if value.kind == "iri" else value.value
        if prop == "rdf:type":
            cls = cls or text
            continue
        parts.append(f"{prop}={text}")
    return cls, "; ".join(parts)


def sample(store: Store, size: int, seed: int) -> tuple[list[Item], str]:
    if size < 1:
        raise UsageError("--size must be a positive number of facts")
    everything = facts(store)
    if not everything:
        raise UsageError("no curated facts in the store")
    chosen = random.Random(seed).sample(sorted(everything), min(size, len(everything)))
    digest = hashlib.sha256("\n".join(f"{f} {' '.join(s)}" for f, s in everything.items()).encode()).hexdigest()[:16]
    items = []
    for fact in sorted(chosen):
        cls, claims = _claims(store, fact)
        items.append(Item(fact, cls, claims, everything[fact]))
    return items, digest


def render_sample(items: list[Item]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n, item in enumerate(items, start=1):
        writer.writerow([n, item.fact, item.cls, item.claims, " ".join(item.sources), "", "", "", ""])
    return buffer.getvalue()


@dataclass
class Report:
    sampled: int
    correct: int
    incorrect: int
    unverifiable: int
    pending: int

    @property
    def verified(self) -> int:
        return self.correct + self.incorrect

    @property
    def error_rate(self) -> float:
        return self.incorrect / self.verified if self.verified else 0.0

    def render(self) -> str:
        accuracy = 1 - self.error_rate
        return (
            f"sampled {self.sampled}: {self.correct} correct, {self.incorrect} incorrect, {self.unverifiable} unverifiable, "
            f"{self.pending} not yet checked\n"
            f"error rate {self.error_rate:.1%} of {self.verified} verified facts (accuracy {accuracy:.1%})\n"
        )


def report(path: Path) -> Report:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the worklist: {exc}", file=str(path)) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("fact", "verdict") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"the worklist has no column {', '.join(missing)}", file=str(path), line=1)
    counts = dict.fromkeys(VERDICTS, 0)
    pending = sampled = 0
    for number, row in enumerate(reader, start=2):
        sampled += 1
        verdict = (row.get("verdict") or "").strip().lower()
        if not verdict:
            pending += 1
        elif verdict in counts:
            counts[verdict] += 1
        else:
            raise InputError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}", file=str(path), line=number)
    return Report(sampled, counts["correct"], counts["incorrect"], counts["unverifiable"], pending)


# ------------------------------------------------------------------------------------------ command
def cmd_audit(args) -> int:
    if args.action == "sample":
        from .reconcile import store_from_args

        items, digest = sample(store_from_args(args), args.size, args.seed)
        text = render_sample(items)
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
            sys.stdout.write(f"sampled {len(items)} facts (seed {args.seed}, data digest {digest}) to {args.out}\n")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    if not args.file:
        raise UsageError("mandato audit report needs the filled worklist: mandato audit report FILE.csv")
    sys.stdout.write(report(Path(args.file)).render())
    return EXIT_OK


def register(subparsers) -> None:
    from .reconcile import add_store_options

    p = subparsers.add_parser(
        "audit",
        help="measured accuracy: draw a random sample of facts to re-verify, or report the error rate of a checked sample",
        description=(
            "sample: a reproducible random sample of curated facts (fixed --seed) with what each claims and the sources "
            "it cites, as a CSV worklist. report FILE: the error rate of a worklist whose verdict column is filled "
            "(correct, incorrect, unverifiable)."
        ),
    )
    p.add_argument("action", choices=("sample", "report"))
    p.add_argument("file", nargs="?", help="report: the filled worklist CSV")
    p.add_argument("--size", type=int, default=60, help="sample: number of facts (default 60)")
    p.add_argument("--seed", type=int, default=2026, help="sample: random seed (default 2026)")
    p.add_argument("--out", help="sample: write the worklist here instead of standard output")
    add_store_options(p)
    p.set_defaults(func=cmd_audit)
