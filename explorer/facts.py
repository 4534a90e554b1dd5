"""One definition per concept, used by every page: the explorer's single source of truth.

Every count or status the explorer shows about a country (is there a current lead body, a
co-ordination body, a current strategy; is a law in force; how is a topic, solution type or
governance aspect assessed as of a year) is computed here, once, from the cached all-country
query results. Pages, the country brief, the comparison and the indicator page only read a `Truth`;
none of them derives a status of its own (tests/test_explorer_truth.py checks that every page shows
the same answer on the full data).

Time-dependent answers come from the query fragments of queries/fragments/ (in-force.rq for an
instrument, validity.rq for a mandate or strategy), which the explorer's queries include with an
as-of date: a Truth is built for one date (today, or the last day of a year on the Compare page).
Nothing time-dependent is stored or re-derived here. A fact whose start is not known is "start
unknown" for that date, never counted as present.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

STATUSES = ("present", "absent", "unknown", "not-applicable")
SCHEMES = ("topic", "soltype", "aspect")
LEAD = "lead-digital-government"
DECISION_POWERS = ("approve-initiatives", "enforce-standards", "mandate-external-reviews", "provide-financial-support")
ASPECTS = ("lead-body", "coordination-body", "national-strategy")
CHANGES = ("Foundation", "Renaming", "Merger", "Transfer", "Abolition")


def year_of(value: str | None) -> int | None:
    """The year of an xsd:date, xsd:gYear or dateTime lexical form ('' -> None)."""
    text = (value or "").strip()
    if len(text) >= 4 and (text[:4].isdigit() or (text[0] == "-" and text[1:5].isdigit())):
        return int(text[:5] if text[0] == "-" else text[:4])
    return None


def flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1")


def split(value: str | None) -> list[str]:
    return sorted(set((value or "").split()))


def today() -> dt.date:
    """Today as the project's clock says (MANDATO_TODAY pins it for tests and reproducible reports)."""
    from mandato import clock

    return clock.today()


def this_year() -> int:
    return today().year


# ------------------------------------------------------------------------------------ instruments
def instrument_year(row) -> int | None:
    """The year an instrument is known by: the earliest of adoption, promulgation, publication, entry into force."""
    years = [year_of(row.get(c)) for c in ("date_adopted", "date_promulgated", "date_published", "date_in_force")]
    years = [y for y in years if y is not None]
    return min(years) if years else None


def in_force_from(row) -> int | None:
    """The year an instrument came into force: its entry-into-force date, else its earliest date."""
    return year_of(row.get("date_in_force")) or instrument_year(row)


IN_FORCE = ("in-force", "partially-in-force")


def law_in_force(row) -> bool:
    """Whether a legal instrument is in force on the query's date: the one definition every page uses.

    `status` is derived by the in-force fragment (queries/fragments/in-force.rq) for that date; a law
    passed but not (yet) in force never counts, nor does one whose status is unknown or start-unknown.
    """
    return row.get("status") in IN_FORCE


def topics_in_force(laws: pd.DataFrame) -> dict[str, set[str]]:
    """ISO3 -> legal topic codes covered by at least one instrument in force."""
    covered: dict[str, set[str]] = defaultdict(set)
    for row in laws.to_dict("records"):
        if law_in_force(row):
            covered[row["iso3"]].update(split(row.get("topics")))
    return covered


# ----------------------------------------------------------------------------------- lead history
@dataclass(frozen=True)
class Span:
    """A lead mandate over time: who held it, from when until when (None: not recorded)."""

    mandate: str
    holder: str
    start: str  # the recorded or derived start date ('' when unknown)
    end: str  # '' while current
    current: bool
    start_from: str  # where the start comes from: 'mandate', 'event' or ''
    sources: str
    legal_basis: str


@dataclass(frozen=True)
class History:
    spans: tuple[Span, ...]
    events: tuple[dict, ...]  # dated change events of the lead bodies, oldest first (undated last)


def _sort_date(value: str) -> str:
    return value if value else "9999"


def lead_history(mandates: pd.DataFrame, events: pd.DataFrame, current: set[str] | None = None) -> History:
    """The lead-body timeline of one country: lead mandates in order, with their change events.

    A mandate's start is its validFrom, else the date of the event that made its holder the lead
    (a transfer or merger into it, or its foundation); its end is its validUntil, else the date of
    the event that moved the role away (a transfer or merger out of it, or its abolition); `current`
    names the mandates valid today (from the validity fragment, through the Truth). Spans are
    ordered by start; a span whose start is unknown is placed just after the body it took over
    from (transfer/merger chain), else by its end.
    """
    lead = mandates[mandates["mandate_type"] == LEAD] if len(mandates) else mandates
    rows = events.to_dict("records") if len(events) else []
    incoming: dict[str, list[dict]] = defaultdict(list)
    outgoing: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row.get("resulting") and row["kind"] in ("Foundation", "Transfer", "Merger") and row.get("original") != row.get("resulting"):
            incoming[row["resulting"]].append(row)
        if row.get("original") and row["kind"] in ("Transfer", "Merger", "Abolition") and row.get("original") != row.get("resulting"):
            outgoing[row["original"]].append(row)
    spans = []
    for row in lead.to_dict("records"):
        holder = row["holder"]
        start, start_from = row.get("valid_from") or "", "mandate" if row.get("valid_from") else ""
        if not start:
            dated = sorted(r["date"] for r in incoming.get(holder, []) if r.get("date"))
            if dated:
                start, start_from = dated[-1], "event"
        end = row.get("valid_until") or ""
        if not end:
            dated = sorted(r["date"] for r in outgoing.get(holder, []) if r.get("date"))
            if dated:
                end = dated[0]
        is_current = row["mandate"] in current if current is not None else (not row.get("valid_until") and not end)
        spans.append(Span(row["mandate"], holder, start, end, is_current, start_from, row.get("sources", ""), row.get("legal_basis", "")))
    predecessor = {r["resulting"]: r["original"] for r in rows if r["kind"] in ("Transfer", "Merger") and r.get("original") and r.get("resulting")}
    by_holder = {s.holder: s for s in spans}

    def key(span: Span) -> tuple:
        if span.start:
            return (span.start, 0, span.end or "9999")
        before = by_holder.get(predecessor.get(span.holder, ""))
        if before is not None and before is not span and (before.end or before.start):
            return (before.end or before.start, 1, span.end or "9999")
        # start unknown: it ended when the next one began, so it comes before what starts that day
        return (_sort_date(span.end), -1 if span.end else 3, span.holder)

    ordered = tuple(sorted(spans, key=lambda s: (key(s), s.mandate)))
    holders = {s.holder for s in spans}
    related = [r for r in rows if r.get("original") in holders or r.get("resulting") in holders]
    related.sort(key=lambda r: (_sort_date(r.get("date") or ""), r["event"]))
    return History(ordered, tuple(related))


# ------------------------------------------------------------------------------------------ truth
# how each derived value counts as evidence on the Truth's date
LAW_STATE = {"in-force": "active", "partially-in-force": "active", "not-yet-in-force": "later", "not-yet-adopted": "later",
             "repealed": "ended", "never-in-force": "ended", "start-unknown": "undated"}
VALIDITY_STATE = {"valid": "active", "not-yet": "later", "ended": "ended", "end-unknown": "undated", "start-unknown": "undated"}


@dataclass
class Truth:
    """Every status and count of the explorer on one date, from the query results for that date.

    `laws`, `mandates` and `strategies` are the explorer's queries run with asOf = the date (their
    `status` / `validity` columns come from the fragments); the other frames do not depend on it.
    """

    isos: list[str]
    laws: pd.DataFrame
    solutions: pd.DataFrame
    mandates: pd.DataFrame
    bodies: pd.DataFrame
    events: pd.DataFrame
    strategies: pd.DataFrame
    assessments: pd.DataFrame
    on: dt.date = field(default_factory=today)
    states: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    assessed: dict[tuple[str, str, str], str] = field(default_factory=dict)
    covered: dict[str, set[str]] = field(default_factory=dict)
    _leads: dict[str, list[dict]] = field(default_factory=dict)
    _coordination: dict[str, list[dict]] = field(default_factory=dict)
    _strategies: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def current(self) -> bool:
        """Whether this Truth is about today (the curated assessments describe today)."""
        return self.on >= today()

    def __post_init__(self) -> None:
        self.covered = topics_in_force(self.laws)
        self.assessed = _assessed(self.assessments)
        states: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for row in self.laws.to_dict("records"):
            state = LAW_STATE.get(row.get("status") or "")
            if state:
                for topic in split(row.get("topics")):
                    states[(row["iso3"], "topic", topic)].append(state)
        for row in self.solutions.to_dict("records"):
            if row.get("soltype"):
                launched = row.get("launched") or ""
                state = ("undated" if not self.current else "active") if not launched else (
                    "later" if launched[:10] > self.on.isoformat() else "active")
                states[(row["iso3"], "soltype", row["soltype"])].append(state)
        leads: dict[str, list[dict]] = defaultdict(list)
        for row in self.mandates.to_dict("records"):
            if row.get("mandate_type") != LEAD:
                continue
            state = VALIDITY_STATE.get(row.get("validity") or "", "undated")
            states[(row["iso3"], "aspect", "lead-body")].append(state)
            if state == "active":
                leads[row["iso3"]].append(row)
        founded, abolished = event_dates(self.events)
        coordination: dict[str, list[dict]] = defaultdict(list)
        for row in self.bodies.to_dict("records"):
            if flag(row.get("coordination")):
                state = body_state(founded.get(row["body"]), abolished.get(row["body"]), self.on, self.current)
                states[(row["iso3"], "aspect", "coordination-body")].append(state)
                if state == "active":
                    coordination[row["iso3"]].append(row)
        strategies: dict[str, list[dict]] = defaultdict(list)
        for row in self.strategies.to_dict("records"):
            state = VALIDITY_STATE.get(row.get("validity") or "", "undated")
            states[(row["iso3"], "aspect", "national-strategy")].append(state)
            if state == "active":
                strategies[row["iso3"]].append(row)
        self.states = dict(states)
        self._leads, self._coordination, self._strategies = dict(leads), dict(coordination), dict(strategies)

    # ----------------------------------------------------------------- current facts per country
    def current_leads(self, iso: str) -> list[dict]:
        """The lead mandates (profile-mandates rows) valid on the date (validity fragment)."""
        return self._leads.get(iso, [])

    def current_coordination(self, iso: str) -> list[dict]:
        """The co-ordination bodies (profile-bodies rows) founded by the date and not abolished or merged away."""
        return self._coordination.get(iso, [])

    def current_strategies(self, iso: str) -> list[dict]:
        """The digital government strategies valid on the date (validity fragment)."""
        return self._strategies.get(iso, [])

    def lead_decision_powers(self, iso: str) -> list[str]:
        """The OECD decision powers (mandate type codes) held on the date by the country's current lead body."""
        holders = {row["holder"] for row in self.current_leads(iso)}
        rows = self.mandates[self.mandates["holder"].isin(holders)].to_dict("records") if holders else []
        return sorted({r["mandate_type"] for r in rows if r.get("mandate_type") in DECISION_POWERS and r.get("validity") == "valid"})

    def laws_in_force(self, iso: str) -> pd.DataFrame:
        laws = self.laws[self.laws["iso3"] == iso]
        return laws[[law_in_force(r) for r in laws.to_dict("records")]] if len(laws) else laws

    def baseline_in_force(self, iso: str, baseline: list[str]) -> set[str]:
        """The baseline topics covered by a law in force in the country."""
        return self.covered.get(iso, set()) & set(baseline)

    # ----------------------------------------------------------------------------------- status
    def status(self, iso: str, scheme: str, code: str) -> str:
        """present / absent / unknown / not-applicable of a topic, solution type or aspect on the date.

        Present when the graph holds evidence in force on the date (a law in force, a solution, a
        valid lead mandate, a co-ordination body, a valid strategy). Today: absent when every piece
        of evidence has ended (an expired strategy is not current), otherwise the curated
        assessment (unknown when there is none). On a past date: unknown when a piece of evidence
        has no known start then (never counted before a start we do not know); absent when all
        evidence came later or had ended, or when it is assessed absent today.
        """
        key = (iso, scheme, code)
        states = self.states.get(key, [])
        assessment = self.assessed.get(key)
        if "active" in states:
            return "present"
        if self.current:
            if states and all(s == "ended" for s in states):
                return "absent"
            return assessment or "unknown"
        if "undated" in states:
            return "unknown"
        if assessment in ("absent", "not-applicable"):
            return assessment
        return "absent" if states else "unknown"

    def has(self, iso: str, aspect: str) -> bool:
        """Whether the country has a current lead body / co-ordination body / strategy (status present)."""
        return self.status(iso, "aspect", aspect) == "present"

    def matrix(self, countries: list[str], scheme: str, codes: list[str]) -> pd.DataFrame:
        """Long table iso3, scheme, code, status for every country and code on the date."""
        rows = [{"iso3": iso, "scheme": scheme, "code": code, "status": self.status(iso, scheme, code)}
                for iso in countries for code in codes]
        return pd.DataFrame(rows, columns=["iso3", "scheme", "code", "status"])

    def headline(self, baseline: list[str]) -> Headline:
        return Headline(
            countries=len(self.isos),
            lead=sum(self.has(iso, "lead-body") for iso in self.isos),
            coordination=sum(self.has(iso, "coordination-body") for iso in self.isos),
            strategy=sum(self.has(iso, "national-strategy") for iso in self.isos),
            baseline={t: sum(1 for iso in self.isos if t in self.covered.get(iso, set())) for t in baseline},
        )

    def lead_history(self, iso: str) -> History:
        mandates = self.mandates[self.mandates["iso3"] == iso]
        events = self.events[self.events["iso3"] == iso] if len(self.events) else self.events
        current = {row["mandate"] for row in self.current_leads(iso)}
        return lead_history(mandates, events, current)


@dataclass
class Headline:
    countries: int
    lead: int
    coordination: int
    strategy: int
    baseline: dict[str, int]  # topic code -> countries with a law in force

    @staticmethod
    def share(part: int, whole: int) -> float:
        return part / whole if whole else 0.0


def event_dates(events: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """Body -> date founded, body -> date abolished or merged away ('' when the event is undated)."""
    founded: dict[str, str] = {}
    abolished: dict[str, str] = {}
    for row in events.to_dict("records") if len(events) else []:
        date = row.get("date") or ""
        if row["kind"] == "Foundation" and row.get("resulting") and date:
            founded[row["resulting"]] = min(date, founded.get(row["resulting"], date))
        if row["kind"] in ("Abolition", "Merger") and row.get("original") and row.get("original") != row.get("resulting"):
            abolished[row["original"]] = min(date, abolished.get(row["original"], date or "0"))
    return founded, abolished


def body_state(founded: str | None, abolished: str | None, on: dt.date, current: bool) -> str:
    """A co-ordination body on a date: active, later (founded after), ended (abolished by then) or undated.

    Dates known only to the year count as the year's last day for a foundation and first day for an
    abolition; an undated abolition has happened (ended today, undated in the past).
    """
    day = on.isoformat()
    if abolished is not None:
        if abolished in ("", "0"):
            return "ended" if current else "undated"
        if (abolished if len(abolished) > 4 else f"{abolished}-01-01") <= day:
            return "ended"
    if founded:
        if (founded if len(founded) > 4 else f"{founded}-12-31") > day:
            return "later" if (founded if len(founded) > 4 else f"{founded}-01-01") > day else "undated"
        return "active"
    return "active" if current else "undated"


def _assessed(assessments: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    """(iso3, scheme, code) -> the status of its first assessment in IRI order (the query's order)."""
    out: dict[tuple[str, str, str], str] = {}
    for iso, scheme, aspect, status in zip(assessments["iso3"], assessments["scheme"], assessments["aspect"], assessments["status"]):
        out.setdefault((iso, scheme, aspect), status or "unknown")
    return out


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["status"].value_counts().to_dict() if len(frame) else {}
    return {s: int(counts.get(s, 0)) for s in STATUSES}


TRUTH_QUERIES = ("countries", "legal-instruments", "solutions-catalogue", "profile-mandates", "profile-bodies",
                 "profile-events", "profile-strategies", "assessment-status")


DATED_QUERIES = ("legal-instruments", "profile-mandates", "profile-strategies")  # run with asOf = the Truth's date


def from_frames(frames: dict[str, pd.DataFrame], on: dt.date | None = None) -> Truth:
    """A Truth from the results of TRUTH_QUERIES (slug -> frame; the dated ones run for `on`)."""
    return Truth(
        isos=list(frames["countries"]["iso3"]), laws=frames["legal-instruments"], solutions=frames["solutions-catalogue"],
        mandates=frames["profile-mandates"], bodies=frames["profile-bodies"], events=frames["profile-events"],
        strategies=frames["profile-strategies"], assessments=frames["assessment-status"], on=on or today(),
    )
