"""Page, State or province: one subnational jurisdiction, its lead body, what covers each topic in
it (its own act or a higher tier), its own instruments and solutions, and its gap findings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import data, state, subnational, ui
from explorer.context import Context
from explorer.i18n import register
from explorer.ui import esc, link

register({
    "state.select": ("State or province", "Estado o provincia", "Estado ou província"),
    "state.unknown": ("No state or province with the code {code}.", "No hay estado ni provincia con el código {code}.",
                      "Nenhum estado ou província com o código {code}."),
    "state.none": ("No state or province is recorded.", "No hay estados ni provincias registrados.", "Nenhum estado ou província está registrado."),
    "state.of": ("{tier} of {country}", "{tier} de {country}", "{tier} de {country}"),
    "state.tier": ("State or province", "Estado o provincia", "Estado ou província"),
    "state.lead": ("Lead digital government body", "Órgano rector de gobierno digital", "Órgão líder de governo digital"),
    "state.no_lead": ("No current lead body recorded (assessment: {status}).", "Sin órgano rector vigente registrado (evaluación: {status}).",
                      "Nenhum órgão líder vigente registrado (avaliação: {status})."),
    "state.coverage": ("What covers each topic today", "Qué cubre cada tema hoy", "O que cobre cada tema hoje"),
    "state.laws": ("Its own instruments in force", "Sus propios instrumentos vigentes", "Seus próprios instrumentos vigentes"),
    "state.solutions": ("Its own cross-cutting solutions", "Sus propias soluciones transversales", "Suas próprias soluções transversais"),
    "state.gaps": ("Gap findings", "Hallazgos de brechas", "Achados de lacunas"),
    "state.nothing": ("None recorded.", "Ninguno registrado.", "Nenhum registrado."),
    "state.col.item": ("topic, solution type or aspect", "tema, tipo de solución o aspecto", "tema, tipo de solução ou aspecto"),
    "state.col.kind": ("kind", "tipo", "tipo"),
    "state.col.law": ("instrument", "instrumento", "instrumento"),
    "state.col.number": ("number", "número", "número"),
    "state.col.topic": ("topic", "tema", "tema"),
    "state.col.solution": ("solution", "solución", "solução"),
    "state.col.rule": ("rule", "regla", "regra"),
    "state.col.severity": ("severity", "severidad", "severidade"),
    "state.col.message": ("message", "mensaje", "mensagem"),
    "state.back": ("Back to {country}", "Volver a {country}", "Voltar para {country}"),
})

KINDS = {"topic": "compare.topics", "soltype": "compare.soltypes", "aspect": "compare.aspects"}


def render(ctx: Context) -> dict:
    index = subnational.index(ctx.source)
    codes = sorted((j.code for j in index.by_iri.values() if j.tier == "subnational"), key=lambda c: (index.country(index.get(c).iri), c))
    if not codes:
        st.info(ctx.t("state.none"))
        return {}
    rejected = state.init("state", codes[0], parse=lambda v: v.strip().upper(), valid=lambda v: v in codes)
    if rejected is not None:
        st.error(ctx.t("state.unknown", code=rejected))
    code = st.selectbox(ctx.t("state.select"), codes, key="state", index=state.index("state", codes),
                        format_func=lambda c: f"{subnational.state_name(ctx.source, c, ctx.lang)} ({c})")
    state.remember(["state"])
    jurisdiction = index.get(code)
    iso3 = index.country(jurisdiction.iri)
    st.title(jurisdiction.label(ctx.lang))
    st.markdown(f"{esc(ctx.t('state.of', tier=ctx.t('state.tier'), country=ctx.country_name(iso3)))} · "
                f"[{esc(ctx.t('state.back', country=ctx.country_name(iso3)))}](?page=country&country={iso3}&lang={ctx.lang}) · "
                f"{link(jurisdiction.iri, ctx.t('common.linked_data'))}")

    lead = data.run_library(ctx.source, "lead-agencies", {"country": code})
    st.subheader(ctx.t("state.lead"))
    current = lead[(lead["agency"] != "") & (lead["validity"] == "valid")] if len(lead) else lead
    if len(current):
        for row in current.to_dict("records"):
            basis = f" · {link(row['legal_basis'], ctx.full_label(row['legal_basis']))}" if row["legal_basis"] else ""
            st.markdown(f"**{link(row['agency'], ctx.label(row['agency']))}**{basis}")
    else:
        status = lead["lead_body_status"].iloc[0] if len(lead) else "not-assessed"
        st.markdown(esc(ctx.t("state.no_lead", status=ctx.status_label(status) if status != "not-assessed" else ctx.t("sub.cov.not-assessed"))))

    st.subheader(ctx.t("state.coverage"))
    st.caption(ctx.t("sub.help"))
    labels = subnational.coverage_labels(ctx)
    frame = subnational.coverage(ctx.source)
    mine = frame[frame["jurisdiction"] == code]
    rows = []
    for scheme in subnational.SCHEMES:
        for item in ctx.codes(scheme):
            hit = mine[(mine["scheme"] == scheme) & (mine["aspect"] == item)]
            value = hit["coverage"].iloc[0] if len(hit) else "not-assessed"
            by = hit["covered_by"].iloc[0] if len(hit) else ""
            rows.append({
                ctx.t("state.col.kind"): ctx.t(KINDS[scheme]).split("×")[-1].strip(),
                ctx.t("state.col.item"): ctx.concept_label(scheme, item),
                ctx.t("sub.col.coverage"): f"{subnational.SYMBOLS[value]} {labels[value]}",
                ctx.t("sub.col.by"): ", ".join(ctx.label(i) for i in by.split()),
            })
    ui.table(pd.DataFrame(rows), f"{code}-coverage", "state_coverage", ctx.lang)

    st.subheader(ctx.t("state.laws"))
    laws = data.run_library(ctx.source, "laws", {"country": code})
    if len(laws):
        shown = pd.DataFrame({
            ctx.t("state.col.topic"): [ctx.concept_label("topic", t) for t in laws["topic"]],
            ctx.t("state.col.law"): laws["title"], ctx.t("state.col.number"): laws["number"], "url": laws["url"],
        })
        ui.table(shown, f"{code}-laws", "state_laws", ctx.lang, full=laws)
    else:
        st.caption(ctx.t("state.nothing"))

    st.subheader(ctx.t("state.solutions"))
    solutions = data.run_library(ctx.source, "solutions", {"country": code})
    if len(solutions):
        shown = pd.DataFrame({
            ctx.t("state.col.solution"): solutions["label"],
            ctx.t("state.col.kind"): [ctx.concept_label("soltype", t) for t in solutions["solution_type"]],
            "iri": solutions["solution"],
        })
        ui.table(shown, f"{code}-solutions", "state_solutions", ctx.lang, full=solutions)
    else:
        st.caption(ctx.t("state.nothing"))

    st.subheader(ctx.t("state.gaps"))
    findings = data.all_findings(ctx.source)
    findings = findings[(findings["jurisdiction"] == code) | findings["jurisdiction"].str.startswith(code + "-")]
    if len(findings):
        shown = pd.DataFrame({
            ctx.t("state.col.severity"): findings["severity"], ctx.t("state.col.rule"): findings["rule"],
            ctx.t("state.col.message"): findings[f"message_{ctx.lang}"], "focus": findings["focus"],
        })
        ui.table(shown, f"{code}-gaps", "state_gaps", ctx.lang, full=findings)
    else:
        st.caption(ctx.t("state.nothing"))
    return {"state": code}
