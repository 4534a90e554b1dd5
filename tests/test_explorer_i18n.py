"""Complete en/es/pt: a visible string without a translation fails.

- every interface text has its three languages, and the Spanish and Portuguese texts are not left
  in English (except words that are the same in the three languages);
- every stored query has a title and a question in Spanish and Portuguese;
- every gap rule has its name, explanation and message in the three languages;
- every controlled-vocabulary concept has a label in the three languages;
- every page rendered in Spanish and in Portuguese shows no English interface text, and the
  page's <html lang> is set to the interface language.
"""

from __future__ import annotations

import sys

import pytest
from streamlit.testing.v1 import AppTest

from mandato.build import build
from mandato.paths import DATA_DIR, QUERIES_DIR, ROOT
from mandato.queries import list_queries

sys.path.insert(0, str(ROOT))

from explorer.i18n import LANGUAGES, entries  # noqa: E402
from explorer.views import PAGES  # noqa: E402

APP = ROOT / "explorer" / "app.py"
DEMO = ROOT / "tests" / "fixtures" / "graph" / "demo.ttl"
# the same word in the three languages (names, codes, technical terms)
SAME = {"download.csv", "download.json", "common.iri", "col.iri", "param.iri", "console.editor.yasgui", "console.editor",
        "page.overview", "nav.page", "page.compare", "common.country", "country.select", "overview.map", "col.mandate",
        "country.period", "country.operator", "col.period", "col.value", "gaps.open", "library.query", "console.query",
        "console.title", "ind.indicator", "common.legal_basis", "col.legal_basis", "country.form", "col.focus", "col.type",
        "col.indicator", "col.number", "gaps.group", "page.side", "side.title", "page.indicators", "country.indicators",
        "country.metric.gaps", "common.since", "common.from", "laws.countries", "col.profile", "ind.value", "search.box",
        "ind.median", "console.chart_value", "ind.series_countries", "country.members", "page.search", "country.role",
        "col.title", "col.topics", "laws.topics", "common.sources", "col.sources", "common.rows", "col.date", "col.label",
        "country.homepage", "console.yasgui.examples", "console.yasgui.run", "country.chair", "side.fact", "ind.countries",
        "ind.group", "brief.sources", "col.rule", "col.message", "country.mandates", "col.status", "country.event"}


def test_every_interface_text_has_three_languages():
    for key, values in entries().items():
        assert len(values) == len(LANGUAGES) and all(v.strip() for v in values), key
        en, es, pt = values
        if key not in SAME and len(en) > 3:
            assert es != en or pt != en, f"{key}: Spanish and Portuguese are still English ({en!r})"


def test_every_stored_query_is_titled_in_three_languages():
    for query in list_queries(QUERIES_DIR):
        for lang in ("es", "pt"):
            assert query.titles.get(lang), f"{query.slug}: no title@{lang}"
            assert query.questions.get(lang), f"{query.slug}: no question@{lang}"


def test_every_gap_rule_speaks_three_languages():
    sys.path.insert(0, str(ROOT))
    from explorer import data

    rules = data.rules.__wrapped__() if hasattr(data.rules, "__wrapped__") else data.rules()
    assert rules
    for name, rule in rules.items():
        for lang in LANGUAGES:
            assert rule.names.get(lang), f"{name}: no sh:name@{lang}"
            assert rule.messages.get(lang), f"{name}: no sh:message@{lang}"
            assert rule.descriptions.get(lang), f"{name}: no sh:description@{lang}"


def test_every_gap_message_is_plain_language():
    """No CURIE or property name in a message meant for people (issue 11: 'No md:monitoringInstrument recorded')."""
    import re

    from explorer import data

    for name, rule in data.rules().items():
        for lang, message in rule.messages.items():
            assert not re.search(r"\b(md|mdsh|org|dct|skos|rdfs|foaf):[A-Za-z]", message), (name, lang, message)


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("i18n") / "build"
    build(out, reason=False, data=[DATA_DIR / "jurisdictions.ttl", DEMO])
    return out


def test_every_concept_has_three_labels(fixture_build):
    from explorer.data import to_frame
    from mandato import queries
    from mandato.store import EmbeddedStore

    store = EmbeddedStore.from_build(fixture_build)
    concepts = to_frame(queries.run(store, queries.find_query(str(QUERIES_DIR / "explorer" / "concepts.rq"))))
    result = store.select("SELECT ?c (LANG(?l) AS ?lang) WHERE { { ?c skos:prefLabel ?l } UNION { ?c rdfs:label ?l } }")
    tagged = {(r["c"].value, r["lang"].value) for r in result.rows}
    missing = [(c, lang) for c in concepts["concept"] for lang in LANGUAGES if (c, lang) not in tagged]
    assert not missing, missing[:20]


def visible_texts(at: AppTest) -> list[str]:
    """Every text a reader sees on the page (elements, widget labels, options, table headers)."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [e.value for e in getattr(at, kind)]
    for metric in at.metric:
        texts.append(metric.label)
    for kind in ("selectbox", "multiselect", "radio", "text_input", "slider", "number_input", "text_area", "button"):
        for widget in getattr(at, kind):
            texts.append(widget.label)
            if kind in ("selectbox", "radio", "multiselect"):
                texts += [str(o) for o in widget.options]
    for frame in at.dataframe:
        texts += [str(c) for c in frame.value.columns]
    for expander in at.expander:
        texts.append(expander.label)
    return texts


PAGES_WITH_STATE = {"country": {"country": "URY"}, "brief": {"country": "URY"}, "search": {"find": "Fixture"},
                    "console": {"editor": "plain"}, "library": {"q": "lead-agencies"}}


@pytest.mark.parametrize("lang", ["es", "pt"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_english_interface_text_on_a_page(fixture_build, monkeypatch, name, lang):
    monkeypatch.setenv("MANDATO_BUILD", str(fixture_build))
    monkeypatch.delenv("MANDATO_EXPLORER_ENDPOINT", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in {"page": name, "lang": lang, **PAGES_WITH_STATE.get(name, {})}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    english = {values[0] for key, values in entries().items() if key not in SAME and values[0] != values[LANGUAGES.index(lang)]
               and "{" not in values[0] and len(values[0]) > 3}
    shown = visible_texts(at)
    if name == "library":  # result columns are the query's own variable names (?country, ?agency), as in any SPARQL tool
        shown = [t for t in shown if t not in {str(c) for f in at.dataframe for c in f.value.columns}]
    leaks = sorted({t for t in shown if t in english})
    assert not leaks, f"{name} in {lang} shows English interface text: {leaks}"
