"""Page 2, Country profile: every fact with its source link."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from explorer import charts, data, model, state, ui
from explorer.context import Context
from explorer.ui import esc, href, is_url, link, source_links
from mandato.namespaces import MD

SEVERITY_ICON = {"Warning": "⚠", "Info": "ℹ"}


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
    rejected = state.init("country", isos[0] if isos else "", parse=lambda v: v.strip().upper(), valid=lambda v: v in isos)
    if rejected is not None:
        st.error(ctx.t("country.unknown", code=rejected, n=len(isos)))
    iso = st.selectbox(ctx.t("country.select"), isos, key="country", format_func=lambda c: f"{ctx.country_name(c)} ({c})")
    state.remember(["country"])
    if not iso:
        return {}
    built = profile(ctx, iso)
    built.page.replay()
    tables = built.tables
    st.divider()
    state.init("table", "mandates", valid=lambda v: v in tables)
    name = st.selectbox(ctx.t("download.label", name=ctx.country_name(iso)), list(tables), key="table",
                        format_func=lambda n: f"{n} ({ctx.t('common.rows', n=len(tables[n]))})")
    ui.downloads(tables[name], f"{iso}-{name}", "profile_table", ctx.lang)
    state.remember(["table"])
    return {"country": iso}


def build_profile(ctx: Context, iso: str) -> Profile:
    """Every section of a country's profile, recorded (no Streamlit call is made here)."""
    out = Recorder()
    iri = ctx.country_iri(iso)
    subregion = ctx.subregion_of().get(iso, "")
    out.title(ctx.country_name(iso))
    out.markdown(f"{link(iri, iri)} · {esc(ctx.concept_label('subregion', subregion))}")

    # The all-country results are cached once (and warmed at start); a profile is a filter on them.
    summary = ctx.of_country("country-summary", iso)
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

    flags = summary.iloc[0] if len(summary) else {}
    baseline = ctx.baseline_topics()
    covered = model.topics_in_force(laws).get(iso, set())
    yes, no = ctx.t("common.yes"), ctx.t("common.no")
    out.metrics([
        (ctx.t("country.metric.lead"), yes if model.flag(flags.get("lead")) else no),
        (ctx.t("country.metric.coordination"), yes if model.flag(flags.get("coordination")) else no),
        (ctx.t("country.metric.strategy"), yes if model.flag(flags.get("strategy")) else no),
        (ctx.t("country.metric.baseline"), f"{len(covered & set(baseline))} / {len(baseline)}"),
        (ctx.t("country.metric.gaps"), len(findings)),
    ])

    lead_section(ctx, out, bodies, mandates)
    history_section(ctx, out, mandates, events)
    mandates_section(ctx, out, mandates)
    coordination_section(ctx, out, bodies)
    strategy_section(ctx, out, strategies)
    laws_section(ctx, out, laws, assessments)
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


def lead_section(ctx: Context, out: Recorder, bodies: pd.DataFrame, mandates: pd.DataFrame) -> None:
    out.header(ctx.t("country.lead"))
    lead = mandates[(mandates["mandate_type"] == "lead-digital-government") & (mandates["valid_until"] == "")]
    if not len(lead):
        out.info(ctx.t("country.no_lead"))
        return
    by_body = {row["body"]: row for row in bodies.to_dict("records")}
    for row in lead.to_dict("records"):
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
        if row.get("valid_from"):
            mandate.append(esc(ctx.t("common.since", date=row["valid_from"])))
        mandate.append(source_links(row.get("sources", ""), ctx.lang))
        organisation = [esc(ctx.t("col.body"))]
        if body.get("legal_basis"):
            organisation.append(f"{esc(ctx.t('common.legal_basis'))}: {_basis(ctx, body['legal_basis'])}")
        if body.get("homepage"):
            organisation.append(link(body["homepage"], ctx.t("country.homepage")))
        organisation.append(source_links(body.get("sources", ""), ctx.lang))
        out.markdown("- " + " · ".join(p for p in mandate if p) + "\n- " + " · ".join(p for p in organisation if p))


def history_section(ctx: Context, out: Recorder, mandates: pd.DataFrame, events: pd.DataFrame) -> None:
    out.subheader(ctx.t("country.history"))
    lead = mandates[mandates["mandate_type"] == "lead-digital-government"]
    holders = set(lead["holder"])
    founded, abolished = model._event_years(events)
    now = dt.date.today().year
    spans = []
    for row in lead.to_dict("records"):
        start = model.year_of(row["valid_from"]) or founded.get(row["holder"])
        end = model.year_of(row["valid_until"]) or abolished.get(row["holder"])
        if start is None:
            continue
        spans.append({
            "body": ctx.full_label(row["holder"]), "start": start, "end": (end or now + 1),
            "state": ctx.t("country.current") if not row["valid_until"] else ctx.t("country.former"),
            "until": row["valid_until"] or "",
        })
    related = events[events["original"].isin(holders) | events["resulting"].isin(holders)] if len(events) else events
    points = []
    for row in related.to_dict("records"):
        year = model.year_of(row["date"])
        if year is None:
            continue
        detail = f"{row['previous_name']} → {row['new_name']}" if row.get("previous_name") else ""
        points.append({"kind": ctx.label(f"{MD}{row['kind']}"), "body": ctx.full_label(row["resulting"] or row["original"]), "year": year, "detail": detail})
    if spans or points:
        out.chart(json.dumps(charts.timeline(pd.DataFrame(spans), pd.DataFrame(points), now, ctx.t("col.body"))), width="stretch")
    else:
        out.caption(ctx.t("country.no_history"))
    lines = []
    for row in (related.to_dict("records") if len(related) else []):
        bodies = [b for b in dict.fromkeys([row["original"], row["resulting"]]) if b]
        renamed = f" ({esc(row['previous_name'])} → {esc(row['new_name'])})" if row.get("previous_name") else ""
        basis = f" · {esc(ctx.t('common.legal_basis'))}: {_basis(ctx, row['legal_basis'])}" if row.get("legal_basis") else ""
        kind = ctx.label(f"{MD}{row['kind']}")
        lines.append(f"- **{esc(row['date'] or '?')}** · {link(row['event'], ctx.label(row['event']) if row['event'] in ctx.labels.names else kind)}: "
                     f"{', '.join(_body(ctx, b) for b in bodies)}{renamed}{basis} · {source_links(row['sources'], ctx.lang)}")
    for row in lead.sort_values("valid_from").to_dict("records"):
        period = " – ".join(p for p in (row["valid_from"], row["valid_until"]) if p)
        lines.append(f"- {esc(ctx.concept_label('mtype', row['mandate_type']))}: {_body(ctx, row['holder'])}"
                     f"{' · ' + esc(period) if period else ''} · {link(row['mandate'], ctx.t('col.mandate'))} · {source_links(row['sources'], ctx.lang)}")
    if lines:
        out.markdown("\n".join(lines))


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


def coordination_section(ctx: Context, out: Recorder, bodies: pd.DataFrame) -> None:
    out.header(ctx.t("country.coordination"))
    coordination = bodies[bodies["coordination"] == "true"]
    if not len(coordination):
        out.info(ctx.t("country.no_coordination"))
        return
    for row in coordination.to_dict("records"):
        parts = [f"**{_body(ctx, row['body'])}**"]
        if row["role"]:
            parts.append(f"{esc(ctx.t('country.role'))}: {esc(ctx.concept_label('coordrole', row['role']))}")
        if row["chair"]:
            parts.append(f"{esc(ctx.t('country.chair'))}: {_body(ctx, row['chair'])}")
        if row["members"]:
            parts.append(f"{esc(ctx.t('country.members'))}: " + ", ".join(_body(ctx, m) for m in row["members"].split()))
        parts.append(f"{esc(ctx.t('common.legal_basis'))}: {_basis(ctx, row['legal_basis']) or '—'}")
        parts.append(source_links(row["sources"], ctx.lang))
        out.markdown(" · ".join(p for p in parts if p))


def strategy_section(ctx: Context, out: Recorder, strategies: pd.DataFrame) -> None:
    out.header(ctx.t("country.strategy"))
    if not len(strategies):
        out.info(ctx.t("country.no_strategy"))
        return
    lines = []
    for row in strategies.sort_values("period_start", ascending=False).to_dict("records"):
        parts = [f"**{link(row['strategy'], ctx.full_label(row['strategy']))}**"]
        period = " – ".join(p for p in (row["period_start"], row["period_end"]) if p)
        if period:
            parts.append(f"{esc(ctx.t('country.period'))}: {esc(period)}")
        if row["adopted_by"]:
            parts.append(f"{esc(ctx.t('country.adopted_by'))}: {_basis(ctx, row['adopted_by'])}")
        if row["monitoring"]:
            parts.append(link(row["monitoring"], ctx.t("country.monitoring")))
        if row["homepage"]:
            parts.append(link(row["homepage"], ctx.t("country.homepage")))
        parts.append(source_links(row["sources"], ctx.lang))
        lines.append("- " + " · ".join(p for p in parts if p))
    out.markdown("\n".join(lines))


def _law_line(ctx: Context, row: dict) -> str:
    facts = [str(row["year"]) if row.get("year") else "", ctx.concept_label("inforce", row["status"]) if row["status"] else ""]
    extra = f" ({esc(', '.join(f for f in facts if f))})" if any(facts) else ""
    official = f" · {link(row['official_text'], ctx.t('col.official_text'))}" if row.get("official_text") else ""
    return f"{link(row['law'], ctx.full_label(row['law']))}{extra}{official} · {source_links(row['sources'], ctx.lang)}"


def laws_section(ctx: Context, out: Recorder, laws: pd.DataFrame, assessments: pd.DataFrame) -> None:
    out.header(ctx.t("country.laws"))
    topic_status = {r["aspect"]: r for r in assessments[assessments["scheme"] == "topic"].to_dict("records")}
    by_topic: dict[str, list[dict]] = {}
    for row in laws.to_dict("records"):
        for topic in model.split(row["topics"]):
            by_topic.setdefault(topic, []).append(row)
    baseline = set(ctx.baseline_topics())
    lines = []
    for topic in ctx.codes("topic"):
        assessment = topic_status.get(topic)
        status = ctx.t("country.assessed", status=ctx.status_label(assessment["status"])) if assessment else ctx.t("common.not_assessed")
        marker = "★ " if topic in baseline else ""
        note = f" — *{esc(assessment['comment'])}*" if assessment and assessment.get("comment") else ""
        source = f" · {source_links(assessment['sources'], ctx.lang)}" if assessment and assessment.get("sources") else ""
        lines.append(f"- {marker}**{esc(ctx.concept_label('topic', topic))}**: {esc(status)}{note}{source}")
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
        lines.append(f"- {SEVERITY_ICON.get(row['severity'], '')} **{esc(name)}**: {esc(row['message_' + ctx.lang])} · "
                     f"{link(row['focus'], ctx.full_label(row['focus']))}{value}")
    out.markdown("\n".join(lines))
    out.markdown(f"[→ {esc(ctx.t('page.gaps'))}](?page=gaps&gcountry={iso}&lang={ctx.lang})")
