"""The compiled SHACL engine (mandato.shaclc) against pySHACL and the W3C SHACL test suite.

Both engines must give identical results (focus node, path, value, source shape, severity and
constraint component) on every shape fixture and on generated graphs; on the W3C suite (core and
SPARQL) every test passes except the ones listed in W3C_EXCEPTIONS, each with its reason.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

import w3c_suite
from conftest import SHAPE_FIXTURES, all_shapes, local, named_shapes, single_shape
from mandato.rdfio import parse_turtle
from mandato.shaclc import compile_shapes, run, run_pyshacl
from mandato.shacl import gap_shapes, integrity_shapes
from mandato.store import EmbeddedStore

W3C_EXCEPTIONS = {
    "core/node/maxExclusive-001": "Oxigraph stores numeric literals by value: the violation is found, reported as \"4\" for \"4.0\"",
    "core/node/minExclusive-001": "Oxigraph stores numeric literals by value: the violation is found, reported as \"4\" for \"4.0\"",
    "core/property/datatype-ill-formed": "Oxigraph turns the ill-formed \"300\"^^xsd:byte into an xsd:integer on load: the violation is found, reported with that datatype",
    "core/property/or-datatypes-001": "Oxigraph turns the ill-formed \"none\"^^xsd:boolean into false on load, which is then well-formed",
    "core/property/uniqueLang-002": "rdflib reads \"1\"^^xsd:boolean in the shapes graph as true (pySHACL reads it the same way)",
    "sparql/pre-binding/shapesGraph-001": "$shapesGraph: the shapes graph is not in the store, and pySHACL does not support it either",
}
W3C_TESTS = [t for t in w3c_suite.tests() if not t.failure]


@pytest.mark.parametrize("test", W3C_TESTS, ids=[t.name for t in W3C_TESTS])
def test_w3c_shacl_suite(test):
    if test.name in W3C_EXCEPTIONS:
        pytest.xfail(W3C_EXCEPTIONS[test.name])
    report, expected = w3c_suite.run_compiled(test)
    assert w3c_suite.keys(report.results) == w3c_suite.keys(expected), report.notices


def test_w3c_pass_rate_and_fallbacks():
    """108 of the 114 tests with an expected report pass; 6 of them through the per-shape pySHACL fallback."""
    passed, fallback = 0, 0
    for test in W3C_TESTS:
        try:
            report, expected = w3c_suite.run_compiled(test)
        except Exception:
            continue
        if w3c_suite.keys(report.results) == w3c_suite.keys(expected):
            passed += 1
            fallback += bool(report.notices)
    assert len(W3C_TESTS) == 114
    assert passed == len(W3C_TESTS) - len(W3C_EXCEPTIONS)
    assert fallback <= 6


def _store(data: Graph) -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_graph(data)
    return store


SHAPES = all_shapes()
FIXTURES = [(local(s), f) for s in named_shapes(SHAPES) for f in ("pass.ttl", "fail.ttl")]


@pytest.mark.parametrize("name,fixture", FIXTURES, ids=[f"{n}/{f}" for n, f in FIXTURES])
def test_compiled_equals_pyshacl_on_fixtures(name, fixture, ontology):
    shape = next(s for s in named_shapes(SHAPES) if local(s) == name)
    shapes = single_shape(shape, SHAPES)
    data = parse_turtle(SHAPE_FIXTURES / name / fixture).graph + ontology
    report = run(_store(data), shapes)
    assert not report.notices, report.notices
    reference = run_pyshacl(data, shapes)
    assert sorted(r.key() for r in report.results) == sorted(r.key() for r in reference)


def test_every_project_shape_compiles():
    for shapes in (integrity_shapes(), gap_shapes()):
        _compiled, refused = compile_shapes(shapes)
        assert refused == []


@pytest.mark.parametrize(
    "shape,expected",
    [
        # issue 15: constructs that the first compiler got silently wrong or refused
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ([ sh:class ex:D ] [ sh:class ex:E ]) .", {"ex:a", "ex:c"}),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:name ; sh:pattern \"^[A-Z]\" ] .", {"ex:a"}),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node [ sh:property [ sh:path ex:name ; sh:minCount 1 ] ] .", {"ex:c"}),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:class ex:D .", set()),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:b, ex:c ; sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:minCount 1 ] .", {"ex:c"}),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:knows ; sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ] .", {"ex:c"}),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select \"select $this where { { select $this (count(?x) as ?n) where { $this <http://example.org/knows> ?x } group by $this } filter (?n < 2) }\" ] .", {"ex:a", "ex:c"}),
        # a LIMIT applies per focus node under pre-binding
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select \"SELECT $this ?value WHERE { $this <http://example.org/knows> ?value } LIMIT 1\" ] .", {"ex:a", "ex:c"}),
    ],
)
def test_issue_15_constructs(shape, expected):
    prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
    data = prefixes + 'ex:a a ex:C ; ex:name "lower" ; ex:knows ex:b . ex:b a ex:D ; ex:name "Upper" . ex:c a ex:C ; ex:knows ex:a .\n'
    graph = Graph().parse(data=data + shape, format="turtle")
    report = run(_store(graph), graph)
    reference = run_pyshacl(graph, graph)
    got = {str(r.focus).replace("http://example.org/", "ex:") for r in report.results}
    assert got == expected
    assert sorted(r.key() for r in report.results) == sorted(r.key() for r in reference)


@pytest.mark.parametrize(
    "body,rewritten",
    [
        ("?this md:p ?x . FILTER EXISTS { ?x md:q ?y }", True),
        ("?this md:p ?x . FILTER (EXISTS { ?x md:q ?y } || EXISTS { ?x md:r ?z })", True),
        # a condition beside the EXISTS: left alone
        ("?this md:p ?x . FILTER (EXISTS { ?x md:q ?y } && ?x > 3)", False),
        # the shared ?x only in a FILTER of the block: the sub-select would not see it
        ("?this md:p ?x . FILTER EXISTS { ?n md:q ?y . FILTER (?y > ?x) }", False),
        # OPTIONAL in the rest of the group: the shared variable may be unbound
        ("OPTIONAL { ?this md:p ?x } FILTER EXISTS { ?x md:q ?y }", False),
    ],
)
def test_semi_join_conditions(body, rewritten):
    from mandato.shaclc.sparql_based import semi_joins

    out = semi_joins(body)
    assert ("SELECT DISTINCT" in out and "EXISTS" not in out) if rewritten else out == body
