"""One truth: on the full data, every page that shows a status or a count shows the same answer.

Each concept has one definition (explorer/facts.py). This test builds the committed data (all 33
countries), renders every page that shows a concept through Streamlit's AppTest, reads the answer
off the page, and requires it to equal the definition's answer for every country:

- current lead body, co-ordination body, current strategy: overview table, country profile,
  compare matrix (governance aspects), side-by-side table, country brief, and the public library's
  lead-agencies query;
- baseline topics with a law in force: overview headline and table, profile, side by side, brief;
- status of each baseline legal topic: compare matrix, profile, side by side.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mandato import queries
from mandato.build import build
from mandato.paths import QUERIES_DIR, ROOT
from mandato.store import EmbeddedStore

sys.path.insert(0, str(ROOT))

from explorer import facts  # noqa: E402
from explorer.data import to_frame  # noqa: E402

APP = ROOT / "explorer" / "app.py"
ASPECTS = {"lead-body": "Lead body", "coordination-body": "Co-ordination body", "national-strategy": "Current strategy"}


@pytest.fixture(scope="module")
def full_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("truth") / "build"
    build(out, reason=False, check=False)  # the committed data as it is (validated elsewhere)
    return out


@pytest.fixture(scope="module")
def truth(full_build) -> facts.Truth:
    store = EmbeddedStore.from_build(full_build)
    frames = {slug: to_frame(queries.run(store, queries.find_query(str(QUERIES_DIR / "explorer" / f"{slug}.rq"))))
              for slug in facts.TRUTH_QUERIES}
    return facts.from_frames(frames)


@pytest.fixture(autouse=True)
def env(full_build, monkeypatch):
    monkeypatch.setenv("MANDATO_BUILD", str(full_build))
    monkeypatch.delenv("MANDATO_EXPLORER_ENDPOINT", raising=False)


def page(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def baseline(truth: facts.Truth) -> list[str]:
    from explorer.data import source_for
    from explorer.context import Context

    return Context("en", source_for("")).baseline_topics()


def test_full_data_has_every_country(truth):
    assert len(truth.isos) == 33
    assert sum(truth.has(iso, "lead-body") for iso in truth.isos) >= 30


def test_overview_agrees_with_the_definitions(truth):
    at = page()
    head = {m.label: m.value for m in at.metric}
    topics = baseline(truth)
    n = len(truth.isos)
    for label, aspect in (("with a lead body", "lead-body"), ("with a co-ordination body", "coordination-body"),
                          ("with a current strategy", "national-strategy")):
        assert head[label] == f"{sum(truth.has(i, aspect) for i in truth.isos) / n:.0%}", label
    table = at.dataframe[0].value.set_index("ISO3")
    for iso in truth.isos:
        row = table.loc[iso]
        assert (row["with a lead body"] == "yes") == truth.has(iso, "lead-body"), iso
        assert (row["with a co-ordination body"] == "yes") == truth.has(iso, "coordination-body"), iso
        assert (row["with a current strategy"] == "yes") == truth.has(iso, "national-strategy"), iso
        assert int(row["baseline topics with a law in force"]) == len(truth.baseline_in_force(iso, topics)), iso
    for topic in topics:
        share = sum(topic in truth.baseline_in_force(i, topics) for i in truth.isos) / n
        assert any(m.value == f"{share:.0%}" and m.help and "of 33" in m.help for m in at.metric), topic


def test_every_profile_agrees_with_the_definitions(truth):
    topics = baseline(truth)
    at = page(page="country", country=truth.isos[0])
    for iso in truth.isos:
        at.selectbox(key="country").set_value(iso).run()
        assert not at.exception
        values = {m.label: m.value for m in at.metric}
        for aspect, label in ASPECTS.items():
            assert values[label] == ("yes" if truth.has(iso, aspect) else "no"), (iso, aspect)
        assert values["Baseline laws"] == f"{len(truth.baseline_in_force(iso, topics))} / {len(topics)}", iso
        text = "\n".join(m.value for m in at.markdown)
        for topic in topics:
            status = truth.status(iso, "topic", topic)
            label = {"present": "Present", "absent": "Absent", "unknown": "Unknown", "not-applicable": "Not applicable"}[status]
            assert re.search(rf"\*\*[^*]+\*\*: . {label}", text), (iso, topic, status)


@pytest.mark.parametrize("dim", ["aspect", "topic"])
def test_compare_matrix_agrees_with_the_definitions(truth, dim):
    at = page(page="compare", dim=dim)
    matrix = at.dataframe[0].value  # the matrix as a table (rows by country name)
    codes = list(ASPECTS) if dim == "aspect" else baseline(truth)
    statuses = {"✓": "present", "✗": "absent", "?": "unknown", "–": "not-applicable"}
    from explorer.context import Context
    from explorer.data import source_for

    ctx = Context("en", source_for(""))
    by_name = {ctx.country_name(iso): iso for iso in truth.isos}
    for _, row in matrix.iterrows():
        iso = by_name[row["country"]]
        for code in codes:
            cell = row[ctx.concept_label(dim, code)]
            assert statuses[cell.split()[0]] == truth.status(iso, dim, code), (iso, code, cell)


def test_side_by_side_and_brief_agree_with_the_definitions(truth):
    from explorer import brief
    from explorer.context import Context
    from explorer.data import source_for

    ctx = Context("en", source_for(""))
    topics = baseline(truth)
    for group in [truth.isos[i:i + 4] for i in range(0, len(truth.isos), 4)]:
        if len(group) < 2:
            group = [truth.isos[0], *group]
        at = page(page="side", sides=",".join(group))
        table = at.dataframe[0].value.set_index("fact")
        for iso in group:
            column = table[ctx.country_name(iso)]
            assert (not column["Current lead body"].startswith("—")) == truth.has(iso, "lead-body"), iso
            assert column["Co-ordination body"] == ("yes" if truth.has(iso, "coordination-body") else "no"), iso
            assert column["Current strategy"] == ("yes" if truth.has(iso, "national-strategy") else "no"), iso
            assert column["Baseline laws"] == f"{len(truth.baseline_in_force(iso, topics))} / {len(topics)}", iso
    for iso in truth.isos:
        document = brief.brief_html(ctx, iso)
        key = dict(re.findall(r"<td>([^<]+)<b>([^<]+)</b></td>", document))
        for aspect, label in ASPECTS.items():
            assert key[label] == ("yes" if truth.has(iso, aspect) else "no"), (iso, aspect)
        assert key["Baseline laws"] == f"{len(truth.baseline_in_force(iso, topics))} / {len(topics)}", iso


def test_library_lead_agencies_query_agrees_with_the_definition(truth, full_build):
    """The public library's lead-agencies query (SPARQL) names a current lead body exactly where the
    explorer's definition finds one, and the same bodies."""
    store = EmbeddedStore.from_build(full_build)
    result = to_frame(queries.run(store, queries.find_query("lead-agencies")))
    from_query: dict[str, set[str]] = {}
    for row in result.to_dict("records"):
        if row["agency"]:
            from_query.setdefault(row["country"], set()).add(row["agency"])
    for iso in truth.isos:
        assert from_query.get(iso, set()) == {r["holder"] for r in truth.current_leads(iso)}, iso


def test_laws_page_in_force_count_agrees_with_the_definition(truth):
    at = page(page="laws", statuses=",".join(facts.IN_FORCE))  # partially in force counts as in force
    shown = re.search(r"(\d+) of (\d+) instruments", "\n".join(m.value for m in at.markdown))
    assert shown and int(shown.group(1)) == sum(len(truth.laws_in_force(iso)) for iso in truth.isos)
    assert isinstance(at.dataframe[0].value, pd.DataFrame)
