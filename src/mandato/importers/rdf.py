"""The RDF an import produces: one md:ImportedDataset node, md:DatasetRecord nodes, md:IndicatorObservation nodes.

IRIs (README, IRI policy):
- dataset:{name}                                the imported dataset
- dataset:{name}-{key}                          one record (one cell), key built from stable codes
- obs:{ISO3}-{indicator}-{year}                 one indicator observation
Records only describe what the file says (md:rawValue, the line in md:datasetRow, the column or
indicator code in md:datasetField). They are never typed as curated classes, so an imported claim
(a lead entity's name, a law's year) can be reconciled but never becomes a fact by itself.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, XSD

from ..namespaces import MD, bind_all, instance_ns, scheme_ns
from .csvfile import Row
from .datasets import DatasetInfo

DATASET = instance_ns("dataset")
OBS = instance_ns("obs")
COUNTRY = instance_ns("country")
INDICATOR = scheme_ns("indicator")


#: fractional digits kept in indicator values: beyond the precision of the floating-point numbers
#: the datasets were computed with, and the scale to which Virtuoso rounds an xsd:decimal, so every
#: store holds the same value (the record keeps the cell as written)
FRACTION_DIGITS = 15


def decimal_literal(value: Decimal) -> Literal:
    """xsd:decimal in its canonical lexical form (no exponent), at most 15 fractional digits."""
    if value.as_tuple().exponent < -FRACTION_DIGITS:
        value = value.quantize(Decimal(1).scaleb(-FRACTION_DIGITS), rounding=ROUND_HALF_UP)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return Literal(text, datatype=XSD.decimal)


class ImportGraph:
    """Collects the triples of one import; refuses two records or observations with the same IRI."""

    def __init__(self, info: DatasetInfo, source_file: str, imported_on: date) -> None:
        self.info = info
        self.graph = Graph()
        bind_all(self.graph)
        self.dataset = DATASET[info.name]
        self._seen: dict[URIRef, int] = {}
        self._years: set[int] = set()
        self._dataset_node(source_file, imported_on)

    def _dataset_node(self, source_file: str, imported_on: date) -> None:
        g, node, info = self.graph, self.dataset, self.info
        g.add((node, RDF.type, MD.ImportedDataset))
        g.add((node, DCTERMS.identifier, Literal(info.name)))
        g.add((node, DCTERMS.title, Literal(info.title, lang="en")))
        # an IRI of its own, not a blank node: OWL 2 DL needs an individual (dct:publisher is an
        # object property), and the committed Turtle stays stable for the triple-level merge driver
        publisher = URIRef(str(node) + "#publisher")
        g.add((node, DCTERMS.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, FOAF.name, Literal(info.publisher)))
        g.add((node, MD.localCopy, Literal(source_file)))
        for url in info.sources:
            g.add((node, DCTERMS.source, URIRef(url)))
        if info.licence:
            g.add((node, DCTERMS.license, URIRef(info.licence)))
        if info.comment:
            g.add((node, RDFS.comment, Literal(info.comment, lang="en")))
        if info.terms:
            g.add((node, DCTERMS.rights, Literal(info.terms, lang="en")))
        g.add((node, MD.retrievedOn, Literal(info.retrieved_on, datatype=XSD.date)))
        g.add((node, MD.importedOn, Literal(imported_on.isoformat(), datatype=XSD.date)))

    def finish(self) -> Graph:
        """The graph, with the waves (reference years) found in the file on the dataset node."""
        for wave in sorted(self._years):
            self.graph.add((self.dataset, MD.refYear, Literal(str(wave), datatype=XSD.gYear)))
        return self.graph

    def _claim(self, iri: URIRef, row: Row, what: str) -> None:
        first = self._seen.get(iri)
        if first is not None:
            raise row.fail(f"duplicate {what} (same country, year and field as row {first})")
        self._seen[iri] = row.line

    def record(self, key: str, row: Row, field: str, raw: str, iso3: str, year: int | None = None) -> URIRef:
        """One cell of the file as an md:DatasetRecord."""
        node = DATASET[f"{self.info.name}-{key}"]
        self._claim(node, row, f"record {key}")
        g = self.graph
        g.add((node, RDF.type, MD.DatasetRecord))
        g.add((node, MD.fromDataset, self.dataset))
        g.add((node, MD.datasetRow, Literal(row.line)))
        g.add((node, MD.datasetField, Literal(field)))
        g.add((node, MD.rawValue, Literal(raw)))
        g.add((node, MD.jurisdiction, COUNTRY[iso3]))
        if year is not None:
            g.add((node, MD.refYear, Literal(str(year), datatype=XSD.gYear)))
            self._years.add(year)
        return node

    def observation(self, iso3: str, indicator: str, year: int, value: Decimal, row: Row, record: URIRef) -> URIRef:
        """An md:IndicatorObservation obs:{ISO3}-{indicator}-{year}, derived from its record."""
        node = OBS[f"{iso3}-{indicator}-{year}"]
        self._claim(node, row, f"observation {iso3}-{indicator}-{year}")
        g = self.graph
        g.add((node, RDF.type, MD.IndicatorObservation))
        g.add((node, MD.jurisdiction, COUNTRY[iso3]))
        g.add((node, MD.indicator, INDICATOR[indicator]))
        g.add((node, MD.refYear, Literal(str(year), datatype=XSD.gYear)))
        g.add((node, MD.value, decimal_literal(value)))
        g.add((node, MD.fromDataset, self.dataset))
        g.add((node, PROV.wasDerivedFrom, record))
        g.add((node, DCTERMS.source, URIRef(self.info.publisher_page)))
        g.add((node, MD.retrievedOn, Literal(self.info.retrieved_on, datatype=XSD.date)))
        return node
