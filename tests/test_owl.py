"""The ontology for OWL tools: every external term declared with one kind, datatype ranges within the
OWL 2 datatype map, the header (VANN, publisher, dates), and the published RDF/XML opened by
owlready2 and reasoned over by HermiT (without ignoring datatypes) and checked against the OWL 2 DL
profile by the OWL API that ships with HermiT.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, XSD

from conftest import ISSUED
from mandato.catalog import data_files, ontology_files
from mandato.namespaces import BASE, MD, VANN
from mandato.rdfio import parse_turtle

TESTS = Path(__file__).parent
RESERVED = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2001/XMLSchema#")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype)
#: OWL 2 Structural Specification, section 4 (the datatype map), plus rdfs:Literal.
OWL2_DATATYPES = {
    *(f"http://www.w3.org/2001/XMLSchema#{name}" for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger", "long", "int",
        "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "double", "float", "string",
        "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
        "dateTime", "dateTimeStamp")),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral", "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral",
    "http://www.w3.org/2002/07/owl#real", "http://www.w3.org/2002/07/owl#rational", "http://www.w3.org/2000/01/rdf-schema#Literal",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
}  # fmt: skip


def _graph(paths) -> Graph:
    graph = Graph()
    for path in paths:
        graph += parse_turtle(path).graph
    return graph


@pytest.fixture(scope="module")
def sources() -> tuple[Graph, Graph]:
    return _graph(ontology_files()), _graph(data_files(include_imports=False))


def _external(term) -> bool:
    return isinstance(term, URIRef) and not str(term).startswith(BASE) and not str(term).startswith(RESERVED)


def test_every_external_term_is_declared_once(sources):
    ontology, data = sources
    both = ontology + data
    used = set()
    for s, p, o in both:
        if _external(p):
            used.add(p)
        if p in (RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.someValuesFrom, OWL.allValuesFrom, OWL.onProperty, RDFS.subPropertyOf) and _external(o):
            used.add(o)
    undeclared = sorted(str(t) for t in used if not any((t, RDF.type, kind) in ontology for kind in KINDS))
    assert not undeclared, f"declare these in ontology/declarations.ttl: {undeclared}"
    twice = sorted(str(t) for t in used if sum((t, RDF.type, kind) in ontology for kind in KINDS) > 1)
    assert not twice, f"declared with two kinds (not OWL 2 DL): {twice}"


def test_declared_kinds_match_the_use(sources):
    """A superproperty has its subproperties' kind; object properties hold IRIs, data properties literals."""
    ontology, data = sources
    both = ontology + data
    problems = []
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
            if (sub, RDF.type, kind) in ontology and (sup, RDF.type, kind) not in ontology:
                problems.append(f"{sup} is the superproperty of the {kind.fragment} {sub}")
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if any(isinstance(o, Literal) for o in both.objects(None, prop)):
            problems.append(f"object property {prop} has a literal value")
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        if any(not isinstance(o, Literal) for o in both.objects(None, prop)):
            problems.append(f"data property {prop} has an IRI or blank node value")
    assert not problems, "\n".join(sorted(problems))


def test_datatype_ranges_are_in_the_owl2_datatype_map(sources):
    ontology, _ = sources
    outside = sorted(
        f"{p} rdfs:range {o}"
        for p, o in ontology.subject_objects(RDFS.range)
        if isinstance(o, URIRef) and (p, RDF.type, OWL.DatatypeProperty) in ontology and str(o) not in OWL2_DATATYPES
    )
    assert not outside, outside


def test_ontology_header_for_tools(sources):
    ontology, _ = sources
    node = URIRef(BASE + "ontology")
    assert ontology.value(node, VANN.preferredNamespacePrefix) == Literal("md")
    assert ontology.value(node, VANN.preferredNamespaceUri) == Literal(str(MD))
    assert ontology.value(node, DCTERMS.publisher) is not None
    created = ontology.value(node, DCTERMS.created)
    assert created is not None and created.datatype == XSD.date


# ------------------------------------------------------------------------------ the published ontology
@pytest.fixture(scope="module")
def published(site) -> Path:
    return site


def test_published_ontology_has_rdfxml_with_declarations_and_modified(published):
    graph = Graph().parse(published / "ontology" / "index.rdf", format="xml")
    node = URIRef(BASE + "ontology")
    assert (node, RDF.type, OWL.Ontology) in graph
    assert graph.value(node, DCTERMS.modified) == Literal(ISSUED.isoformat(), datatype=XSD.date)
    assert (URIRef("http://data.europa.eu/eli/ontology#LegalResource"), RDF.type, OWL.Class) in graph
    turtle = Graph().parse(published / "ontology" / "index.ttl", format="turtle")
    assert isomorphic(graph, turtle)


@pytest.mark.reasoner
def test_owlready2_opens_the_published_rdfxml_and_hermit_classifies(published):
    """HermiT runs on the published ontology as it is (no unsupported datatypes to ignore)."""
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology((published / "ontology" / "index.rdf").as_uri()).load()
    assert len(list(onto.classes())) > 20
    ns = onto.get_namespace("https://w3id.org/mandato/id/")
    with onto:
        # the owl:hasValue individual of md:LeadMandate (a concept of the mandate-type scheme)
        mandate_type = owlready2.Thing("lead-digital-government", namespace=onto.get_namespace("https://w3id.org/mandato/vocab/mandate-type/"))
        mandate = world[str(MD.Mandate)]("mandate-test", namespace=ns)
        mandate.mandateType = mandate_type  # a functional property: one value
        body = world[str(MD.PublicOrganisation)]("body-test", namespace=ns)
        body.holdsMandate = [mandate]
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert world[str(MD.LeadMandate)] in mandate.is_a
    assert world[str(MD.LeadDigitalGovernmentBody)] in body.is_a


@pytest.mark.reasoner
def test_published_ontology_is_in_the_owl2_dl_profile(published):
    """The OWL API bundled with HermiT (owlready2's copy) reports no OWL 2 DL profile violation."""
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    done = subprocess.run(["java", "-cp", str(jar), str(TESTS / "java" / "OwlProfile.java"), str(published / "ontology" / "index.rdf")],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    violations = [line for line in done.stdout.splitlines() if line.startswith("violation")]
    assert not violations, "\n".join(violations[:30])
    declarations = int(next(line for line in done.stdout.splitlines() if line.startswith("declarations")).split("\t")[1])
    assert declarations > 100


def test_every_concept_scheme_is_reachable_on_the_ontology_page(published):
    html = (published / "ontology" / "index.html").read_text()
    credit = html.find('<div id="pylode">')
    toc = html.find('<div id="toc">')
    section = html.find('id="mandato-other-terms"')
    assert -1 < section < credit, "the schemes must not sit in pyLODE's fixed credit box"
    assert 'id="LegalTopicScheme"' in html[section:credit]
    assert '<a href="#LegalTopicScheme">' in html[toc:] and '<a href="#mandato-other-terms">' in html[toc:]
