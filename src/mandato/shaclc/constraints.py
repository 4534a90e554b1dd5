"""The SHACL Core constraint components as SPARQL patterns.

Each component yields a `Check` whose pattern has one solution per violation. Value nodes are the
focus node (node shapes) or the values of the path (property shapes). Comparisons use sameTerm where
SHACL means term equality (sh:in, sh:hasValue, property pairs) and treat an error (incomparable
values) as a violation, as SHACL does.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from . import logical
from .model import Check, Context
from .propertypaths import sparql_path
from .terms import Unsupported, is_true, rdf_list, string, term

RDF_TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

# datatypes whose lexical form SPARQL can check with a cast
_CASTABLE = {XSD[n] for n in ("integer", "decimal", "float", "double", "boolean", "dateTime", "date", "time", "gYear", "duration")}
_INTEGER_RANGES = {
    "long": (-(2**63), 2**63 - 1), "int": (-(2**31), 2**31 - 1), "short": (-32768, 32767), "byte": (-128, 127),
    "nonNegativeInteger": (0, None), "positiveInteger": (1, None), "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1), "unsignedShort": (0, 65535), "unsignedByte": (0, 255),
}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_RANGE = {SH.minExclusive: ">", SH.minInclusive: ">=", SH.maxExclusive: "<", SH.maxInclusive: "<="}
_PAIRS = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}
MAX_PAIRWISE = 6  # counting by distinct variables: beyond this, the shape goes to pySHACL

# parameters the compiler knows; a shape using another sh: parameter is handed to pySHACL
KNOWN = {
    SH.path, SH.property, SH.node, SH["not"], SH["and"], SH["or"], SH.xone, SH["class"], SH.datatype, SH.nodeKind,
    SH.minCount, SH.maxCount, SH.minExclusive, SH.minInclusive, SH.maxExclusive, SH.maxInclusive, SH.minLength,
    SH.maxLength, SH.pattern, SH.flags, SH.languageIn, SH.uniqueLang, SH.equals, SH.disjoint, SH.lessThan,
    SH.lessThanOrEquals, SH["in"], SH.hasValue, SH.closed, SH.ignoredProperties, SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.sparql, SH.deactivated,
    SH.severity, SH.message, SH.name, SH.description, SH.targetNode, SH.targetClass, SH.targetSubjectsOf,
    SH.targetObjectsOf, SH.order, SH.group, SH.defaultValue, SH.prefixes, SH.labelTemplate, SH.resultMessage, SH.select,
}


def checks(ctx: Context, shape, focus: str) -> list[Check]:
    """Every constraint of `shape` (and of its property shapes) compiled for the focus variable."""
    if ctx.deactivated(shape):
        return []
    if shape in ctx.stack:
        raise Unsupported("recursive shapes")
    ctx.stack.append(shape)
    try:
        return _checks(ctx, shape, focus)
    finally:
        ctx.stack.pop()


def _checks(ctx: Context, shape, focus: str) -> list[Check]:
    g = ctx.graph
    custom = custom_parameters(g)
    for p in g.predicates(shape):
        if str(p).startswith(str(SH)) and p not in KNOWN:
            raise Unsupported(f"the parameter {p.n3()} is not compiled")
        if p in custom:
            raise Unsupported(f"the constraint component of parameter {p.n3()} is defined in SPARQL (sh:ConstraintComponent)")
    out: list[Check] = []
    path_node = g.value(shape, SH.path)
    if path_node is not None:
        path = sparql_path(g, path_node)
        value = ctx.fresh("val")
        reach = f"{focus} {path} {value} ."
    else:
        path, value, reach = "", focus, ""

    def add(component: str, filter_text: str, value_var: str | None = value, **extra) -> None:
        out.append(Check(shape, component, f"{reach} {filter_text}".strip(), focus, value_var, path_text=path, path_node=path_node, **extra))

    for cls in sorted(g.objects(shape, SH["class"]), key=str):
        add("ClassConstraintComponent", f"FILTER NOT EXISTS {{ {value} {RDF_TYPE} {term(cls)} }}")
        # top level: one anti-join with the class's instances instead of a path search per value
        out[-1].top_pattern = f"{reach} MINUS {{ {value} {RDF_TYPE} {term(cls)} }}".strip()
    for dt in g.objects(shape, SH.datatype):
        add("DatatypeConstraintComponent", f"FILTER (!({datatype_test(dt, value)}))")
    for kind in g.objects(shape, SH.nodeKind):
        if kind not in _NODE_KINDS:
            raise Unsupported(f"unknown sh:nodeKind {kind}")
        add("NodeKindConstraintComponent", f"FILTER (!{_NODE_KINDS[kind].format(v=value)})")
    for prop, op in _RANGE.items():
        for bound in g.objects(shape, prop):
            name = str(prop).rsplit("#", 1)[-1]
            add(f"{name[0].upper()}{name[1:]}ConstraintComponent", f"FILTER (!COALESCE({value} {op} {term(bound)}, false))")
    for prop, op in ((SH.minLength, ">="), (SH.maxLength, "<=")):
        for limit in g.objects(shape, prop):
            name = str(prop).rsplit("#", 1)[-1]
            add(f"{name[0].upper()}{name[1:]}ConstraintComponent", f"FILTER (isBlank({value}) || !COALESCE(STRLEN(STR({value})) {op} {int(limit)}, false))")
    flags = g.value(shape, SH.flags)
    for pattern in g.objects(shape, SH.pattern):
        flag_text = f", {string(str(flags))}" if flags is not None else ""
        add("PatternConstraintComponent", f"FILTER (isBlank({value}) || !COALESCE(REGEX(STR({value}), {string(str(pattern))}{flag_text}), false))")
    for langs in g.objects(shape, SH.languageIn):
        tags = " || ".join(f"langMatches(lang({value}), {string(str(t))})" for t in rdf_list(g, langs)) or "false"
        add("LanguageInConstraintComponent", f"FILTER (!(isLiteral({value}) && ({tags})))")
    for members in g.objects(shape, SH["in"]):
        tests = " || ".join(f"sameTerm({value}, {term(m)})" for m in rdf_list(g, members)) or "false"
        add("InConstraintComponent", f"FILTER (!({tests}))")
    for hv in g.objects(shape, SH.hasValue):
        if path_node is None:
            add("HasValueConstraintComponent", f"FILTER (!sameTerm({focus}, {term(hv)}))", None)
        else:
            out.append(Check(shape, "HasValueConstraintComponent", f"FILTER NOT EXISTS {{ {focus} {path} {term(hv)} }}", focus, None, path_text=path, path_node=path_node))
    if path_node is not None:
        out += _cardinality(ctx, shape, focus, path, path_node)
        if is_true(g.value(shape, SH.uniqueLang)):
            a, b, key = ctx.fresh("a"), ctx.fresh("b"), ctx.fresh("lang")
            pattern = (
                f"{focus} {path} {a} . {focus} {path} {b} . "
                f'FILTER (!sameTerm({a}, {b}) && lang({a}) != "" && lang({a}) = lang({b})) BIND (lang({a}) AS {key})'
            )
            out.append(Check(shape, "UniqueLangConstraintComponent", pattern, focus, None, key=key, path_text=path, path_node=path_node))
    out += _pairs(ctx, shape, focus, path, path_node, value, reach)
    if is_true(g.value(shape, SH.closed)):
        allowed = set(rdf_list(g, g.value(shape, SH.ignoredProperties)))
        for prop_shape in g.objects(shape, SH.property):
            p = g.value(prop_shape, SH.path)
            if isinstance(p, URIRef):
                allowed.add(p)
        p_var, o_var = ctx.fresh("p"), ctx.fresh("o")
        not_in = f"FILTER ({p_var} NOT IN ({', '.join(term(a) for a in sorted(allowed, key=str))}))" if allowed else ""
        add("ClosedConstraintComponent", f"{value} {p_var} {o_var} . {not_in}", o_var, path=p_var)
    out += logical.checks(ctx, shape, focus, value, reach, path, path_node)
    for prop_shape in sorted(g.objects(shape, SH.property), key=str):
        for inner in checks(ctx, prop_shape, value):
            inner.pattern = f"{reach} {inner.pattern}".strip()
            out.append(inner)
    from .sparql_based import sparql_checks

    out += sparql_checks(ctx, shape, focus, path, path_node)
    return out


def custom_parameters(graph) -> set:
    """Parameters of constraint components that the shapes graph defines itself (SHACL-SPARQL)."""
    out = set()
    for component in set(graph.subjects(SH.parameter, None)):
        for parameter in graph.objects(component, SH.parameter):
            out |= set(graph.objects(parameter, SH.path))
    return out


def datatype_test(dt, v: str) -> str:
    """A SPARQL test that `v` is a well-formed literal of datatype `dt`."""
    if dt == RDF.langString:
        return f'(isLiteral({v}) && lang({v}) != "")'
    test = f"(isLiteral({v}) && sameTerm(datatype({v}), {term(dt)})"
    if dt in _CASTABLE:
        test += f" && COALESCE(isLiteral(<{dt}>(STR({v}))), false)"
    local = str(dt)[len(str(XSD)):] if str(dt).startswith(str(XSD)) else ""
    if local in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[local]
        cast = f"<{XSD.integer}>(STR({v}))"
        bounds = [f"{cast} >= {low}" if low is not None else "", f"{cast} <= {high}" if high is not None else ""]
        test += f" && COALESCE(isLiteral({cast}){''.join(' && ' + b for b in bounds if b)}, false)"
    return test + ")"


def at_least(ctx: Context, n: int, reach) -> str:
    """A pattern with a solution when `reach(var)` binds at least n distinct values."""
    if n <= 0:
        return ""
    if n > MAX_PAIRWISE:
        raise Unsupported(f"counting {n} distinct values")
    names = [ctx.fresh("n") for _ in range(n)]
    body = " ".join(reach(x) for x in names)
    distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:])
    return body + (f" FILTER ({distinct})" if distinct else "")


def _cardinality(ctx: Context, shape, focus: str, path: str, path_node) -> list[Check]:
    """Nested: counting by distinct variables. Top level, for a predicate or inverse-predicate path:
    an anti-join (minCount 1) or one aggregate over the property (the store reads it once)."""
    g = ctx.graph
    out = []
    simple = isinstance(path_node, URIRef) or (path.startswith("^(<") and path.endswith(">)"))
    for n in g.objects(shape, SH.minCount):
        n = int(n)
        if n > 0:
            inner = at_least(ctx, n, lambda x: f"{focus} {path} {x} .")
            check = Check(shape, "MinCountConstraintComponent", f"FILTER NOT EXISTS {{ {inner} }}", focus, None, path_text=path, path_node=path_node)
            if simple:
                x = ctx.fresh("c")
                check.top_pattern = (
                    f"MINUS {{ {focus} {path} {x} }}" if n == 1
                    else f"MINUS {{ SELECT {focus} WHERE {{ {focus} {path} {x} }} GROUP BY {focus} HAVING (COUNT(DISTINCT {x}) >= {n}) }}"
                )
            out.append(check)
    for n in g.objects(shape, SH.maxCount):
        inner = at_least(ctx, int(n) + 1, lambda x: f"{focus} {path} {x} .")
        check = Check(shape, "MaxCountConstraintComponent", f"FILTER EXISTS {{ {inner} }}", focus, None, path_text=path, path_node=path_node)
        if simple:
            x = ctx.fresh("c")
            check.top_pattern = f"{{ SELECT {focus} WHERE {{ {focus} {path} {x} }} GROUP BY {focus} HAVING (COUNT(DISTINCT {x}) > {int(n)}) }}"
        out.append(check)
    return out


def _pairs(ctx: Context, shape, focus: str, path: str, path_node, value: str, reach: str) -> list[Check]:
    g = ctx.graph
    out = []

    def check(component, pattern, value_var):
        out.append(Check(shape, component, pattern, focus, value_var, path_text=path, path_node=path_node))

    for other in g.objects(shape, SH.equals):
        # two checks, not one UNION: at the top level a UNION branch would not see the focus variable
        u = ctx.fresh("u")
        mine = f"{focus} {path} {u} ." if path_node is not None else f"FILTER (sameTerm({u}, {focus}))"
        if path_node is not None:
            check("EqualsConstraintComponent", f"{focus} {path} {u} . FILTER NOT EXISTS {{ {focus} {term(other)} {u} }}", u)
        else:
            check("EqualsConstraintComponent", f"FILTER NOT EXISTS {{ {focus} {term(other)} {focus} }}", focus)
        check("EqualsConstraintComponent", f"{focus} {term(other)} {u} . FILTER NOT EXISTS {{ {mine} }}", u)
    for other in g.objects(shape, SH.disjoint):
        check("DisjointConstraintComponent", f"{reach} {focus} {term(other)} {value} .".strip(), value)
    for prop, op in _PAIRS.items():
        for other in g.objects(shape, prop):
            w = ctx.fresh("w")
            name = str(prop).rsplit("#", 1)[-1]
            check(f"{name[0].upper()}{name[1:]}ConstraintComponent", f"{reach} {focus} {term(other)} {w} . FILTER (!COALESCE({value} {op} {w}, false))".strip(), value)
    return out


__all__ = ["KNOWN", "checks", "datatype_test", "at_least"]
