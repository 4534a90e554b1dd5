"""Shape-based constraints: sh:not, sh:and, sh:or, sh:xone, sh:node and qualified value shapes.

A value node conforms to a shape when the shape's violation pattern, nested with the value node as
its focus, has no solution: `FILTER NOT EXISTS { ... }`. Nesting keeps everything in one query, so
the store evaluates it with its own indexes; recursive shapes (undefined in SHACL) are refused.
"""

from __future__ import annotations

import re

from rdflib.namespace import SH

from .model import Check, Context
from .terms import Unsupported, is_true, rdf_list


def violates(ctx: Context, shape, var: str) -> str:
    """A group pattern with a solution exactly when the node in `var` does not conform to `shape`."""
    from .constraints import checks

    compiled = checks(ctx, shape, var)
    if not compiled:
        return "FILTER (false)"
    if any(c.per_focus is not None for c in compiled):
        raise Unsupported("a SPARQL constraint that needs pre-binding, inside a shape-based constraint")
    return " UNION ".join("{ " + c.pattern + " }" for c in compiled)


def _conforms(ctx: Context, shape, var: str) -> str:
    tests = _filters_only(ctx, shape, var)
    if tests is not None and len(tests) == 1 and (equal := _negated_same_term(tests[0])) is not None:
        # sh:hasValue inside sh:not: the value is that term. Written as sameTerm rather than NOT EXISTS
        # { { FILTER (!sameTerm(...)) } }, whose outer binding Virtuoso 7 does not see (and it also
        # mis-evaluates the double negation); the value node is always bound here, so sameTerm cannot fail
        return equal
    return f"NOT EXISTS {{ {violates(ctx, shape, var)} }}"


def _negated_same_term(test: str) -> str | None:
    """`sameTerm(A, B)` when the test is exactly `!sameTerm(A, B)`, else None."""
    from .sparql_based import closing, mask

    text = test.strip()
    head = re.match(r"!\s*sameTerm\s*\(", text)
    if not head or closing(mask(text), head.end() - 1, "(", ")") != len(text) - 1:
        return None
    return text[1:].strip()


def _filters_only(ctx: Context, shape, var: str) -> list[str] | None:
    """The expressions of the shape's violation patterns when each is a single FILTER (...), else None."""
    from .constraints import checks
    from .sparql_based import closing, mask

    compiled = checks(ctx, shape, var)
    if not compiled or any(c.per_focus is not None for c in compiled):
        return None
    tests = []
    for c in compiled:
        text = c.pattern.strip()
        head = re.match(r"FILTER\s*\(", text)
        if not head or closing(mask(text), head.end() - 1, "(", ")") != len(text) - 1:
            return None
        tests.append(text[head.end() : -1])
    return tests


def checks(ctx: Context, shape, focus: str, value: str, reach: str, path: str, path_node) -> list[Check]:
    g = ctx.graph
    out: list[Check] = []

    def add(component: str, filter_text: str) -> None:
        out.append(Check(shape, component, f"{reach} {filter_text}".strip(), focus, value, path_text=path, path_node=path_node))

    for other in g.objects(shape, SH["not"]):
        add("NotConstraintComponent", f"FILTER ({_conforms(ctx, other, value)})")
    for members in g.objects(shape, SH["and"]):
        parts = [violates(ctx, m, value) for m in rdf_list(g, members)]
        if parts:
            add("AndConstraintComponent", "FILTER EXISTS { " + " UNION ".join("{ " + p + " }" for p in parts) + " }")
    for members in g.objects(shape, SH["or"]):
        parts = [violates(ctx, m, value) for m in rdf_list(g, members)]
        test = " && ".join(f"EXISTS {{ {p} }}" for p in parts) or "true"
        add("OrConstraintComponent", f"FILTER ({test})")
    for members in g.objects(shape, SH.xone):
        parts = [violates(ctx, m, value) for m in rdf_list(g, members)]
        total = " + ".join(f"IF(EXISTS {{ {p} }}, 0, 1)" for p in parts) or "0"
        add("XoneConstraintComponent", f"FILTER (({total}) != 1)")
    for other in g.objects(shape, SH.node):
        add("NodeConstraintComponent", f"FILTER EXISTS {{ {violates(ctx, other, value)} }}")
    if path_node is not None:
        out += _qualified(ctx, shape, focus, path, path_node)
    return out


def _siblings(ctx: Context, shape, qualified) -> list:
    """Other qualified value shapes of the property shapes of the same parent shapes."""
    g = ctx.graph
    out = []
    for parent in g.subjects(SH.property, shape):
        for sibling in g.objects(parent, SH.property):
            for other in g.objects(sibling, SH.qualifiedValueShape):
                if other != qualified and other not in out:
                    out.append(other)
    return out


def _qualified(ctx: Context, shape, focus: str, path: str, path_node) -> list[Check]:
    from .constraints import at_least

    g = ctx.graph
    out = []
    for qualified in g.objects(shape, SH.qualifiedValueShape):
        disjoint = is_true(g.value(shape, SH.qualifiedValueShapesDisjoint))
        siblings = _siblings(ctx, shape, qualified) if disjoint else []

        def conformer(var: str) -> str:
            text = f"{focus} {path} {var} . FILTER ({_conforms(ctx, qualified, var)})"
            for sibling in siblings:
                text += f" FILTER EXISTS {{ {violates(ctx, sibling, var)} }}"
            return text

        low = g.value(shape, SH.qualifiedMinCount)
        if low is not None and int(low) > 0:
            pattern = f"FILTER NOT EXISTS {{ {at_least(ctx, int(low), conformer)} }}"
            out.append(Check(shape, "QualifiedMinCountConstraintComponent", pattern, focus, None, path_text=path, path_node=path_node))
        high = g.value(shape, SH.qualifiedMaxCount)
        if high is not None:
            pattern = f"FILTER EXISTS {{ {at_least(ctx, int(high) + 1, conformer)} }}"
            out.append(Check(shape, "QualifiedMaxCountConstraintComponent", pattern, focus, None, path_text=path, path_node=path_node))
    return out
