"""OWL 2 DL reasoning with HermiT (through owlready2): consistency and classification of defined classes.

owlready2 does not read Turtle, so the graph is handed over as N-Triples. Only what the reasoner
needs goes in: the ontology's axioms, and the data's class assertions and object property
assertions. Labels, definitions and literal values stay out (HermiT on Java 17 rejects some
datatypes such as xsd:gYear, and they carry no logical weight here).
"""

from __future__ import annotations

import io
import shutil
import time
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef

from .errors import MandatoError
from .namespaces import MD

DEFINED_CLASSES = (
    MD.LeadMandate,
    MD.DecisionPowerMandate,
    MD.LeadDigitalGovernmentBody,
    MD.DecisionMakingBody,
    MD.SolutionOperator,
)

_AXIOM_PREDICATES = {
    RDF.type, RDF.first, RDF.rest, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    OWL.equivalentClass, OWL.inverseOf, OWL.intersectionOf, OWL.unionOf, OWL.oneOf, OWL.onProperty,
    OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.members, OWL.disjointWith,
}


class ReasonerError(MandatoError):
    """The reasoner could not run, or found the graph inconsistent."""


@dataclass
class ReasoningResult:
    consistent: bool
    inferred: Graph
    seconds: float
    individuals: int


def java_available() -> bool:
    return shutil.which("java") is not None


IMPORTED_CLASSES = (MD.DatasetRecord, MD.IndicatorObservation, MD.ImportedDataset, MD.DisagreementExplanation)
# maturity assessments, suggestions and their scores take part in no defined class either
MATURITY_CLASSES = (MD.MaturityAssessment, MD.VariableScore, MD.MaturitySuggestion, MD.SuggestedScore)


def reasoner_input(ontology: Graph, data: Graph) -> Graph:
    """The part of ontology + curated data that carries logical weight.

    The imported layer (dataset records, indicator observations, explanations) and the maturity layer
    (assessments, suggestions, scores) are left out: they are checked by their integrity shapes, take
    part in no defined class, and would multiply HermiT's time.
    """
    object_props = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    imported = {s for cls in (*IMPORTED_CLASSES, *MATURITY_CLASSES) for s in data.subjects(RDF.type, cls)}
    out = Graph()
    for s, p, o in ontology:
        if p in _AXIOM_PREDICATES and not isinstance(o, Literal):
            out.add((s, p, o))
    for s, p, o in data:
        if isinstance(s, BNode) or isinstance(o, (Literal, BNode)) or s in imported:
            continue
        if p == RDF.type or p in object_props:
            out.add((s, p, o))
    # schemes' concepts are individuals; declare them so hasValue / oneOf resolve
    for _s, p, o in list(out):
        if p in object_props and (o, RDF.type, None) not in out:
            out.add((o, RDF.type, OWL.NamedIndividual))
    for concept in ontology.objects(None, OWL.hasValue):
        out.add((concept, RDF.type, OWL.NamedIndividual))
    return out


def classify(ontology: Graph, data: Graph) -> ReasoningResult:
    """Run HermiT; return the inferred memberships of the defined classes, or raise on inconsistency."""
    if not java_available():
        raise ReasonerError(
            "Java was not found on PATH: HermiT needs a Java runtime (Debian: apt-get install -y openjdk-17-jre-headless), "
            "or build with --no-reason"
        )
    import owlready2

    graph = reasoner_input(ontology, data)
    started = time.perf_counter()
    world = owlready2.World()
    onto = world.get_ontology("https://w3id.org/mandato/reasoning-input#")
    onto.load(fileobj=io.BytesIO(graph.serialize(format="nt", encoding="utf-8")), format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        raise ReasonerError(f"the ontology plus data is inconsistent according to HermiT: {_explain(world, graph)}") from exc
    except (owlready2.OwlReadyJavaError, FileNotFoundError, OSError) as exc:
        raise ReasonerError(f"HermiT could not run: {' '.join(str(exc).split())[:400]}") from exc
    inferred = Graph()
    for cls_iri in DEFINED_CLASSES:
        cls = world[str(cls_iri)]
        if cls is None:
            continue
        for individual in cls.instances(world=world):
            node = URIRef(individual.iri)
            if (node, RDF.type, cls_iri) not in data:
                inferred.add((node, RDF.type, cls_iri))
    individuals = len(set(graph.subjects(RDF.type, None)))
    return ReasoningResult(True, inferred, time.perf_counter() - started, individuals)


def _explain(world, graph: Graph) -> str:
    try:
        bad = list(world.inconsistent_classes())
    except Exception:  # the world may be unusable after an inconsistency
        bad = []
    if bad:
        return "unsatisfiable classes: " + ", ".join(str(c.iri) for c in bad[:5])
    return "an individual is asserted to belong to two disjoint classes, or a functional property has two distinct values (run `mandato validate` to locate it)"
