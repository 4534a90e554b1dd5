"""Page 4, Gaps: the SHACL gap report grouped by rule or by country, with each rule's reasons.

A summary table lists the groups with their counts; the group chosen (a rule, or a country) is shown
in full: for a rule, its explanation, the passages that motivate it (dct:source, with the text of
the cited paragraph when the source copies are on this machine) and its findings.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import data, state, ui
from explorer.context import Context
from explorer.ui import esc, link
from mandato.namespaces import MDSH

SEVERITIES = ("", "Warning", "Info")
RANK = {"Warning": 0, "Info": 1}
ICON = {"Warning": "⚠", "Info": "ℹ"}  # noqa: RUF001
MAX_LINES = 300


def render(ctx: Context) -> dict:
    st.title(ctx.t("gaps.title"))
    isos = ctx.isos
    state.init("group", "rule", valid=lambda v: v in ("rule", "country"))
    rejected = state.init("gcountry", "", parse=lambda v: v.strip().upper(), valid=lambda v: v == "" or v in isos)
    state.init("severity", "", valid=lambda v: v in SEVERITIES)
    if rejected is not None:
        st.error(ctx.t("country.unknown", code=rejected, n=len(isos)))
    left, middle, right = st.columns(3)
    group = left.radio(ctx.t("gaps.group"), ["rule", "country"], key="group", horizontal=True, index=state.index("group", ["rule", "country"]),
                       format_func=lambda g: ctx.t(f"gaps.by_{g}"))
    country_options = ["", *sorted(isos, key=lambda c: ui.sort_key(ctx.country_name(c)))]
    country = middle.selectbox(ctx.t("common.country"), country_options, key="gcountry", index=state.index("gcountry", country_options),
                               format_func=lambda c: ctx.country_name(c) if c else ctx.t("common.all"))
    severity = right.selectbox(ctx.t("gaps.severity"), list(SEVERITIES), key="severity", index=state.index("severity", list(SEVERITIES)),
                               format_func=lambda s: ctx.t(f"severity.{s}") if s else ctx.t("common.all"))

    everything = data.findings(ctx.source)
    findings = everything
    if severity:
        findings = findings[findings["severity"] == severity]
    scoped = findings[findings["country"] == country] if country else findings
    counts = scoped["severity"].value_counts().to_dict()
    m = st.columns(4)
    m[0].metric(ctx.t("gaps.findings"), len(scoped), border=True)
    m[1].metric(ctx.t("gaps.warnings"), counts.get("Warning", 0), border=True)
    m[2].metric(ctx.t("gaps.infos"), counts.get("Info", 0), border=True)
    m[3].metric(ctx.t("gaps.countries"), scoped["country"].replace("", pd.NA).nunique(), border=True)
    rules = data.rules()
    report = lambda: pd.DataFrame({  # noqa: E731 - made only when a download is clicked
        ctx.t("col.country"): [ctx.country_name(c) if c else "" for c in scoped["country"]],
        ctx.t("col.rule"): [_rule_name(ctx, rules.get(r), r) for r in scoped["rule"]],
        ctx.t("col.severity"): [ctx.t(f"severity.{s}") for s in scoped["severity"]],
        ctx.t("col.focus"): [ctx.full_label(f) for f in scoped["focus"]],
        ctx.t("col.message"): list(scoped[f"message_{ctx.lang}"]),
        "ISO3": list(scoped["country"]), "rule": list(scoped["rule"]), "focus": list(scoped["focus"]),
        "path": list(scoped["path"]), "value": list(scoped["value"]),
    })
    ui.downloads(report, ctx.t("gaps.report"), "gaps_report", ctx.lang)

    params = {"group": group if group != "rule" else None, "gcountry": country, "severity": severity}
    if not len(scoped):
        st.info(ctx.t("gaps.none"))
        state.remember(["group", "gcountry", "severity"])
        return params
    if group == "rule":
        params["rule"] = by_rule(ctx, scoped)
    else:
        by_country(ctx, findings, country)
    state.remember(["group", "gcountry", "severity", "rule"])
    return params


def _rule_name(ctx: Context, rule: data.Rule | None, fallback: str) -> str:
    if rule is None:
        return fallback
    return rule.names.get(ctx.lang) or rule.names.get("en") or fallback


def _finding_line(ctx: Context, row: dict, with_country: bool, with_rule: str = "") -> str:
    where = f"**{esc(ctx.country_name(row['country']))}** · " if with_country and row["country"] else ""
    value = f" → {link(row['value'], ctx.full_label(row['value']))}" if ui.is_url(row["value"]) else (f" → {esc(row['value'])}" if row["value"] else "")
    rule = f"{ICON.get(row['severity'], '')} **{esc(with_rule)}**: " if with_rule else ""
    return f"- {rule}{where}{link(row['focus'], ctx.full_label(row['focus']))}{value} — {esc(row['message_' + ctx.lang])}"


def _lines(ctx: Context, rows: list[dict], **options) -> str:
    lines = [_finding_line(ctx, r, **options) for r in rows[:MAX_LINES]]
    if len(rows) > MAX_LINES:
        lines.append(f"- … (+{len(rows) - MAX_LINES})")
    return "\n".join(lines)


def motivation(ctx: Context, rule: data.Rule) -> str:
    """The passages the rule cites (dct:source): document, locator and the cited paragraph."""
    passages = ctx.q("source-passages")
    by_iri = {r["passage"]: r for r in passages.to_dict("records")}
    lines = []
    for iri in rule.sources:
        row = by_iri.get(iri)
        if row is None:
            lines.append(f"- {link(iri, ctx.full_label(iri))}")
            continue
        quoted = data.passage_text(row["local_copy"], row["locator"])
        body = f"\n\n    > {esc(quoted[:1200])}{'…' if len(quoted) > 1200 else ''}" if quoted else f" *{esc(ctx.t('gaps.passage_missing'))}*"
        lines.append(f"- {link(iri, ctx.label(row['document']))}, {esc(row['locator'])}{body}")
    return "\n".join(lines)


def by_rule(ctx: Context, findings: pd.DataFrame) -> str:
    rules = data.rules()
    summary = findings.groupby(["rule", "severity"]).agg(findings=("focus", "size"), countries=("country", "nunique")).reset_index()
    summary["rank"] = summary["severity"].map(RANK).fillna(2)
    summary = summary.sort_values(["rank", "findings", "rule"], ascending=[True, False, True])
    order = list(summary["rule"])
    names = {r: _rule_name(ctx, rules.get(r), r) for r in order}
    table = pd.DataFrame({
        ctx.t("col.rule"): [names[r] for r in order],
        ctx.t("col.severity"): [f"{ICON.get(s, '')} {ctx.t('severity.' + s)}" for s in summary["severity"]],
        ctx.t("gaps.findings"): list(summary["findings"]),
        ctx.t("gaps.countries"): list(summary["countries"]),
    })
    st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 420))
    severity_of = dict(zip(summary["rule"], summary["severity"]))
    state.init("rule", order[0], valid=lambda v: v in order)
    if st.session_state.get("rule") not in order:
        st.session_state["rule"] = order[0]
    chosen = st.selectbox(ctx.t("col.rule"), order, key="rule", index=state.index("rule", order),
                          format_func=lambda r: f"{ICON.get(severity_of[r], '')} {names[r]} — {int(summary.set_index('rule').loc[r, 'findings'])}")
    rule = rules.get(chosen)
    st.subheader(f"{ICON.get(severity_of[chosen], '')} {names[chosen]}")
    if rule is not None:
        st.markdown(f"**{esc(ctx.t('gaps.why'))}.** {esc(rule.descriptions.get(ctx.lang) or rule.descriptions.get('en', ''))}  \n"
                    f"{link(f'{MDSH}{chosen}', ctx.t('gaps.rule_definition'))}")
        st.markdown(f"**{esc(ctx.t('gaps.motivation'))}**\n\n{motivation(ctx, rule)}")
    rows = findings[findings["rule"] == chosen].to_dict("records")
    st.markdown(_lines(ctx, rows, with_country=True))
    return chosen


def by_country(ctx: Context, findings: pd.DataFrame, country: str) -> None:
    rules = data.rules()
    pivot = findings.assign(n=1).pivot_table(index="country", columns="severity", values="n", aggfunc="sum", fill_value=0)
    pivot = pivot.loc[sorted(pivot.index, key=lambda c: ui.sort_key(ctx.country_name(c) if c else "~"))]
    table = pd.DataFrame({
        ctx.t("col.country"): [ctx.country_name(c) if c else ctx.t("gaps.regional") for c in pivot.index],
        ctx.t("gaps.warnings"): [int(v) for v in pivot.get("Warning", pd.Series(0, index=pivot.index))],
        ctx.t("gaps.infos"): [int(v) for v in pivot.get("Info", pd.Series(0, index=pivot.index))],
        ctx.t("gaps.open"): [f"?page=gaps&group=country&gcountry={c}&lang={ctx.lang}" for c in pivot.index],
    })
    if not country:
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={ctx.t("gaps.open"): st.column_config.LinkColumn(ctx.t("gaps.open"), display_text="→")})
        st.caption(ctx.t("gaps.pick_country"))
        return
    rows = findings[findings["country"] == country]
    st.subheader(f"{ctx.country_name(country)} ({country})")
    for rule_id, group in sorted(rows.groupby("rule"), key=lambda item: (RANK.get(item[1]["severity"].iloc[0], 2), -len(item[1]), item[0])):
        name = _rule_name(ctx, rules.get(rule_id), rule_id)
        st.markdown(f"**{ICON.get(group['severity'].iloc[0], '')} {esc(name)}** ({len(group)})\n\n" + _lines(ctx, group.to_dict("records"), with_country=False))
