"""Page 2, Country profile: every fact with its source link."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from explorer import charts, data, model, state, subnational, ui
from explorer.context import Context
from explorer.ui import esc, href, is_url, link, source_links
from mandato.namespaces import MD

SEVERITY_ICON = {"Warning": "⚠", "Info": "ℹ"}  # noqa: RUF001


class Recorder:
    """Streamlit calls written down once, played back on every run (the profile is cached).

    A section calls `out.header(...)`, `out.markdown(...)`, ... as it would call `st`; `metrics`
    stands for a row of bordered st.metric columns and `chart` for st.vega_lite_chart of a spec
    kept as JSON (Streamlit may change the dict it is given).
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def record(*args, **kwargs) -> None:
            self.calls.append((name, args, kwargs))

        return record

    def replay(self) -> None:
        for name, args, kwargs in self.calls:
            if name == "metrics":
                for column, (label, value) in zip(st.columns(max(1, len(args[0]))), args[0]):
                    column.metric(label, value, border=True)
            elif name == "chart":
                st.vega_lite_chart(json.loads(args[0]), **kwargs)
            else:
                getattr(st, name)(*args, **kwargs)


@dataclass(frozen=True)
class Profile:
    """A country profile as drawn for one language: the recorded page and its tables."""

    page: Recorder
    tables: dict[str, pd.DataFrame]


@st.cache_resource(show_spinner=False, max_entries=256, ttl=data.REMOTE_TTL)
def _profile(key: str, iso: str, lang: str, year: int, _source: data.Source) -> Profile:
    """The profile of a country in a language, built once per data source (key) and year."""
    return build_profile(Context(lang, _source), iso)


def profile(ctx: Context, iso: str) -> Profile:
    return _profile(ctx.source.key, iso, ctx.lang, dt.date.today().year, ctx.source)


def render(ctx: Context) -> dict:
    isos = ctx.isos
    rejected = state.init("country", ctx.isos_by_name()[0] if isos else "", parse=lambda v: v.strip().upper(), valid=lambda v: v in isos)
    if rejected is not None:
        st.error(ctx.t("country.unknown", code=rejected, n=len(isos)))
    iso = st.selectbox(ctx.t("country.select"), ctx.isos_by_name(), key="country", index=state.index("country", ctx.isos_by_name()), format_func=ctx.country_name)
    state.remember(["country"])
    if not iso:
        return {}
    built = profile(ctx, iso)
    built.page.replay()
    sub = subnational.section(ctx, iso)
    tables = built.tables
    st.divider()
    state.init("table", "mandates", valid=lambda v: v in tables)
    name = st.selectbox(ctx.t("download.label", name=ctx.country_name(iso)), list(tables), key="table", index=state.index("table", list(tables)),
                        format_func=lambda n: f"{ctx.t('table.' + n)} ({ctx.t('common.rows', n=len(tables[n]))})")
    ui.downloads(tables[name], f"{iso}-{name}", "profile_table", ctx.lang)
    state.remember(["table"])
    return {"country": iso, **({"sub": sub} if sub else {})}


def build_profile(ctx: Context, iso: str) -> Profile:
    """Every section of a country's profile, recorded (no Streamlit call is made here)."""
    out = Recorder()
    iri = ctx.country_iri(iso)
    truth = ctx.truth
    subregion = ctx.subregion_of().get(iso, "")
    out.title(ctx.country_name(iso))
    out.markdown(f"{esc(ctx.concept_label('subregion', subregion))} · {link(iri, ctx.t('common.linked_data'))} · "
                 f"[{esc(ctx.t('brief.open'))}](?page=brief&country={iso}&lang={ctx.lang})")

    # The all-country results are cached once (and warmed at start); a profile is a filter on them.
    bodies = ctx.of_country("profile-bodies", iso)
    mandates = ctx.of_country("profile-mandates", iso)
    events = ctx.of_country("profile-events", iso)
    strategies = ctx.of_country("profile-strategies", iso)
    laws = model.with_years(ctx.of_country("legal-instruments", iso))
    solutions = ctx.of_country("solutions-catalogue", iso)
    assessments = ctx.of_country("assessments", iso)
    indicators = ctx.of_country("indicator-values", iso)
    findings = data.findings(ctx.source)
    findings = findings[findings["country"] == iso]

    baseline = ctx.baseline_topics()
    yes, no = ctx.t("common.yes"), ctx.t("common.no")
    out.metrics([
        (ctx.t("country.metric.lead"), yes if truth.has(iso, "lead-body") else no),
        (ctx.t("country.metric.coordination"), yes if truth.has(iso, "coordination-body") else no),
        (ctx.t("country.metric.strategy"), yes if truth.has(iso, "national-strategy") else no),
        (ctx.t("country.metric.baseline"), f"{len(truth.baseline_in_force(iso, baseline))} / {len(baseline)}"),
        (ctx.t("country.metric.gaps"), len(findings)),
    ])

    lead_section(ctx, out, bodies, iso)
    history_section(ctx, out, iso)
    mandates_section(ctx, out, mandates)
    coordination_section(ctx, out, bodies, iso)
    strategy_section(ctx, out, strategies, iso)
    laws_section(ctx, out, laws, assessments, iso)
    solutions_section(ctx, out, solutions)
    indicators_section(ctx, out, indicators)
    gaps_section(ctx, out, findings, iso)
    tables = {
        "bodies": bodies, "mandates": mandates, "events": events, "strategies": strategies, "laws": laws.drop(columns=["year"]),
        "solutions": solutions, "assessments": assessments, "indicators": indicators, "gap-findings": findings,
    }
    return Profile(out, tables)


def _basis(ctx: Context, bases: str) -> str:
    return ", ".join(link(b, ctx.full_label(b)) for b in (bases or "").split())


def _body(ctx: Context, iri: str) -> str:
    return link(iri, ctx.full_label(iri)) if iri else ""


def period(ctx: Context, start: str, end: str, current: bool = False) -> str:
    """'from 2015-12-10 until 2019', 'from 2020 (current)', 'start not recorded, until 2019'."""
    first = ctx.t("common.from", date=start) if start else ctx.t("common.start_unknown")
    if end:
        return f"{first}, {ctx.t('common.until', date=end)}"
    return f"{first} ({ctx.t('country.current')})" if current else first


def lead_section(ctx: Context, out: Recorder, bodies: pd.DataFrame, iso: str) -> None:
    out.header(ctx.t("country.lead"))
    lead = ctx.truth.current_leads(iso)
    if not lead:
        status = ctx.truth.status(iso, "aspect", "lead-body")
        out.info(ctx.t("country.no_lead", status=ctx.status_label(status)))
        return
    by_body = {row["body"]: row for row in bodies.to_dict("records")}
    for row in lead:
        body = by_body.get(row["holder"], {})
        facts = [f"**{_body(ctx, row['holder'])}**"]
        for key, scheme, value in (("country.form", "orgform", body.get("form")), ("country.placement", "placement", body.get("placement"))):
            if value:
                facts.append(f"{esc(ctx.t(key))}: {esc(ctx.concept_label(scheme, value))}")
        if body.get("parent"):
            facts.append(f"{esc(ctx.t('country.parent'))}: {_body(ctx, body['parent'])}")
        out.markdown(" · ".join(facts))
        mandate = [link(row["mandate"], ctx.t("col.mandate"))]
        if row.get("legal_basis"):
            mandate.append(f"{esc(ctx.t('common.legal_basis'))}: {_basis(ctx, row['legal_basis'])}")
        mandate.append(esc(period(ctx, row.get("valid_from", ""), "", current=True)))
        mandate.append(source_links(row.get("sources", ""), ctx.lang))
        organisation = [esc(ctx.t("col.body"))]
        if body.get("legal_basis"):
            organisation.append(f"{esc(ctx.t('common.legal_basis'))}: {_basis(ctx, body['legal_basis'])}")
        if body.get("homepage"):
            organisation.append(link(body["homepage"], ctx.t("country.homepage")))
        organisation.append(source_links(body.get("sources", ""), ctx.lang))
        out.markdown("- " + " · ".join(p for p in mandate if p) + "\n- " + " · ".join(p for p in organisation if p))


def event_line(ctx: Context, row: dict) -> str:
    """One change event in words: date, kind, bodies (from → to), renaming, legal basis, sources."""
    kind = ctx.label(f"{MD}{row['kind']}")
    original, resulting = row.get("original") or "", row.get("resulting") or ""
    if original and resulting and original != resulting:
        bodies = f"{_body(ctx, original)} → {_body(ctx, resulting)}"
    else:
        bodies = _body(ctx, resulting or original)
    renamed = f" ({esc(row['previous_name'])} → {esc(row['new_name'])})" if row.get("previous_name") else ""
    basis = f" · {esc(ctx.t('common.legal_basis'))}: {_basis(ctx, row['legal_basis'])}" if row.get("legal_basis") else ""
    when = esc(row["date"]) if row.get("date") else esc(ctx.t("common.date_unknown"))
    return f"- **{when}** · {link(row['event'], kind)}: {bodies}{renamed}{basis} · {source_links(row['sources'], ctx.lang)}"


def history_section(ctx: Context, out: Recorder, iso: str) -> None:
    """The lead body's history: an ordered timeline (from-until), then the change events below."""
    out.subheader(ctx.t("country.history"))
    history = ctx.truth.lead_history(iso)
    now = dt.date.today().year
    spans, points = [], []
    for order, span in enumerate(history.spans, start=1):
        start = model.year_of(span.start)
        end = model.year_of(span.end)
        if start is not None or end is not None:
            spans.append({
                "order": order, "body": ctx.full_label(span.holder), "start": start if start is not None else end,
                "end": (end if end is not None else now + 1), "state": ctx.t("country.current") if span.current else ctx.t("country.former"),
                "period": period(ctx, span.start, span.end, span.current),
            })
    for row in history.events:
        year = model.year_of(row.get("date"))
        if year is not None:
            points.append({"kind": ctx.label(f"{MD}{row['kind']}"), "body": ctx.full_label(row.get("resulting") or row.get("original")),
                           "year": year, "date": row["date"]})
    if spans:
        out.chart(json.dumps(charts.timeline(pd.DataFrame(spans), pd.DataFrame(points), now, ctx.t("col.body"),
                                             {"state": ctx.t("col.state"), "period": ctx.t("col.period"), "kind": ctx.t("country.event"),
                                              "date": ctx.t("col.date")})), width="stretch")
    if not history.spans:
        out.caption(ctx.t("country.no_history"))
        return
    lines = [f"{i}. {_body(ctx, span.holder)} — {esc(period(ctx, span.start, span.end, span.current))}"
             f"{' · ' + esc(ctx.t('country.start_from_event')) if span.start_from == 'event' else ''}"
             f" · {link(span.mandate, ctx.t('col.mandate'))} · {source_links(span.sources, ctx.lang)}"
             for i, span in enumerate(history.spans, start=1)]
    out.markdown("\n".join(lines))
    if history.events:
        out.markdown(f"**{esc(ctx.t('country.events'))}**\n\n" + "\n".join(event_line(ctx, row) for row in history.events))


def mandates_section(ctx: Context, out: Recorder, mandates: pd.DataFrame) -> None:
    out.header(ctx.t("country.mandates"))
    if not len(mandates):
        out.caption(ctx.t("common.none"))
        return
    lines = []
    for holder, group in mandates.groupby("holder", sort=True):
        lines.append(f"- **{_body(ctx, holder)}**")
        for row in group.sort_values(["valid_until", "mandate_type"]).to_dict("records"):
            parts = [link(row["mandate"], ctx.concept_label("mtype", row["mandate_type"]) or row["mandate_type"])]
            if row["level"]:
                parts.append(esc(ctx.concept_label("level", row["level"])))
            parts.append(f"{esc(ctx.t('common.legal_basis'))}: {_basis(ctx, row['legal_basis'])}" if row["legal_basis"] else f"*{esc(ctx.t('common.legal_basis'))}: —*")
            if row["valid_from"]:
                parts.append(esc(ctx.t("common.since", date=row["valid_from"])))
            if row["valid_until"]:
                parts.append(esc(ctx.t("common.until", date=row["valid_until"])) + f" ({esc(ctx.t('country.former'))})")
            parts.append(source_links(row["sources"], ctx.lang))
            lines.append("    - " + " · ".join(p for p in parts if p))
    out.markdown("\n".join(lines))


def coordination_section(ctx: Context, out: Recorder, bodies: pd.DataFrame, iso: str) -> None:
    out.header(ctx.t("country.coordination"))
    current = {row["body"] for row in ctx.truth.current_coordination(iso)}
    coordination = bodies[bodies["coordination"] == "true"]
    if not current:
        out.info(ctx.t("country.no_coordination", status=ctx.status_label(ctx.truth.status(iso, "aspect", "coordination-body"))))
    for row in coordination.to_dict("records"):
        parts = [f"**{_body(ctx, row['body'])}**" + ("" if row["body"] in current else f" ({esc(ctx.t('country.former'))})")]
        if row["role"]:
            parts.append(f"{esc(ctx.t('country.role'))}: {esc(ctx.concept_label('coordrole', row['role']))}")
        if row["chair"]:
            parts.append(f"{esc(ctx.t('country.chair'))}: {_body(ctx, row['chair'])}")
        if row["members"]:
            parts.append(f"{esc(ctx.t('country.members'))}: " + ", ".join(_body(ctx, m) for m in row["members"].split()))
        parts.append(f"{esc(ctx.t('common.legal_basis'))}: {_basis(ctx, row['legal_basis']) or '—'}")
        parts.append(source_links(row["sources"], ctx.lang))
        out.markdown(" · ".join(p for p in parts if p))


def strategy_section(ctx: Context, out: Recorder, strategies: pd.DataFrame, iso: str) -> None:
    out.header(ctx.t("country.strategy"))
    current = {row["strategy"] for row in ctx.truth.current_strategies(iso)}
    if not current:
        out.info(ctx.t("country.no_strategy", status=ctx.status_label(ctx.truth.status(iso, "aspect", "national-strategy"))))
    if not len(strategies):
        return
    lines = []
    for row in strategies.sort_values("period_start", ascending=False).to_dict("records"):
        state_word = ctx.t("country.current") if row["strategy"] in current else ctx.t("country.not_current")
        parts = [f"**{link(row['strategy'], ctx.full_label(row['strategy']))}** ({esc(state_word)})"]
        if row["period_start"] or row["period_end"]:
            parts.append(f"{esc(ctx.t('country.period'))}: {esc(period(ctx, row['period_start'], row['period_end']))}")
        if row["adopted_by"]:
            parts.append(f"{esc(ctx.t('country.adopted_by'))}: {_basis(ctx, row['adopted_by'])}")
        if row["monitoring"]:
            parts.append(link(row["monitoring"], ctx.t("country.monitoring")))
        if row["homepage"]:
            parts.append(link(row["homepage"], ctx.t("country.homepage")))
        parts.append(source_links(row["sources"], ctx.lang))
        lines.append("- " + " · ".join(p for p in parts if p))
    out.markdown("\n".join(lines))


def gazette(ctx: Context, row: dict) -> str:
    """The gazette citation of an instrument as recorded: gazette, issue, publication date."""
    issue = ctx.t("law.issue", issue=row["gazette_issue"]) if row.get("gazette_issue") else ""
    parts = [row.get("gazette") or "", issue, ctx.t("law.published", date=row["date_published"]) if row.get("date_published") else ""]
    return ", ".join(p for p in parts if p)


def _law_line(ctx: Context, row: dict) -> str:
    status = ctx.law_status_label(row["status"])
    facts = [str(row["year"]) if row.get("year") else "", status, gazette(ctx, row)]
    extra = f" ({esc('; '.join(f for f in facts if f))})"
    official = f" · {link(row['official_text'], ctx.t('col.official_text'))}" if row.get("official_text") else ""
    return f"{link(row['law'], ctx.full_label(row['law']))}{extra}{official} · {source_links(row['sources'], ctx.lang)}"


def laws_section(ctx: Context, out: Recorder, laws: pd.DataFrame, assessments: pd.DataFrame, iso: str) -> None:
    out.header(ctx.t("country.laws"))
    out.caption(ctx.t("country.laws_help"))
    notes = {r["aspect"]: r for r in assessments[assessments["scheme"] == "topic"].to_dict("records")}
    by_topic: dict[str, list[dict]] = {}
    for row in laws.to_dict("records"):
        for topic in model.split(row["topics"]):
            by_topic.setdefault(topic, []).append(row)
    baseline = set(ctx.baseline_topics())
    lines = []
    for topic in ctx.codes("topic"):
        status = ctx.truth.status(iso, "topic", topic)
        assessment = notes.get(topic)
        marker = "★ " if topic in baseline else ""
        note = f" — *{esc(assessment['comment'])}*" if assessment and assessment.get("comment") else ""
        source = f" · {source_links(assessment['sources'], ctx.lang)}" if assessment and assessment.get("sources") else ""
        lines.append(f"- {marker}**{esc(ctx.concept_label('topic', topic))}**: {charts.STATUS_SYMBOLS[status]} {esc(ctx.status_label(status))}{note}{source}")
        for row in by_topic.get(topic, []):
            lines.append(f"    - {_law_line(ctx, row)}")
    out.markdown("\n".join(lines))


def solutions_section(ctx: Context, out: Recorder, solutions: pd.DataFrame) -> None:
    out.header(ctx.t("country.solutions"))
    if not len(solutions):
        out.info(ctx.t("country.no_solutions"))
        return
    lines = []
    for row in solutions.to_dict("records"):
        parts = [f"**{esc(ctx.concept_label('soltype', row['soltype']))}**: {link(row['solution'], ctx.full_label(row['solution']))}"]
        if row["operator"]:
            parts.append(f"{esc(ctx.t('country.operator'))}: {_body(ctx, row['operator'])}")
        if row["legal_basis"]:
            parts.append(f"{esc(ctx.t('common.legal_basis'))}: {_basis(ctx, row['legal_basis'])}")
        if row["launched"]:
            parts.append(f"{esc(ctx.t('country.launched'))}: {esc(row['launched'])}")
        if row["interoperability_levels"]:
            parts.append(", ".join(esc(ctx.concept_label("interop", c)) for c in row["interoperability_levels"].split()))
        if row["homepage"]:
            parts.append(link(row["homepage"], ctx.t("country.homepage")))
        parts.append(source_links(row["sources"], ctx.lang))
        lines.append("- " + " · ".join(p for p in parts if p))
    out.markdown("\n".join(lines))


def indicators_section(ctx: Context, out: Recorder, indicators: pd.DataFrame) -> None:
    """Latest EGDI/GTMI, then every value linked to its observation, under its dataset and sources.

    Observations that share a dataset and sources are listed together under one line that links
    them (a third of the links of one line per value, each repeating the same dataset and sources).
    """
    out.header(ctx.t("country.indicators"))
    if not len(indicators):
        out.info(ctx.t("country.no_indicators"))
        return
    codes = [c for c in ("egdi", "gtmi") if c in set(indicators["indicator"])]
    iso = indicators["iso3"].iloc[0]
    figures = []
    for code in codes:
        latest = model.latest_indicator(indicators, code, [iso]).get(iso)
        years = indicators[indicators["indicator"] == code]["year"]
        figures.append((f"{ctx.concept_label('indicator', code)} ({max(years)})", f"{latest:.3f}" if latest is not None else "—"))
    if figures:
        out.metrics(figures)
    groups: dict[tuple[str, str], dict[str, list[str]]] = {}
    for row in indicators.to_dict("records"):
        value = f"{esc(row['year'])}: **{esc(row['value'])}**"
        shown = f"[{value}]({href(row['observation'])})" if is_url(row["observation"]) else value
        groups.setdefault((row["dataset"], row["sources"]), {}).setdefault(row["indicator"], []).append(shown)
    lines = []
    for (dataset, sources), by_indicator in groups.items():
        head = [link(dataset, ctx.label(dataset)) if dataset else "", source_links(sources, ctx.lang)]
        lines.append("- " + (" · ".join(p for p in head if p) or "—"))
        for code, values in by_indicator.items():
            lines.append(f"    - {esc(ctx.concept_label('indicator', code))}: {' · '.join(values)}")
    out.markdown("\n".join(lines))


def gaps_section(ctx: Context, out: Recorder, findings: pd.DataFrame, iso: str) -> None:
    out.header(ctx.t("country.gaps"))
    if not len(findings):
        out.success(ctx.t("country.no_gaps"))
        return
    rules = data.rules()
    lines = []
    for row in findings.to_dict("records"):
        rule = rules.get(row["rule"])
        name = (rule.names.get(ctx.lang) or rule.names.get("en")) if rule else row["rule"]
        value = f" ({link(row['value'], ctx.full_label(row['value']))})" if ui.is_url(row["value"]) else ""
        severity = f"{SEVERITY_ICON.get(row['severity'], '')} {ctx.t('severity.' + row['severity'])}"
        lines.append(f"- {esc(severity)} · **{esc(name)}**: {esc(row['message_' + ctx.lang])} · "
                     f"{link(row['focus'], ctx.full_label(row['focus']))}{value}")
    out.markdown("\n".join(lines))
    out.markdown(f"[→ {esc(ctx.t('page.gaps'))}](?page=gaps&gcountry={iso}&lang={ctx.lang})")
