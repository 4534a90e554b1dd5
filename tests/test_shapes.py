"""Every shape has a conforming and a non-conforming fixture; the non-conforming one pins the result.

tests/fixtures/shapes/<ShapeLocalName>/pass.ttl   -> the shape reports nothing
tests/fixtures/shapes/<ShapeLocalName>/fail.ttl   -> the shape reports exactly expected.json
expected.json: [{"focus": IRI, "path": "md:number" or null, "severity": "Violation", "value": IRI/literal (optional)}]
Gap shapes are also run through the SPARQL engine of `mandato gaps`, which must agree with pySHACL.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from conftest import SHAPE_FIXTURES, all_shapes, local, named_shapes, single_shape
from mandato.derive import with_derived
from mandato.gaps import anti_joins, compile_all
from mandato.shaclc import run
from mandato.namespaces import PREFIXES
from mandato.rdfio import parse_turtle
from mandato.shacl import check_shapes_graph, findings_from, gap_shapes, integrity_shapes, run_shapes
from mandato.store import EmbeddedStore

SHAPES = all_shapes()
NAMES = [local(s) for s in named_shapes(SHAPES)]


def _results(shape_name: str, fixture: str, ontology: Graph):
    shape = next(s for s in named_shapes(SHAPES) if local(s) == shape_name)
    data = parse_turtle(SHAPE_FIXTURES / shape_name / fixture).graph
    shapes = single_shape(shape, SHAPES)
    data = with_derived(data)
    findings = findings_from(run_shapes(data, shapes, ontology), shapes, data)
    return [f for f in findings if f.rule == shape_name], data, shape


def _key(item: dict) -> tuple:
    return (item["focus"], item.get("path") or "", item["severity"])


def test_at_least_25_gap_shapes():
    gaps = [s for s in named_shapes(gap_shapes())]
    assert len(gaps) >= 25, f"only {len(gaps)} gap shapes"


def test_every_shape_has_both_fixtures():
    missing = [n for n in NAMES if not ((SHAPE_FIXTURES / n / "pass.ttl").exists() and (SHAPE_FIXTURES / n / "fail.ttl").exists() and (SHAPE_FIXTURES / n / "expected.json").exists())]
    assert not missing, f"shapes without pass.ttl/fail.ttl/expected.json fixtures: {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_pass_fixture_conforms(name, ontology):
    findings, _, _ = _results(name, "pass.ttl", ontology)
    assert findings == [], [f.as_dict() for f in findings]


@pytest.mark.parametrize("name", NAMES)
def test_fail_fixture_pins_results(name, ontology):
    findings, _, _ = _results(name, "fail.ttl", ontology)
    expected = json.loads((SHAPE_FIXTURES / name / "expected.json").read_text(encoding="utf-8"))
    assert expected, "expected.json must list at least one result"
    got = sorted({(f.focus, f.path, f.severity) for f in findings})
    want = sorted({_key(e) for e in expected})
    assert got == want
    for item in expected:
        if "value" in item:
            assert any(f.focus == item["focus"] and f.value == item["value"] for f in findings), item


GAP_NAMES = [n for n in NAMES if n in {local(s) for s in named_shapes(gap_shapes())}]


def _fixture_store(data: Graph, ontology: Graph) -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_ntriples((with_derived(data) + ontology).serialize(format="nt"))
    return store


@pytest.mark.parametrize("name", GAP_NAMES)
@pytest.mark.parametrize("fixture", ["pass.ttl", "fail.ttl"])
def test_anti_join_rewrite_keeps_the_results(name, fixture, ontology):
    """FILTER NOT EXISTS made MINUS by the compiler: same results as the query as written, on each fixture."""
    _, data, shape = _results(name, fixture, ontology)
    store = _fixture_store(data, ontology)
    shapes = single_shape(shape, SHAPES)
    assert [r.key() for r in run(store, shapes).results] == [r.key() for r in run(store, shapes, optimise=False).results]


def test_anti_join_rewrite_on_the_demo_graph(demo_store):
    shapes = gap_shapes()
    assert [r.key() for r in run(demo_store, shapes).results] == [r.key() for r in run(demo_store, shapes, optimise=False).results]
    compiled, _ = compile_all()
    # blocks whose NOT EXISTS holds a fragment (BIND) are not provably equivalent to MINUS and stay as they are
    assert sum("MINUS" in c.query for c in compiled) >= 8


@pytest.mark.parametrize(
    "body,rewritten",
    [
        # correlated on ?this only through a triple pattern: rewritten, and moved to the end of the group
        ("FILTER NOT EXISTS { ?b md:jurisdiction ?this } ?this a md:Country .", True),
        # the shared ?value is only in a FILTER expression of the block: NOT EXISTS sees it, MINUS would not
        ("?this md:periodStart ?value . FILTER NOT EXISTS { ?n md:periodStart ?s . FILTER (?s > ?value) }", False),
        # the shared ?x is only in a nested NOT EXISTS of the block
        ("?this md:p ?x . FILTER NOT EXISTS { ?n a md:T . FILTER NOT EXISTS { ?n md:q ?x } }", False),
        # the rest of the group binds the shared variable only optionally
        ("OPTIONAL { ?this md:p ?x } FILTER NOT EXISTS { ?x md:q ?y }", False),
        # no shared variable at all: NOT EXISTS is a global test, MINUS would remove nothing
        ("?this md:p ?x . FILTER NOT EXISTS { ?a md:q ?b }", False),
    ],
)
def test_anti_join_conditions(body, rewritten):
    out = anti_joins(body)
    if rewritten:
        assert "NOT EXISTS" not in out and out.split() == "?this a md:Country . MINUS { ?b md:jurisdiction ?this }".split()
    else:
        assert out == body


def _kinds(shape) -> str:
    from rdflib.namespace import SH

    return "sparql" if (shape, SH.sparql, None) in SHAPES else "core"


def test_shapes_are_valid_shacl():
    assert check_shapes_graph(integrity_shapes()) == []
    assert check_shapes_graph(gap_shapes()) == []


def test_prefix_declarations_match_the_canonical_map():
    from rdflib.namespace import SH

    graph = parse_turtle(SHAPE_FIXTURES.parents[2] / "shapes" / "prefixes.ttl").graph
    declared = {str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace)) for d in graph.objects(None, SH.declare)}
    assert declared == PREFIXES


def test_every_shape_is_documented_in_three_languages():
    from rdflib.namespace import DCTERMS, SH

    problems = []
    for shape in named_shapes(SHAPES):
        for prop in (SH.name, SH.description):
            langs = {o.language for o in SHAPES.objects(shape, prop)}
            if not {"en", "es", "pt"} <= langs:
                problems.append(f"{local(shape)} {prop.n3()} languages {sorted(l or '' for l in langs)}")
        if (shape, SH.message, None) not in SHAPES:
            problems.append(f"{local(shape)} has no sh:message")
        if (shape, SH.severity, SH.Violation) not in SHAPES and (shape, DCTERMS.source, None) not in SHAPES:
            problems.append(f"gap shape {local(shape)} has no dct:source")
    assert not problems, problems


def test_precompiled_gap_shapes_give_the_same_report(demo_store):
    """The explorer compiles the gap shapes once and passes them in: same findings as compiling anew
    (property shapes are blank nodes of the graph that was compiled)."""
    from mandato.gaps import run_sparql_engine

    fresh = [(f.rule, f.focus, f.value, f.severity) for f in run_sparql_engine(demo_store)]
    assert fresh and fresh == [(f.rule, f.focus, f.value, f.severity) for f in run_sparql_engine(demo_store, "en", compile_all())]
