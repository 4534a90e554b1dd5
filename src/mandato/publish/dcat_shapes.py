"""SHACL checks for the catalogue and the VoID description.

Written for Mandato after the DCAT-AP 3.0 constraints (mandatory properties, cardinalities and the
classes of the values of the Catalog, Dataset, Distribution, DataService and Agent classes), plus the
VoID statistics the release promises. These shapes are a check equivalent in intent to the official
DCAT-AP SHACL shapes for the properties Mandato uses; they are not a copy of those shapes.
"""

from __future__ import annotations

from rdflib import Graph

from ..namespaces import turtle_prologue

SHAPES_TTL = """
[] a sh:NodeShape ; sh:name "DCAT-AP Catalog" ; sh:targetClass dcat:Catalog ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ; sh:message "a catalogue needs dct:title" ] ,
        [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ; sh:message "a catalogue needs dct:description" ] ,
        [ sh:path dct:publisher ; sh:minCount 1 ; sh:maxCount 1 ; sh:class foaf:Agent ; sh:message "a catalogue needs exactly one dct:publisher, a foaf:Agent" ] ,
        [ sh:path dcat:dataset ; sh:minCount 1 ; sh:class dcat:Dataset ; sh:message "a catalogue lists its datasets (dcat:dataset, each a dcat:Dataset)" ] ,
        [ sh:path dct:license ; sh:maxCount 1 ; sh:class dct:LicenseDocument ; sh:message "at most one dct:license, a dct:LicenseDocument" ] ,
        [ sh:path dct:issued ; sh:maxCount 1 ; sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:dateTime ] ) ; sh:message "dct:issued: one xsd:date or xsd:dateTime" ] ,
        [ sh:path dct:modified ; sh:maxCount 1 ; sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:dateTime ] ) ; sh:message "dct:modified: one xsd:date or xsd:dateTime" ] ,
        [ sh:path foaf:homepage ; sh:maxCount 1 ; sh:class foaf:Document ; sh:message "at most one foaf:homepage, a foaf:Document" ] ,
        [ sh:path dct:language ; sh:class dct:LinguisticSystem ; sh:message "dct:language values are dct:LinguisticSystem" ] ,
        [ sh:path dcat:service ; sh:class dcat:DataService ; sh:message "dcat:service values are dcat:DataService" ] .

[] a sh:NodeShape ; sh:name "DCAT-AP Dataset" ; sh:targetClass dcat:Dataset ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ; sh:message "a dataset needs dct:title" ] ,
        [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ; sh:message "a dataset needs dct:description" ] ,
        [ sh:path dct:publisher ; sh:minCount 1 ; sh:maxCount 1 ; sh:class foaf:Agent ; sh:message "a dataset needs exactly one dct:publisher, a foaf:Agent" ] ,
        [ sh:path dct:license ; sh:minCount 1 ; sh:maxCount 1 ; sh:hasValue <https://creativecommons.org/licenses/by/4.0/> ; sh:message "the dataset is licensed CC BY 4.0 (dct:license)" ] ,
        [ sh:path dcat:distribution ; sh:minCount 1 ; sh:class dcat:Distribution ; sh:message "a dataset needs distributions (dcat:Distribution)" ] ,
        [ sh:path owl:versionInfo ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:Literal ; sh:message "a dataset needs exactly one owl:versionInfo" ] ,
        [ sh:path dct:issued ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:date ; sh:message "a dataset needs exactly one dct:issued (xsd:date)" ] ,
        [ sh:path dct:modified ; sh:maxCount 1 ; sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:dateTime ] ) ; sh:message "dct:modified: one xsd:date or xsd:dateTime" ] ,
        [ sh:path dcat:keyword ; sh:nodeKind sh:Literal ; sh:message "dcat:keyword values are literals" ] ,
        [ sh:path dcat:theme ; sh:class skos:Concept ; sh:message "dcat:theme values are skos:Concept" ] ,
        [ sh:path dcat:landingPage ; sh:class foaf:Document ; sh:message "dcat:landingPage values are foaf:Document" ] ,
        [ sh:path dct:language ; sh:class dct:LinguisticSystem ; sh:message "dct:language values are dct:LinguisticSystem" ] ,
        [ sh:path dct:spatial ; sh:nodeKind sh:IRI ; sh:message "dct:spatial values are IRIs" ] .

[] a sh:NodeShape ; sh:name "DCAT-AP Distribution" ; sh:targetClass dcat:Distribution ;
    sh:property [ sh:path dcat:accessURL ; sh:minCount 1 ; sh:nodeKind sh:IRI ; sh:message "a distribution needs dcat:accessURL" ] ,
        [ sh:path dcat:downloadURL ; sh:minCount 1 ; sh:nodeKind sh:IRI ; sh:message "a Mandato distribution has a dcat:downloadURL" ] ,
        [ sh:path dcat:mediaType ; sh:minCount 1 ; sh:maxCount 1 ; sh:class dct:MediaType ; sh:message "exactly one dcat:mediaType, a dct:MediaType" ] ,
        [ sh:path dct:format ; sh:maxCount 1 ; sh:class dct:MediaTypeOrExtent ; sh:message "at most one dct:format, a dct:MediaTypeOrExtent" ] ,
        [ sh:path dcat:byteSize ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:nonNegativeInteger ; sh:message "exactly one dcat:byteSize (xsd:nonNegativeInteger)" ] ,
        [ sh:path dcat:compressFormat ; sh:maxCount 1 ; sh:class dct:MediaType ; sh:message "at most one dcat:compressFormat, a dct:MediaType" ] ,
        [ sh:path dct:license ; sh:maxCount 1 ; sh:class dct:LicenseDocument ; sh:message "at most one dct:license, a dct:LicenseDocument" ] ,
        [ sh:path dct:title ; sh:nodeKind sh:Literal ; sh:message "dct:title values are literals" ] .

[] a sh:NodeShape ; sh:name "DCAT-AP Data Service" ; sh:targetClass dcat:DataService ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ; sh:message "a data service needs dct:title" ] ,
        [ sh:path dcat:endpointURL ; sh:minCount 1 ; sh:nodeKind sh:IRI ; sh:message "a data service needs dcat:endpointURL" ] ,
        [ sh:path dcat:servesDataset ; sh:class dcat:Dataset ; sh:message "dcat:servesDataset values are dcat:Dataset" ] .

[] a sh:NodeShape ; sh:name "DCAT-AP Agent" ; sh:targetClass foaf:Agent ;
    sh:property [ sh:path foaf:name ; sh:minCount 1 ; sh:nodeKind sh:Literal ; sh:message "an agent needs foaf:name" ] .

[] a sh:NodeShape ; sh:name "DCAT-AP Category" ; sh:targetClass skos:Concept ;
    sh:property [ sh:path skos:prefLabel ; sh:minCount 1 ; sh:nodeKind sh:Literal ; sh:message "a theme needs skos:prefLabel" ] .

[] a sh:NodeShape ; sh:name "VoID dataset" ; sh:targetSubjectsOf void:dataDump ;
    sh:property [ sh:path void:triples ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:minInclusive 1 ; sh:message "void:triples: one positive xsd:integer" ] ,
        [ sh:path void:entities ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:message "void:entities: one xsd:integer" ] ,
        [ sh:path void:classes ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:message "void:classes: one xsd:integer" ] ,
        [ sh:path void:properties ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:message "void:properties: one xsd:integer" ] ,
        [ sh:path void:dataDump ; sh:minCount 1 ; sh:nodeKind sh:IRI ; sh:message "void:dataDump values are IRIs" ] ,
        [ sh:path void:classPartition ; sh:minCount 1 ; sh:message "a VoID description lists its classes (void:classPartition)" ] ,
        [ sh:path void:propertyPartition ; sh:minCount 1 ; sh:message "a VoID description lists its properties (void:propertyPartition)" ] ,
        [ sh:path void:uriSpace ; sh:minCount 1 ; sh:nodeKind sh:Literal ; sh:message "void:uriSpace is given" ] ,
        [ sh:path dct:license ; sh:minCount 1 ; sh:hasValue <https://creativecommons.org/licenses/by/4.0/> ; sh:message "the VoID description gives the licence CC BY 4.0" ] ,
        [ sh:path dct:publisher ; sh:minCount 1 ; sh:message "the VoID description gives the publisher" ] ,
        [ sh:path owl:versionInfo ; sh:minCount 1 ; sh:maxCount 1 ; sh:message "the VoID description gives the version" ] ,
        [ sh:path dct:issued ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:date ; sh:message "the VoID description gives the issued date" ] ,
        [ sh:path void:sparqlEndpoint ; sh:nodeKind sh:IRI ; sh:message "void:sparqlEndpoint is an IRI" ] .

[] a sh:NodeShape ; sh:name "VoID class partition" ; sh:targetObjectsOf void:classPartition ;
    sh:property [ sh:path void:class ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ; sh:message "a class partition names one void:class" ] ,
        [ sh:path void:entities ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:message "a class partition counts void:entities" ] .

[] a sh:NodeShape ; sh:name "VoID property partition" ; sh:targetObjectsOf void:propertyPartition ;
    sh:property [ sh:path void:property ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ; sh:message "a property partition names one void:property" ] ,
        [ sh:path void:triples ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:message "a property partition counts void:triples" ] .

[] a sh:NodeShape ; sh:name "VoID subset" ; sh:targetObjectsOf void:subset ;
    sh:property [ sh:path void:triples ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:message "a subset (named graph) counts void:triples" ] .
"""


def shapes_graph() -> Graph:
    graph = Graph()
    graph.parse(data=turtle_prologue() + SHAPES_TTL, format="turtle")
    return graph
