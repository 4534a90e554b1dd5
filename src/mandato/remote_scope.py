"""What a remote SPARQL store is asked about, and how its answers are read, so that every engine gives
the embedded store's answers.

The dataset. The embedded store answers over the union of the build's named graphs. Remote servers
differ: Virtuoso's default graph is the union of all its graphs, an Oxigraph server in its default
configuration has an empty default graph. Before its first query a remote store is probed:
- if the server's default graph holds Mandato data (``ASK { ?c a md:Country }``), queries are sent
  as they are (declaring dozens of graphs also makes Virtuoso's cost estimate refuse some queries);
- otherwise the dataset is declared with the SPARQL Protocol's ``default-graph-uri`` and
  ``named-graph-uri`` parameters, listing the graphs of the last ``mandato load`` (its manifest,
  the named graph ``graph/load``), and the probe is repeated with that declaration;
- if neither finds Mandato data, the store is refused with a message saying why: an empty answer
  from a store without the data is never printed as if it were one.

The terms. SPARQL JSON results leave the datatype of plain literals implicit (RDF 1.1: xsd:string;
rdf:langString with a language tag), and Virtuoso writes xsd:boolean values as 1 and 0. Literals are
normalised to the RDF 1.1 forms the embedded store gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from .namespaces import BASE, GRAPH

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: the named graph in which `mandato load` lists the graphs it loaded
MANIFEST_GRAPH = str(GRAPH) + "load"
DATASET_NODE = BASE + "dataset"
VOID_SUBSET = "http://rdfs.org/ns/void#subset"
PROBE = "ASK { ?country a <https://w3id.org/mandato/ontology#Country> }"
MANIFEST_QUERY = f"SELECT ?g WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ <{DATASET_NODE}> <{VOID_SUBSET}> ?g }} }} ORDER BY ?g"
GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"


def literal_datatype(datatype: str | None, lang: str | None) -> str:
    """The datatype of a literal as RDF 1.1 has it (implicit xsd:string and rdf:langString made explicit)."""
    if lang:
        return RDF_LANGSTRING
    return datatype or XSD_STRING


def literal_value(value: str, datatype: str | None) -> str:
    """The canonical lexical form where engines differ (xsd:boolean 1/0 -> true/false)."""
    if datatype == XSD_BOOLEAN:
        return {"1": "true", "0": "false"}.get(value.strip(), value.strip())
    return value


@dataclass(frozen=True)
class Scope:
    """How queries are sent: graphs to declare as the dataset (empty: the server's default graph)."""

    graphs: tuple[str, ...] = ()
    #: the server holds exactly these graphs (and the load manifest): an Oxigraph server is then asked
    #: for the union of its named graphs with its own `union-default-graph` parameter, the same dataset
    #: as listing them, which Oxigraph evaluates 10-70x slower (measured on the national build)
    union: bool = False

    def params(self) -> list[tuple[str, str]]:
        """SPARQL Protocol parameters declaring the dataset: each graph merged into the default graph, and named."""
        if self.union:
            return [("union-default-graph", "")]
        return [("default-graph-uri", g) for g in self.graphs] + [("named-graph-uri", g) for g in self.graphs]


def no_data_message(endpoint: str, manifest: list[str]) -> str:
    if manifest:
        return (
            f"{endpoint} lists {len(manifest)} Mandato graphs (from `mandato load`) but none of them holds the countries: "
            "the load is incomplete; run `mandato load` again"
        )
    return (
        f"{endpoint} holds no Mandato data: its default graph has no md:Country and it has no graph list from "
        "`mandato load` (load the build with `mandato load --endpoint URL`, or serve the graphs as the default graph)"
    )


def manifest_triples(graphs: list[str]) -> str:
    """The N-Triples of the load manifest: the dataset and each loaded graph."""
    return "".join(f"<{DATASET_NODE}> <{VOID_SUBSET}> <{g}> .\n" for g in sorted(graphs))
