"""Maturity pages of the site: every assessment and suggestion shows its scores and averages, and
maturity/index.html lists them all.

The page of an md:MaturityAssessment or md:MaturitySuggestion is its resource page with two more
sections: the scores, variable by variable (with the evidence note and source of an assessed score,
or the rule and reason of a suggested one), and the component and area averages, computed by the same
SPARQL aggregation as `mandato maturity report` over the release's TriG dump. Suggested levels are
labelled as such, and their averages give the number of variables they cover.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from ..maturity.instrument import Instrument, load_instrument
from ..maturity.profiles import ASSESSED, SUGGESTED, Header, Profile, headers, profile, query, round_half_up
from ..store import EmbeddedStore
from . import layout, pages
from .markup import Markup, join, tag
from .model import Model

INDEX = "maturity/index.html"


def _profiles(store: EmbeddedStore) -> list[Profile]:
    return [profile(store, h) for h in headers(store)]


def _title(h: Header) -> str:
    where = h.jurisdiction.rsplit("/", 1)[-1] if h.jurisdiction else "ECLAC example"
    if h.kind == SUGGESTED:
        return f"{where}, suggested as of {h.as_of}"
    return f"{where} {h.year}" if h.year else where


def _avg(value: tuple[float, int] | None, total: int, suggested: bool) -> str:
    if value is None:
        return "—"
    text = round_half_up(value[0])
    return f"{text} ({value[1]}/{total})" if suggested else text


def _sections(model: Model, p: Profile, file: str, instrument: Instrument, reasons: dict[str, tuple[str, str]]) -> Markup:
    view = pages.View(model.graph, model, file)
    suggested = p.header.kind == SUGGESTED
    note = tag("p", "Levels suggested from the graph's facts by Mandato's rule set, not an assessment; ",
               "averages cover only the variables the graph informs (count in brackets).", class_="muted") if suggested else Markup("")
    average_rows = []
    for item, table in [*((a, p.areas) for a in instrument.areas), *((c, p.components) for c in instrument.components)]:
        total = len([v for v in instrument.variables if v.code.startswith(item.code + ".")])
        average_rows.append(tag("tr", tag("td", item.code), tag("td", view.ref(URIRef(item.iri))), tag("td", _avg(table.get(item.code), total, suggested))))
    averages = tag("table", tag("tr", tag("th", "Code"), tag("th", "Area or component"), tag("th", "Average (1-4)")), *average_rows)
    head = ["Code", "Variable", "Suggested level" if suggested else "Level"] + (["Rule", "Reason"] if suggested else ["Evidence", "Source"])
    rows = []
    for var in instrument.variables:
        score = p.scores.get(var.code)
        if suggested and score is None:
            cells = ["not informed by the graph", "", ""]
        elif suggested:
            rule, reason = reasons.get(var.code, ("", ""))
            cells = [str(score.score) if score.score else "insufficient evidence", rule, reason]
        else:
            level = "" if score is None or score.score is None else str(score.score)
            sources = join([view.value(URIRef(s)) for s in (score.sources if score else [])], ", ")
            cells = [level, score.evidence if score else "", sources]
        rows.append(tag("tr", tag("td", var.code), tag("td", view.ref(URIRef(var.iri))), *(tag("td", c) for c in cells)))
    scores = tag("table", tag("tr", *(tag("th", h) for h in head)), *rows)
    return join([
        tag("section", tag("h2", "Averages"), note, averages),
        tag("section", tag("h2", "Suggested levels" if suggested else "Scores"), scores),
    ])


def write(site, trig: Path) -> int:
    """Rewrite the pages of the maturity profiles with their scores and averages; write maturity/index.html."""
    model: Model = site.model
    store = EmbeddedStore()
    store.load_file(trig)
    profiles = _profiles(store)
    instrument = load_instrument()
    for p in profiles:
        reasons = {}
        if p.header.kind == SUGGESTED:
            for row in query(store, "suggestion-evidence", suggestion=p.header.iri).rows:
                reasons.setdefault(row["code"].value, (row["rule"].value, row["reason"].value))
        node = URIRef(p.header.iri)
        file = layout.locate(p.header.iri).file("html")
        site.write(file, pages.resource_page(model, node, file, extra=_sections(model, p, file, instrument, reasons)))
    site.write(INDEX, overview(model, profiles, instrument))
    return len(profiles)


def overview(model: Model, profiles: list[Profile], instrument: Instrument) -> str:
    view = pages.View(model.graph, model, INDEX)
    blocks = [tag("p", "The ECLAC digital government maturity instrument (", view.ref(URIRef("https://w3id.org/mandato/ontology#MaturityModelScheme")),
                  "): 35 variables scored from 1 to 4, averaged per component. Assessed profiles come from an assessor; suggested ones are derived from the graph's facts and are not assessments.")]
    head = tag("tr", tag("th", "Profile"), *(tag("th", c.code, title=c.label("en")) for c in instrument.components), tag("th", "Scored"))
    for kind, title in ((ASSESSED, "Assessments"), (SUGGESTED, "Suggested profiles (from the graph, not assessed)")):
        chosen = sorted((p for p in profiles if p.header.kind == kind), key=lambda p: (p.header.jurisdiction, p.header.year or 0, p.header.iri))
        if not chosen:
            continue
        rows = []
        for p in chosen:
            link = tag("a", _title(p.header), href=layout.href(INDEX, p.header.iri))
            cells = [round_half_up(p.components[c.code][0]) if c.code in p.components else "—" for c in instrument.components]
            rows.append(tag("tr", tag("td", link), *(tag("td", c) for c in cells), tag("td", f"{p.header.scored}/35")))
        blocks += [tag("h2", title), tag("table", head, *rows)]
    return pages.simple_page(model, "Maturity assessments and suggested levels", join(blocks), INDEX)

