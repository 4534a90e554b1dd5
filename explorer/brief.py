"""The country brief: one printable page per country and language, as HTML and as PDF.

Built from the same definitions as every page (explorer/facts.py through the Context): lead body
and its history, legal framework by topic with in-force status and gazette citations, solutions,
strategy, gap findings, indicators with their LAC rank, and the sources, numbered. The HTML is
self-contained (inline CSS, no script, nothing fetched); the PDF is that HTML printed by headless
Chromium (docs/decisions/0011-country-brief-pdf.md says why Chromium and not WeasyPrint).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from explorer import charts, data, facts, model
from explorer.context import Context
from explorer.i18n import register
from mandato.errors import MandatoError
from mandato.namespaces import MD

register({
    "brief.title": ("Country brief: {country}", "Ficha de país: {country}", "Ficha do país: {country}"),
    "brief.generated": (
        "Mandato knowledge graph · data built {built} · brief made {today} · every fact with its numbered source",
        "Grafo de conocimiento Mandato · datos generados el {built} · ficha elaborada el {today} · cada hecho con su fuente numerada",
        "Grafo de conhecimento Mandato · dados gerados em {built} · ficha elaborada em {today} · cada fato com sua fonte numerada",
    ),
    "brief.key": ("Key facts", "Datos clave", "Fatos-chave"),
    "brief.lead": ("Lead body and history", "Órgano rector e historia", "Órgão líder e história"),
    "brief.legal": ("Legal framework by topic", "Marco legal por tema", "Marco legal por tema"),
    "brief.solutions": ("Cross-cutting solutions", "Soluciones transversales", "Soluções transversais"),
    "brief.strategy": ("Strategy and co-ordination", "Estrategia y coordinación", "Estratégia e coordenação"),
    "brief.gaps": ("Gap findings", "Brechas detectadas", "Lacunas detectadas"),
    "brief.indicators": ("Indicators (latest value, rank within LAC)", "Indicadores (último valor, posición en ALC)", "Indicadores (último valor, posição na ALC)"),
    "brief.sources": ("Sources", "Fuentes", "Fontes"),
    "brief.none": ("none recorded", "ninguno registrado", "nenhum registrado"),
    "brief.more_gaps": ("and {n} more in the gap report", "y {n} más en el informe de brechas", "e mais {n} no relatório de lacunas"),
    "brief.rank": ("rank {rank} of {n}", "posición {rank} de {n}", "posição {rank} de {n}"),
    "brief.download_html": ("Download the brief (HTML)", "Descargar la ficha (HTML)", "Baixar a ficha (HTML)"),
    "brief.download_pdf": ("Download the brief (PDF)", "Descargar la ficha (PDF)", "Baixar a ficha (PDF)"),
    "brief.no_pdf": (
        "The PDF needs Chromium on the server (apt-get install chromium); the HTML brief prints the same from any browser.",
        "El PDF necesita Chromium en el servidor (apt-get install chromium); la ficha HTML se imprime igual desde cualquier navegador.",
        "O PDF precisa do Chromium no servidor (apt-get install chromium); a ficha HTML imprime igual em qualquer navegador.",
    ),
})

MAX_GAPS = 12
CSS = """
@page { size: A4; margin: 12mm 12mm 14mm 12mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 8.6pt; line-height: 1.32; color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2pt 0; } h2 { font-size: 10pt; margin: 8pt 0 2pt 0; border-bottom: 1px solid #777; }
p.meta { color: #333; margin: 0 0 4pt 0; font-size: 7.6pt; }
ul, ol { margin: 0 0 0 14pt; padding: 0; } li { margin: 0 0 1pt 0; }
table.key { border-collapse: collapse; width: 100%; } table.key td { border: 1px solid #999; padding: 2pt 4pt; width: 20%; }
table.key b { display: block; font-size: 10pt; }
.status { font-weight: bold; } sup { font-size: 6.5pt; } a { color: #0b4f8a; text-decoration: none; }
ol.sources { font-size: 6.8pt; columns: 2; column-gap: 12pt; word-break: break-all; }
.columns { columns: 2; column-gap: 14pt; }
"""


class Citations:
    """Numbered sources: each URL gets a number the first time it is cited."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def cite(self, sources: str) -> str:
        numbers = []
        for url in (sources or "").split():
            if not url.startswith(("http://", "https://")):
                continue
            if url not in self.urls:
                self.urls.append(url)
            numbers.append(self.urls.index(url) + 1)
        return f"<sup>[{','.join(str(n) for n in sorted(set(numbers)))}]</sup>" if numbers else ""


def e(value: object) -> str:
    return html.escape(str(value or ""), quote=True)


def a(url: str, label: str) -> str:
    return f'<a href="{e(url)}">{e(label)}</a>' if url.startswith(("http://", "https://")) else e(label)


def brief_html(ctx: Context, iso: str, built: str = "") -> str:
    """The brief of a country in the context's language, as one self-contained HTML document."""
    t, truth, cite = ctx.t, ctx.truth, Citations()
    name = ctx.country_name(iso)
    body = [f"<h1>{e(t('brief.title', country=name))}</h1>",
            f"<p class=meta>{e(ctx.concept_label('subregion', ctx.subregion_of().get(iso, '')))} · "
            f"{e(t('brief.generated', built=built or '?', today=dt.date.today().isoformat()))}</p>"]
    findings = data.findings(ctx.source)
    findings = findings[findings["country"] == iso]
    baseline = ctx.baseline_topics()
    yes, no = t("common.yes"), t("common.no")
    cells = [(t("country.metric.lead"), yes if truth.has(iso, "lead-body") else no),
             (t("country.metric.coordination"), yes if truth.has(iso, "coordination-body") else no),
             (t("country.metric.strategy"), yes if truth.has(iso, "national-strategy") else no),
             (t("country.metric.baseline"), f"{len(truth.baseline_in_force(iso, baseline))} / {len(baseline)}"),
             (t("country.metric.gaps"), str(len(findings)))]
    body.append(f"<h2>{e(t('brief.key'))}</h2><table class=key><tr>" + "".join(f"<td>{e(k)}<b>{e(v)}</b></td>" for k, v in cells) + "</tr></table>")

    # lead body and its history
    body.append(f"<h2>{e(t('brief.lead'))}</h2>")
    history = truth.lead_history(iso)
    current = {row["mandate"] for row in truth.current_leads(iso)}
    if history.spans:
        from explorer.views.country import period

        items = [f"<li>{'<b>' if s.mandate in current else ''}{a(s.holder, ctx.full_label(s.holder))}{'</b>' if s.mandate in current else ''}"
                 f" — {e(period(ctx, s.start, s.end, s.current))}{cite.cite(s.sources)}</li>" for s in history.spans]
        body.append("<ol>" + "".join(items) + "</ol>")
        events = [f"<li>{e(r.get('date') or t('common.date_unknown'))}: {e(ctx.label(MD + r['kind']))} — "
                  f"{e(' → '.join(ctx.full_label(b) for b in dict.fromkeys([r.get('original'), r.get('resulting')]) if b))}"
                  f"{' (' + e(r['previous_name']) + ' → ' + e(r['new_name']) + ')' if r.get('previous_name') else ''}{cite.cite(r.get('sources', ''))}</li>"
                  for r in history.events]
        if events:
            body.append(f"<p><i>{e(t('country.events'))}</i></p><ul>" + "".join(events) + "</ul>")
    else:
        body.append(f"<p>{e(t('country.no_lead', status=ctx.status_label(truth.status(iso, 'aspect', 'lead-body'))))}</p>")

    # legal framework by topic
    body.append(f"<h2>{e(t('brief.legal'))}</h2><ul class=columns>")
    laws = model.with_years(ctx.of_country("legal-instruments", iso))
    by_topic: dict[str, list[dict]] = {}
    for row in laws.to_dict("records"):
        for topic in facts.split(row["topics"]):
            by_topic.setdefault(topic, []).append(row)
    for topic in ctx.codes("topic"):
        status = truth.status(iso, "topic", topic)
        star = "★ " if topic in baseline else ""
        items = []
        for row in by_topic.get(topic, []):
            in_force = ctx.law_status_label(row["status"])
            from explorer.views.country import gazette as citation

            gazette = citation(ctx, row)
            items.append(f"<li>{a(row['law'], ctx.full_label(row['law']))} ({e(in_force)}{'; ' + e(gazette) if gazette else ''}){cite.cite(row['sources'])}</li>")
        body.append(f"<li>{e(star)}<b>{e(ctx.concept_label('topic', topic))}</b>: <span class=status>{e(charts.STATUS_SYMBOLS[status])} "
                    f"{e(ctx.status_label(status))}</span>" + (f"<ul>{''.join(items)}</ul>" if items else "") + "</li>")
    body.append("</ul>")

    # solutions
    body.append(f"<h2>{e(t('brief.solutions'))}</h2>")
    solutions = ctx.of_country("solutions-catalogue", iso)
    if len(solutions):
        body.append("<ul class=columns>" + "".join(
            f"<li><b>{e(ctx.concept_label('soltype', r['soltype']))}</b>: {a(r['solution'], ctx.full_label(r['solution']))}"
            f"{' — ' + e(ctx.full_label(r['operator'])) if r['operator'] else ''}{cite.cite(r['sources'])}</li>"
            for r in solutions.to_dict("records")) + "</ul>")
    else:
        body.append(f"<p>{e(t('brief.none'))}</p>")

    # strategy and co-ordination
    body.append(f"<h2>{e(t('brief.strategy'))}</h2><ul>")
    strategies = truth.current_strategies(iso)
    for row in strategies:
        from explorer.views.country import period

        body.append(f"<li>{a(row['strategy'], ctx.full_label(row['strategy']))} — {e(period(ctx, row['period_start'], row['period_end']))}{cite.cite(row['sources'])}</li>")
    if not strategies:
        body.append(f"<li>{e(t('country.no_strategy', status=ctx.status_label(truth.status(iso, 'aspect', 'national-strategy'))))}</li>")
    coordination = truth.current_coordination(iso)
    for row in coordination:
        body.append(f"<li>{e(t('country.coordination'))}: {a(row['body'], ctx.full_label(row['body']))}{cite.cite(row['sources'])}</li>")
    if not coordination:
        body.append(f"<li>{e(t('country.no_coordination', status=ctx.status_label(truth.status(iso, 'aspect', 'coordination-body'))))}</li>")
    body.append("</ul>")

    # gap findings
    body.append(f"<h2>{e(t('brief.gaps'))}</h2>")
    if len(findings):
        rules = data.rules()
        shown = findings.assign(rank=findings["severity"].map({"Warning": 0, "Info": 1})).sort_values(["rank", "rule"])
        items = []
        for row in shown.head(MAX_GAPS).to_dict("records"):
            rule = rules.get(row["rule"])
            rule_name = (rule.names.get(ctx.lang) or rule.names.get("en")) if rule else row["rule"]
            items.append(f"<li>{e(t('severity.' + row['severity']))} · <b>{e(rule_name)}</b>: {e(row['message_' + ctx.lang])} ({e(ctx.full_label(row['focus']))})</li>")
        if len(findings) > MAX_GAPS:
            items.append(f"<li>… {e(t('brief.more_gaps', n=len(findings) - MAX_GAPS))}</li>")
        body.append("<ul>" + "".join(items) + "</ul>")
    else:
        body.append(f"<p>{e(t('country.no_gaps'))}</p>")

    # indicators
    body.append(f"<h2>{e(t('brief.indicators'))}</h2>")
    indicator_items = indicator_lines(ctx, iso, cite)
    body.append("<ul class=columns>" + "".join(indicator_items) + "</ul>" if indicator_items else f"<p>{e(t('country.no_indicators'))}</p>")

    body.append(f"<h2>{e(t('brief.sources'))}</h2><ol class=sources>" + "".join(f"<li>{a(u, u)}</li>" for u in cite.urls) + "</ol>")
    return (f'<!DOCTYPE html><html lang="{e(ctx.lang)}"><head><meta charset="utf-8"><title>{e(t("brief.title", country=name))}</title>'
            f"<style>{CSS}</style></head><body><main>{''.join(body)}</main></body></html>\n")


def indicator_lines(ctx: Context, iso: str, cite: Citations) -> list[str]:
    from explorer.views.indicators import LOWER_IS_BETTER, codes_present, numeric, ranked

    values = numeric(ctx.q("indicator-values"))
    if not len(values) or iso not in set(values["iso3"]):
        return []
    lines = []
    for code in codes_present(ctx, values):
        series = values[(values["indicator"] == code)]
        mine = series[series["iso3"] == iso]
        if not len(mine) or code in LOWER_IS_BETTER:
            continue
        year = int(mine["year_n"].max())
        table = ranked(series[series["year_n"] == year], code).set_index("iso3")
        row = mine[mine["year_n"] == year].iloc[0]
        rank = ctx.t("brief.rank", rank=int(table.loc[iso, "rank"]), n=len(table))
        lines.append(f"<li><b>{e(ctx.concept_label('indicator', code))}</b> {year}: {float(row['number']):.3f} ({e(rank)}){cite.cite(row['sources'])}</li>")
    return lines


def chromium() -> str | None:
    """The Chromium (or Chrome) binary used to print PDFs, or None."""
    for name in (os.environ.get("MANDATO_CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and (found := shutil.which(name) or (name if Path(name).is_file() else None)):
            return found
    return None


def to_pdf(document: str, timeout: float = 60.0) -> bytes:
    """The HTML printed to PDF by headless Chromium (no network: the document is self-contained)."""
    binary = chromium()
    if binary is None:
        raise MandatoError("the PDF brief needs Chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="mandato-brief-") as tmp:
        source, target = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        source.write_text(document, encoding="utf-8")
        command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                   "--no-first-run", "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
                   f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={target}", source.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise MandatoError(f"Chromium did not print the brief within {timeout:.0f} s") from None
        if not target.is_file() or target.stat().st_size == 0:
            raise MandatoError("Chromium could not print the brief")
        return target.read_bytes()
