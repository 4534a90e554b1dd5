"""The dataset description: a DCAT catalogue (catalog.ttl) and a VoID description (void.ttl).

IRIs: the catalogue https://w3id.org/mandato/catalog, the dataset https://w3id.org/mandato/dataset
(with its distributions, publisher and SPARQL service as #fragments), the VoID document
https://w3id.org/mandato/void. Both graphs are checked with the shapes in dcat_shapes.py, and the
VoID counts are computed from the published graph itself.
"""

from __future__ import annotations

from collections import Counter

import pyshacl
from rdflib import OWL, RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SH, SKOS, VOID

from ..namespaces import BASE, ID, PREFIXES, VOCAB, bind_all
from .dumps import DumpFile
from .linksets import add_linksets, check_linksets
from .model import CC_BY, DATASET, LANGUAGES, Model

CATALOG = URIRef(BASE + "catalog")
VOID_DOC = URIRef(BASE + "void")
PUBLISHER = URIRef(str(DATASET) + "#publisher")
SERVICE = URIRef(str(DATASET) + "#sparql")
ONTOLOGY = URIRef(BASE + "ontology")
HOMEPAGE = URIRef(BASE)

# External authority IRIs (EU Publications Office, IANA) used by DCAT-AP for ranges.
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_THEME = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
EU_THEMES = URIRef("http://publications.europa.eu/resource/authority/data-theme")
IANA = "https://www.iana.org/assignments/media-types/"
LANGUAGE_CODES = {"en": "ENG", "es": "SPA", "pt": "POR"}
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")

TITLE = {
    "en": "Mandato: who governs digital government in Latin America and the Caribbean",
    "es": "Mandato: quién gobierna el gobierno digital en América Latina y el Caribe",
    "pt": "Mandato: quem governa o governo digital na América Latina e no Caribe",
}
DESCRIPTION = {
    "en": "An open knowledge graph of the public bodies that lead digital government in the 33 countries of Latin America and the Caribbean, their mandates and legal foundations, the laws by topic, cross-cutting solutions, strategies, assessments and institutional history, every fact with its source.",
    "es": "Un grafo de conocimiento abierto de los órganos que rigen el gobierno digital en los 33 países de América Latina y el Caribe, sus mandatos y fundamentos jurídicos, las leyes por tema, las soluciones transversales, las estrategias, las evaluaciones y la historia institucional, cada hecho con su fuente.",
    "pt": "Um grafo de conhecimento aberto dos órgãos que lideram o governo digital nos 33 países da América Latina e do Caribe, seus mandatos e fundamentos legais, as leis por tema, as soluções transversais, as estratégias, as avaliações e a história institucional, cada fato com sua fonte.",
}
KEYWORDS = ("digital government", "public sector governance", "legal framework", "Latin America", "Caribbean", "linked open data")


def dist_iri(path: str) -> URIRef:
    name = path.split("/", 1)[1] if path.startswith("dumps/") else path
    return URIRef(f"{DATASET}#dist-" + name.replace("/", "-").replace(".", "-"))


def _common(graph: Graph, node: URIRef, model: Model) -> None:
    for lang in LANGUAGES:
        graph.add((node, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        graph.add((node, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
    graph.add((node, DCTERMS.publisher, PUBLISHER))
    graph.add((node, DCTERMS.license, CC_BY))
    graph.add((node, DCTERMS.issued, Literal(model.issued.isoformat(), datatype=XSD.date)))
    graph.add((node, DCTERMS.modified, Literal(model.issued.isoformat(), datatype=XSD.date)))


def _ranges(graph: Graph) -> None:
    """Type the external nodes as DCAT-AP expects (licence, languages, media types, publisher)."""
    graph.add((PUBLISHER, RDF.type, FOAF.Agent))
    graph.add((PUBLISHER, FOAF.name, Literal("Mandato contributors")))
    graph.add((CC_BY, RDF.type, DCTERMS.LicenseDocument))
    graph.add((HOMEPAGE, RDF.type, FOAF.Document))
    for code in LANGUAGE_CODES.values():
        graph.add((URIRef(EU_LANGUAGE + code), RDF.type, DCTERMS.LinguisticSystem))


def catalog_graph(model: Model, files: list[DumpFile], endpoint_url: str | None = None) -> Graph:
    graph = Graph()
    bind_all(graph)
    graph.add((CATALOG, RDF.type, DCAT.Catalog))
    _common(graph, CATALOG, model)
    graph.add((CATALOG, FOAF.homepage, HOMEPAGE))
    graph.add((CATALOG, DCAT.dataset, DATASET))
    for code in LANGUAGE_CODES.values():
        graph.add((CATALOG, DCTERMS.language, URIRef(EU_LANGUAGE + code)))
    _dataset(graph, model, files, endpoint_url)
    if endpoint_url:
        graph.add((CATALOG, DCAT.service, SERVICE))
    _ranges(graph)
    return graph


def _dataset(graph: Graph, model: Model, files: list[DumpFile], endpoint_url: str | None) -> None:
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    _common(graph, DATASET, model)
    graph.add((DATASET, OWL.versionInfo, Literal(model.version)))
    graph.add((DATASET, DCAT_VERSION, Literal(model.version)))
    graph.add((DATASET, DCTERMS.identifier, Literal(str(DATASET))))
    graph.add((DATASET, DCTERMS.conformsTo, ONTOLOGY))
    graph.add((DATASET, DCAT.landingPage, HOMEPAGE))
    graph.add((DATASET, DCAT.theme, EU_THEME))
    graph.add((EU_THEME, RDF.type, SKOS.Concept))
    graph.add((EU_THEME, SKOS.prefLabel, Literal("Government and public sector", lang="en")))
    graph.add((EU_THEME, SKOS.inScheme, EU_THEMES))
    for keyword in KEYWORDS:
        graph.add((DATASET, DCAT.keyword, Literal(keyword, lang="en")))
    for code in LANGUAGE_CODES.values():
        graph.add((DATASET, DCTERMS.language, URIRef(EU_LANGUAGE + code)))
    for country in model.countries():
        graph.add((DATASET, DCTERMS.spatial, country))
    for f in files:
        node = dist_iri(f.path)
        graph.add((DATASET, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        graph.add((node, DCTERMS.title, Literal(f.title, lang="en")))
        graph.add((node, DCTERMS.description, Literal(f.description, lang="en")))
        graph.add((node, DCAT.accessURL, HOMEPAGE))
        graph.add((node, DCAT.downloadURL, URIRef(BASE + f.path)))
        media = URIRef(IANA + f.media_type)
        graph.add((node, DCAT.mediaType, media))
        graph.add((media, RDF.type, DCTERMS.MediaType))
        file_type = URIRef(EU_FILE_TYPE + f.file_type)
        graph.add((node, DCTERMS["format"], file_type))
        graph.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        graph.add((node, DCAT.byteSize, Literal(str(f.size), datatype=XSD.nonNegativeInteger)))
        graph.add((node, DCTERMS.license, CC_BY))
        graph.add((node, DCTERMS.issued, Literal(model.issued.isoformat(), datatype=XSD.date)))
        if f.compressed:
            gzip_type = URIRef(IANA + "application/gzip")
            graph.add((node, DCAT.compressFormat, gzip_type))
            graph.add((gzip_type, RDF.type, DCTERMS.MediaType))
    if endpoint_url:
        graph.add((SERVICE, RDF.type, DCAT.DataService))
        graph.add((SERVICE, DCTERMS.title, Literal("Mandato SPARQL endpoint", lang="en")))
        graph.add((SERVICE, DCAT.endpointURL, URIRef(endpoint_url)))
        graph.add((SERVICE, DCAT.servesDataset, DATASET))
        graph.add((SERVICE, DCTERMS.conformsTo, SPARQL_PROTOCOL))
        graph.add((SERVICE, DCTERMS.license, CC_BY))


def _vocabulary(iri: str) -> str | None:
    if iri.startswith((str(ID), str(VOCAB))):
        return None
    best = None
    for ns in PREFIXES.values():
        if iri.startswith(ns) and not ns.startswith((str(ID), str(VOCAB))) and (best is None or len(ns) > len(best)):
            best = ns
    return best


def void_graph(model: Model, files: list[DumpFile], endpoint_url: str | None = None) -> Graph:
    """VoID: counts, class and property partitions, one subset per named graph, dumps, endpoint."""
    g = model.graph
    graph = Graph()
    bind_all(graph)
    graph.add((VOID_DOC, RDF.type, VOID.DatasetDescription))
    graph.add((VOID_DOC, DCTERMS.title, Literal("VoID description of the Mandato dataset", lang="en")))
    graph.add((VOID_DOC, FOAF.primaryTopic, DATASET))
    graph.add((DATASET, RDF.type, VOID.Dataset))
    _common(graph, DATASET, model)
    graph.add((DATASET, OWL.versionInfo, Literal(model.version)))
    graph.add((DATASET, FOAF.homepage, HOMEPAGE))
    graph.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    subjects = set(g.subjects())
    predicates = Counter(p for _s, p, _o in g)
    classes = Counter(o for _s, o in g.subject_objects(RDF.type) if isinstance(o, URIRef))
    entities = {s for s in subjects if isinstance(s, URIRef) and str(s).startswith(str(ID))}
    graph.add((DATASET, VOID.triples, Literal(len(g))))
    graph.add((DATASET, VOID.entities, Literal(len(entities))))
    graph.add((DATASET, VOID.classes, Literal(len(classes))))
    graph.add((DATASET, VOID.properties, Literal(len(predicates))))
    graph.add((DATASET, VOID.distinctSubjects, Literal(len(subjects))))
    graph.add((DATASET, VOID.distinctObjects, Literal(len(set(g.objects())))))
    for index, cls in enumerate(sorted(classes)):
        node = BNode(f"class{index}")
        graph.add((DATASET, VOID.classPartition, node))
        graph.add((node, VOID["class"], cls))
        graph.add((node, VOID.entities, Literal(classes[cls])))
    for index, prop in enumerate(sorted(predicates)):
        node = BNode(f"property{index}")
        graph.add((DATASET, VOID.propertyPartition, node))
        graph.add((node, VOID.property, prop))
        graph.add((node, VOID.triples, Literal(predicates[prop])))
    for name in sorted(model.graphs):
        graph.add((DATASET, VOID.subset, name))
        graph.add((name, RDF.type, VOID.Dataset))
        graph.add((name, VOID.triples, Literal(len(model.graphs[name]))))
    vocabularies = {_vocabulary(str(p)) for p in predicates} | {_vocabulary(str(c)) for c in classes}
    for ns in sorted(v for v in vocabularies if v):
        graph.add((DATASET, VOID.vocabulary, URIRef(ns)))
    for f in files:
        if f.path.startswith("dumps/mandato."):
            graph.add((DATASET, VOID.dataDump, URIRef(BASE + f.path)))
    if endpoint_url:
        graph.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint_url)))
    for kind in ("country", "body", "law", "mandate", "solution"):
        example = next((s for s in sorted(entities) if str(s).startswith(f"{ID}{kind}/")), None)
        if example is not None:
            graph.add((DATASET, VOID.exampleResource, example))
    add_linksets(graph, model)
    graph.add((PUBLISHER, RDF.type, FOAF.Agent))
    graph.add((PUBLISHER, FOAF.name, Literal("Mandato contributors")))
    return graph


def validate(graph: Graph) -> list[str]:
    """Problems with the catalogue or VoID description, one line each (empty when they conform)."""
    from .dcat_shapes import shapes_graph

    conforms, report, _text = pyshacl.validate(graph, shacl_graph=shapes_graph(), inference="none", advanced=True)
    if conforms:
        return []
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        problems.append(f"{focus} {path or ''}: {message}".replace("  ", " "))
    return sorted(problems)


def check_counts(void: Graph, model: Model) -> list[str]:
    """The VoID counts agree with the graph that was published."""
    problems = []
    declared = void.value(DATASET, VOID.triples)
    if declared is None or int(declared) != len(model.graph):
        problems.append(f"void:triples is {declared}, the published graph has {len(model.graph)} triples")
    for name, graph in model.graphs.items():
        count = void.value(name, VOID.triples)
        if count is None or int(count) != len(graph):
            problems.append(f"void:triples of {name} is {count}, the named graph has {len(graph)} triples")
    return problems + check_linksets(void, model)
