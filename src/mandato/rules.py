"""The defined classes materialised by rules: OWL class definitions compiled to SPARQL.

`mandato build` used to classify the data with HermiT, starting a JVM for every build, which took a
quarter of the build time on the national data and would not finish at municipal scale. The defined
classes (lead mandate, decision-power mandate, lead body, decision-making body, solution operator)
are `owl:equivalentClass` intersections of named classes and restrictions; this module compiles each
definition into a SPARQL pattern, taking into account what HermiT would use to prove membership in
this ontology: subclasses, subproperties, inverse properties and the domains and ranges of
properties. The rules run on the store until nothing new is inferred (a defined class may use
another: a lead body holds a lead mandate). tests/test_reasoning.py proves the result equal to
HermiT's on the fixtures and on the national data; HermiT still checks consistency there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection

from .namespaces import MD
from .reasoning import DEFINED_CLASSES

RDF_TYPE = str(RDF.type)


class NotCompilable(Exception):
    """A class expression outside the fragment the rules cover."""


@dataclass
class Rule:
    cls: URIRef
    pattern: str  # binds ?x to each member


class _Ontology:
    def __init__(self, ontology: Graph) -> None:
        self.g = ontology
        self.sub_classes: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                self.sub_classes[sup].add(sub)
        self.sub_properties: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
            self.sub_properties[sup].add(sub)
        self.inverse: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in ontology.subject_objects(OWL.inverseOf):
            self.inverse[a].add(b)
            self.inverse[b].add(a)
        self.fresh = 0

    def var(self) -> str:
        self.fresh += 1
        return f"?r{self.fresh}"

    def classes_below(self, cls: URIRef) -> set[URIRef]:
        seen, todo = {cls}, [cls]
        while todo:
            for sub in self.sub_classes.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return seen

    def properties_below(self, prop: URIRef) -> tuple[set[URIRef], set[URIRef]]:
        """(forward, backward): properties whose triples s p o, resp. o p s, imply s prop o."""
        forward, backward, todo = set(), set(), [(prop, True)]
        while todo:
            p, direction = todo.pop()
            target = forward if direction else backward
            if p in target:
                continue
            target.add(p)
            todo += [(s, direction) for s in self.sub_properties.get(p, ())]
            todo += [(i, not direction) for i in self.inverse.get(p, ())]
        return forward, backward

    def path(self, prop: URIRef) -> str:
        forward, backward = self.properties_below(prop)
        steps = [f"<{p}>" for p in sorted(forward)] + [f"^<{p}>" for p in sorted(backward)]
        return steps[0] if len(steps) == 1 else "(" + "|".join(steps) + ")"

    def member(self, cls, x: str) -> str:
        """A pattern that binds x to the members of a class expression."""
        if isinstance(cls, URIRef):
            return self.named(cls, x)
        g = self.g
        if (cls, OWL.intersectionOf, None) in g:
            # the restrictions bind x selectively; the named classes are then tests on each row
            parts = list(Collection(g, g.value(cls, OWL.intersectionOf)))
            bound = [c for c in parts if not isinstance(c, URIRef)] or parts[:1]
            tests = [c for c in parts if c not in bound]
            return " ".join("{ " + self.member(c, x) + " }" for c in bound) + "".join(
                f" FILTER EXISTS {{ {self.member(c, x)} }}" for c in tests
            )
        if (cls, OWL.unionOf, None) in g:
            return " UNION ".join("{ " + self.member(c, x) + " }" for c in Collection(g, g.value(cls, OWL.unionOf)))
        if (cls, OWL.oneOf, None) in g:
            return f"VALUES {x} {{ {' '.join(f'<{i}>' for i in Collection(g, g.value(cls, OWL.oneOf)))} }}"
        prop = g.value(cls, OWL.onProperty)
        if prop is not None and g.value(cls, OWL.hasValue) is not None:
            return f"{x} {self.path(prop)} <{g.value(cls, OWL.hasValue)}> ."
        if prop is not None and g.value(cls, OWL.someValuesFrom) is not None:
            y = self.var()
            return f"{x} {self.path(prop)} {y} . {self.member(g.value(cls, OWL.someValuesFrom), y)}"
        raise NotCompilable(f"class expression {cls} is outside the rules' fragment")

    def named(self, cls: URIRef, x: str) -> str:
        below = self.classes_below(cls)
        if cls == OWL.Thing:
            raise NotCompilable("owl:Thing")
        t = self.var()
        branches = [f"{x} a {t} . VALUES {t} {{ {' '.join(f'<{c}>' for c in sorted(below))} }}"]
        for prop, domain in self.g.subject_objects(RDFS.domain):
            if domain in below:
                branches.append(f"{x} <{prop}> [] .")
        for prop, rng in self.g.subject_objects(RDFS.range):
            if rng in below and (prop, RDF.type, OWL.ObjectProperty) in self.g:
                branches.append(f"[] <{prop}> {x} .")
        if len(branches) == 1:
            return branches[0]
        return " UNION ".join("{ " + b + " }" for b in sorted(set(branches)))


def compile_rules(ontology: Graph, classes=DEFINED_CLASSES) -> list[Rule]:
    onto = _Ontology(ontology)
    rules = []
    for cls in classes:
        for definition in ontology.objects(cls, OWL.equivalentClass):
            if isinstance(definition, BNode):
                rules.append(Rule(cls, onto.member(definition, "?x")))
    return rules


def _ordered(rules: list[Rule]) -> tuple[list[Rule], bool]:
    """Rules with the classes they use first; False when the definitions are cyclic."""
    classes = {r.cls for r in rules}
    needs = {r.cls: {c for c in classes if c != r.cls and f"<{c}>" in r.pattern} for r in rules}
    done: list[URIRef] = []
    while len(done) < len(classes):
        ready = sorted((c for c in classes if c not in done and needs[c] <= set(done)), key=str)
        if not ready:
            return rules, False
        done += ready
    return sorted(rules, key=lambda r: done.index(r.cls)), True


def materialise(store, ontology: Graph, graph: str, max_rounds: int = 10) -> int:
    """Insert `?x a C` into the named graph for each member of a defined class not already typed so;
    returns the number of triples inferred. Acyclic definitions need one pass in dependency order;
    cyclic ones are repeated until nothing new is inferred."""
    rules, acyclic = _ordered(compile_rules(ontology))
    total = 0
    for _ in range(1 if acyclic else max_rounds):
        added = 0
        for rule in rules:
            query = (
                f"SELECT DISTINCT ?x WHERE {{ {rule.pattern} FILTER (isIRI(?x)) "
                f"FILTER NOT EXISTS {{ ?x a <{rule.cls}> }} }}"
            )
            rows = store.select(query, trusted=True).rows
            if rows:
                store.load_ntriples("".join(f"<{r['x'].value}> <{RDF_TYPE}> <{rule.cls}> .\n" for r in rows), graph)
                added += len(rows)
        total += added
        if not added:
            break
    return total


def inferred_graph(store, ontology: Graph, graph: str) -> Graph:
    """The triples `materialise` put into the named graph, as an rdflib graph (tests, small data)."""
    out = Graph()
    result = store.select(f"SELECT ?s ?o WHERE {{ GRAPH <{graph}> {{ ?s a ?o }} }}", trusted=True)
    for row in result.rows:
        out.add((URIRef(row["s"].value), RDF.type, URIRef(row["o"].value)))
    return out


__all__ = ["MD", "compile_rules", "inferred_graph", "materialise"]
