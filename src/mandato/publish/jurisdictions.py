"""Jurisdiction pages of the site: a country lists its states and provinces, and a state or province
shows, topic by topic, whether it is covered by its own act or by a higher tier.

The page of a country or subnational jurisdiction is its resource page with more sections:
- its subdivisions (the jurisdictions whose md:parentJurisdiction it is), with their lead-body status;
- for a jurisdiction below the national tier, the coverage of every legal topic, solution type and
  governance aspect on the release date, computed by the stored query `topic-coverage` (the same
  derivation as `mandato query topic-coverage`) over the release's TriG dump. Coverage is derived from
  dates, never stored: the page says for which day it was computed, and the query answers any other.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import URIRef

from ..namespaces import VOCAB
from ..queries import find_query, run
from ..store import EmbeddedStore
from . import layout, pages
from .markup import Markup, join, tag
from .model import Model

INDEX = "id/jurisdiction/index.html"
SCHEME_PATHS = {"topic": "legal-topic", "soltype": "solution-type", "aspect": "governance-aspect"}
COVERAGE_WORDS = {
    "own": "its own act",
    "higher-tier": "a higher tier",
    "absent": "absent",
    "not-applicable": "not applicable",
    "unknown": "unknown",
    "not-assessed": "not assessed",
}


def _coverage(store: EmbeddedStore, day: str) -> dict[str, list[dict]]:
    """Coverage rows of every jurisdiction below the national tier, by code."""
    out: dict[str, list[dict]] = defaultdict(list)
    for tier in ("subnational", "municipal"):
        for row in run(store, find_query("topic-coverage"), {"tier": tier, "asOf": day}).rows:
            out[row["jurisdiction"].value].append({k: (v.value if v is not None else "") for k, v in row.items()})
    return out


def _lead_status(store: EmbeddedStore, day: str) -> dict[str, str]:
    rows = run(store, find_query("lead-agencies"), {"tier": "all", "asOf": day}).rows
    status = {}
    for row in rows:
        code = row["jurisdiction"].value
        if row.get("agency") is not None and row["validity"].value == "valid":
            status[code] = "present"
        else:
            status.setdefault(code, row["lead_body_status"].value)
    return status


def coverage_section(model: Model, file: str, rows: list[dict], day: str) -> Markup:
    view = pages.View(model.graph, model, file)
    merged: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["scheme"], row["aspect"])
        item = merged.setdefault(key, {"coverage": row["coverage"], "by": set(), "candidates": {}})
        if row["covered_by"]:
            item["by"].add(row["covered_by"])
        if row["candidate"]:
            item["candidates"][row["candidate"]] = (row["binds_tier"] == "true", row["candidate_status"])
    body = []
    for (scheme, aspect), item in sorted(merged.items(), key=lambda kv: (list(SCHEME_PATHS).index(kv[0][0]), kv[0][1])):
        concept = URIRef(f"{VOCAB}{SCHEME_PATHS[scheme]}/{aspect}")
        by = join([view.ref(URIRef(b)) for b in sorted(item["by"])], ", ") if item["by"] else Markup("")
        notes = []
        for candidate, (binds, status) in sorted(item["candidates"].items()):
            if candidate in item["by"]:
                continue
            why = "does not bind this tier" if not binds else f"is {status.replace('-', ' ')} on this date"
            notes.append(join([view.ref(URIRef(candidate)), f" {why}"]))
        note = tag("ul", *(tag("li", n) for n in notes), class_="values") if notes else Markup("")
        body.append(tag("tr", tag("td", view.ref(concept)), tag("td", COVERAGE_WORDS.get(item["coverage"], item["coverage"]), class_=f"coverage-{item['coverage']}"),
                        tag("td", by), tag("td", note)))
    head = tag("tr", tag("th", "Topic, solution type or aspect"), tag("th", "Covered by"), tag("th", "Instrument or solution"), tag("th", "Higher-tier candidates that do not cover it"))
    intro = tag(
        "p",
        f"Derived for {day}, the release date, from the dates recorded (never stored): its own act when its own assessment is present; "
        "a higher tier when an instrument in force (or a solution operating) of a jurisdiction above it binds its tier "
        "(md:appliesToTier); otherwise what its own assessment says. Governance aspects always need the jurisdiction's own act. "
        "For another date: ", tag("code", "mandato query topic-coverage --param country=CODE --param asOf=YYYY-MM-DD"), ".",
        class_="muted",
    )
    return tag("section", tag("h2", f"Coverage on {day}", id="coverage"), intro, tag("table", head, *body, class_="coverage"))


def subdivisions_section(model: Model, file: str, iri: str, lead: dict[str, str]) -> Markup:
    children = model.jurisdictions.children(iri)
    if not children:
        return Markup("")
    view = pages.View(model.graph, model, file)
    rows = [tag("tr", tag("td", tag("code", j.code)), tag("td", view.ref(URIRef(j.iri))), tag("td", j.tier), tag("td", lead.get(j.code, "not assessed").replace("-", " "))) for j in children]
    head = tag("tr", tag("th", "Code"), tag("th", "Jurisdiction"), tag("th", "Tier"), tag("th", "Lead body"))
    return tag("section", tag("h2", f"Subdivisions ({len(children)})", id="subdivisions"), tag("table", head, *rows))


def write(site, trig: Path) -> int:
    """Rewrite the pages of the jurisdictions that have subdivisions or a parent; returns how many."""
    model: Model = site.model
    index = model.jurisdictions
    lower = [j for j in index.by_iri.values() if j.parent]
    with_children = {j.parent for j in lower}
    if not lower:
        return 0
    store = EmbeddedStore()
    store.load_file(trig)
    day = model.issued.isoformat()
    coverage = _coverage(store, day)
    lead = _lead_status(store, day)
    count = 0
    for j in sorted(index.by_iri.values(), key=lambda j: j.iri):
        if not j.parent and j.iri not in with_children:
            continue
        file = layout.locate(j.iri).file("html")
        extra = [subdivisions_section(model, file, j.iri, lead)]
        if j.parent:
            extra.append(coverage_section(model, file, coverage.get(j.code, []), day))
        site.write(file, pages.resource_page(model, URIRef(j.iri), file, extra=join(extra)))
        count += 1
    return count


def home_section(model: Model, file: str) -> Markup:
    """The countries with subnational jurisdictions, for the home page."""
    index = model.jurisdictions
    items = []
    for country in sorted(index.by_iri.values(), key=lambda j: j.code):
        if country.tier != "national":
            continue
        children = index.children(country.iri)
        if children:
            items.append(tag("li", tag("a", f"{country.label()}: {len(children)}", href=layout.href(file, country.iri) + "#subdivisions")))
    if not items:
        return Markup("")
    return join([tag("h2", "States and provinces"), tag("ul", *items, class_="values"),
                 tag("p", tag("a", "Every jurisdiction", href=layout.relative(file, INDEX)), ", each with the coverage of every topic by its own act or a higher tier.")])
