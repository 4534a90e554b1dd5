"""SPARQL-based constraints (sh:sparql) with the pre-binding semantics of SHACL.

SHACL pre-binds $this to each focus node. Running one query per focus node is faithful but slow, so
a constraint is run once over all focus nodes (its WHERE group joined with the targets) when that
gives the same answers: $this occurs only where a join binds it the same way (triple patterns, the
top-level group and FILTER (NOT) EXISTS blocks under it), and the query has no LIMIT, OFFSET or
aggregate that would apply to all focus nodes at once (a GROUP BY on $this keeps the groups apart and
runs as a sub-select). Otherwise the runner pre-binds $this by a VALUES block at the head of every
group, once per focus node. Inside a shape-based constraint (sh:node, sh:not...) only the first form
can be nested; the others make the shape go to pySHACL.

In the joined form a top-level FILTER NOT EXISTS becomes MINUS where equivalent (`anti_joins`):
Oxigraph evaluates a correlated NOT EXISTS once per row and a MINUS once as an anti-join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import OWL, SH

from .model import Check, Context
from .terms import Unsupported, is_true

_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_THIS = re.compile(r"[?$]this\b")
_NOT_EXISTS = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{", re.IGNORECASE)
_UNBINDING = re.compile(r"(?:FILTER\s*(?:NOT\s+)?EXISTS\s*\{|FILTER\s*\(|BIND\s*\(|OPTIONAL\s*\{)", re.IGNORECASE)
_MASK = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_AGGREGATE = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.IGNORECASE)


def mask(text: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length), for bracket scanning."""
    return _MASK.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1] if len(m.group(0)) > 1 else " ", text)


def closing(text: str, start: int, opening: str = "{", close: str = "}") -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == opening:
            depth += 1
        elif text[i] == close:
            depth -= 1
            if depth == 0:
                return i
    raise Unsupported("unbalanced brackets in a SPARQL constraint")


@dataclass
class Parsed:
    head: str  # up to the WHERE group, without the keyword WHERE
    body: str  # the WHERE group's content
    tail: str  # solution modifiers
    projected: set[str]
    star: bool


def parse_select(query: str) -> Parsed:
    masked = mask(query)
    match = re.search(r"\bSELECT\b", masked, re.IGNORECASE)
    if not match:
        raise Unsupported("sh:select is not a SELECT query")
    open_brace = masked.find("{", match.end())
    if open_brace < 0:
        raise Unsupported("a SELECT query without a WHERE group")
    close = closing(masked, open_brace)
    head = query[:open_brace]
    head_masked = masked[:open_brace]
    where = re.search(r"\bWHERE\s*$", head_masked, re.IGNORECASE)
    if where:
        head = head[: where.start()]
        head_masked = head_masked[: where.start()]
    select_part = head_masked[match.start():]
    projected = set(_VARIABLE.findall(re.sub(r"\([^()]*\bAS\b", " ", select_part)))
    projected |= set(re.findall(r"\bAS\s+[?$]([A-Za-z_][A-Za-z0-9_]*)", select_part, re.IGNORECASE))
    return Parsed(head, query[open_brace + 1 : close], query[close + 1 :], projected, "*" in select_part)


def _group_kinds(masked: str):
    """For each '{' position, the kind of group it opens: where, exists, select, values or other."""
    kinds = {}
    first = True
    for i, ch in enumerate(masked):
        if ch != "{":
            continue
        before = masked[:i].rstrip()
        after = masked[i + 1 :].lstrip()
        if re.search(r"\bVALUES\s*(?:[?$]\w+|\([^()]*\))$", before, re.IGNORECASE):
            kinds[i] = "values"
        elif re.match(r"SELECT\b", after, re.IGNORECASE):
            kinds[i] = "select"
        elif re.search(r"\bEXISTS$", before, re.IGNORECASE):
            kinds[i] = "exists"
        elif first:
            kinds[i] = "where"
        else:
            kinds[i] = "other"
        first = False
    return kinds


def joinable(body: str) -> bool:
    """True when joining the WHERE group with the targets equals pre-binding $this in it."""
    masked = mask(body)
    kinds = _group_kinds("{" + masked)
    stack: list[tuple[str, int]] = []  # (kind, paren depth at the group's start)
    parens = 0
    text = "{" + masked
    for i, ch in enumerate(text):
        if ch == "{":
            stack.append((kinds.get(i, "other"), parens))
        elif ch == "}":
            if stack:
                stack.pop()
        elif ch == "(":
            parens += 1
        elif ch == ")":
            parens -= 1
        elif ch in "?$" and _THIS.match(text, i):
            groups = [k for k, _ in stack]
            if "select" in groups or "values" in groups:
                return False
            in_expression = parens > (stack[-1][1] if stack else 0)
            if set(groups) <= {"where", "exists"}:
                continue
            if not in_expression and set(groups) <= {"where", "other"}:
                continue
            return False
    return True


def _outside_unbinding(text: str) -> list[str]:
    """The pieces of `text` outside its FILTER, BIND and OPTIONAL blocks (what binds for certain)."""
    parts, position = [], 0
    while (match := _UNBINDING.search(text, position)) is not None:
        opening = match.end() - 1
        close = closing(text, opening, text[opening], "}" if text[opening] == "{" else ")")
        parts.append(text[position : match.start()])
        position = close + 1
    parts.append(text[position:])
    return parts


def _pattern_variables(text: str) -> set[str]:
    return set(_VARIABLE.findall(" ".join(_outside_unbinding(text))))


def _certainly_bound(rest: str) -> set[str]:
    """Variables every solution of the group `rest` binds (?this always: the targets bind it).

    Without OPTIONAL, every variable of the group counts (the conditions `anti_joins` always had).
    With OPTIONALs (the validity fragments expand to them), only a flat group qualifies — triple
    patterns, FILTERs, BINDs and OPTIONALs, no UNION, MINUS, VALUES or sub-select — and only the
    variables of its triple patterns outside FILTERs, BINDs and OPTIONALs are certainly bound.
    """
    if "OPTIONAL" not in rest.upper():
        return set(_VARIABLE.findall(rest)) | {"this"}
    flat = "".join(_outside_unbinding(mask(rest)))
    if any(c in "{}" for c in flat) or re.search(r"\b(UNION|MINUS|VALUES|GRAPH|SERVICE)\b", flat, re.IGNORECASE):
        return {"this"}
    return _pattern_variables(rest) | {"this"}


def anti_joins(body: str) -> str:
    """`body` (a WHERE group's content) with each top-level FILTER NOT EXISTS made a MINUS where equivalent.

    NOT EXISTS { B } and MINUS { B } remove the same rows when B shares at least one variable with the
    rest of the group (?this always counts: the target sub-select binds it) and every shared variable is
    bound by a triple pattern on both sides: the rest of the group has no OPTIONAL, and in B each
    shared variable occurs in a triple pattern outside B's FILTERs and OPTIONALs (where NOT EXISTS
    would see the outer value and MINUS an unbound variable). A FILTER applies to its whole group
    wherever it stands but a MINUS only to what precedes it, so the MINUS blocks go to the end of the
    group. Blocks failing a condition are left as they are.
    """
    blocks = []
    position = 0
    while (match := _NOT_EXISTS.search(body, position)) is not None:
        close = closing(body, match.end() - 1)
        blocks.append((match.start(), match.end() - 1, close))
        position = close + 1
    kept, minus, last = [], [], 0
    for start, open_brace, close in blocks:
        inner = body[open_brace + 1 : close]
        rest = body[:start] + body[close + 1 :]
        shared = set(_VARIABLE.findall(inner)) & (set(_VARIABLE.findall(rest)) | {"this"})
        safe = bool(shared) and shared <= _certainly_bound(rest) and shared <= _pattern_variables(inner)
        kept.append(body[last:start] if safe else body[last : close + 1])
        if safe:
            minus.append(f"MINUS {{{inner}}}")
        last = close + 1
    kept.append(body[last:])
    return "".join(kept).rstrip() + "".join(f"\n            {m}" for m in minus) + ("\n        " if minus else "")


_EXISTS_FILTER = re.compile(r"FILTER\s*(\(\s*)?EXISTS\s*\{", re.IGNORECASE)


def semi_joins(body: str) -> str:
    """`body` with each top-level `FILTER EXISTS { B }`, or `FILTER (EXISTS { A } || EXISTS { B } ...)`,
    made a join with `{ SELECT DISTINCT <shared variables> WHERE { {A} UNION {B} } }` where equivalent.

    Oxigraph evaluates a correlated EXISTS once per row, which made rules such as
    AssessmentShape-contradicted grow with the square of the data; a sub-select is evaluated once and
    hash-joined. The conditions are those of `anti_joins`: every variable the blocks share with the
    rest of the group is bound by a triple pattern in each block and in the rest, and the rest has no
    OPTIONAL. Other filters are left as they are.
    """
    out, position = [], 0
    while (match := _EXISTS_FILTER.search(body, position)) is not None:
        start = match.start()
        if match.group(1):  # FILTER ( ... ): only a disjunction of EXISTS blocks qualifies
            open_paren = body.index("(", start)
            end = closing(body, open_paren, "(", ")")
            expression = body[open_paren + 1 : end]
        else:
            brace = match.end() - 1
            end = closing(body, brace)
            expression = body[start + len("FILTER") : end + 1]
        blocks, rest_of_expression, cursor = [], expression.strip(), 0
        ok = True
        while rest_of_expression:
            head = re.match(r"EXISTS\s*\{", rest_of_expression, re.IGNORECASE)
            if not head:
                ok = False
                break
            close = closing(rest_of_expression, head.end() - 1)
            blocks.append(rest_of_expression[head.end() : close])
            rest_of_expression = rest_of_expression[close + 1 :].strip()
            if rest_of_expression.startswith("||"):
                rest_of_expression = rest_of_expression[2:].strip()
            elif rest_of_expression:
                ok = False
                break
        rest = body[:start] + body[end + 1 :]
        shared = set()
        for block in blocks:
            shared |= set(_VARIABLE.findall(block)) & (set(_VARIABLE.findall(rest)) | {"this"})
        ok = ok and bool(blocks) and bool(shared) and "OPTIONAL" not in rest.upper()
        ok = ok and all(shared <= _pattern_variables(b) for b in blocks) and shared <= (_pattern_variables(rest) | {"this"})
        out.append(body[position:start])
        if ok:
            union = " UNION ".join("{ " + b.strip() + " }" for b in blocks)
            out.append(f"{{ SELECT DISTINCT {' '.join('?' + v for v in sorted(shared))} WHERE {{ {union} }} }}")
        else:
            out.append(body[start : end + 1])
        position = end + 1
    out.append(body[position:])
    return "".join(out)


@dataclass
class PerFocus:
    """A SPARQL constraint run once per focus node, $this pre-bound by VALUES blocks."""

    query: str

    def bind(self, focus_n3: str) -> str:
        masked = mask(self.query)
        kinds = _group_kinds(masked[masked.upper().find("SELECT"):])
        offset = masked.upper().find("SELECT")
        out, last = [], 0
        for position, kind in sorted(kinds.items()):
            if kind in ("values", "select"):
                continue
            at = offset + position + 1
            out.append(self.query[last:at])
            out.append(f" VALUES ?this {{ {focus_n3} }} ")
            last = at
        out.append(self.query[last:])
        return _THIS.sub("?this", "".join(out))


def _prefixes(ctx: Context, constraint) -> str:
    g = ctx.graph
    lines = []
    holders, todo = [], list(g.objects(constraint, SH.prefixes))
    while todo:
        holder = todo.pop()
        if holder not in holders:
            holders.append(holder)
            todo += list(g.objects(holder, OWL.imports))
    for holder in holders:
        for decl in g.objects(holder, SH.declare):
            prefix, namespace = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
            if prefix is None or namespace is None:
                continue
            known = ctx.prefixes.get(str(prefix))
            if known is not None and known != str(namespace):
                raise Unsupported(f"prefix {prefix}: declared with two namespaces")
            ctx.prefixes[str(prefix)] = str(namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def sparql_checks(ctx: Context, shape, focus: str, path: str, path_node) -> list[Check]:
    g = ctx.graph
    out = []
    for constraint in sorted(g.objects(shape, SH.sparql), key=str):
        if is_true(g.value(constraint, SH.deactivated)):
            continue
        select = g.value(constraint, SH.select)
        if select is None:
            raise Unsupported("sh:sparql without sh:select")
        _prefixes(ctx, constraint)
        query = str(select)
        if "$shapesGraph" in query or "?shapesGraph" in query:
            raise Unsupported("$shapesGraph (the shapes graph is not in the store)")
        if re.search(r"[?$]currentShape\b", query):
            if not isinstance(shape, URIRef):
                raise Unsupported("$currentShape of a blank-node shape")
            query = re.sub(r"[?$]currentShape\b", f"<{shape}>", query)
        if "$PATH" in query:
            if path_node is None:
                raise Unsupported("$PATH in a node shape")
            query = query.replace("$PATH", path)
        out.append(_compile(ctx, shape, query, focus, path, path_node))
    return out


def _compile(ctx: Context, shape, query: str, focus: str, path: str, path_node) -> Check:
    parsed = parse_select(query)
    tail = mask(parsed.tail)
    grouped = re.search(r"\bGROUP\s+BY\b", tail, re.IGNORECASE)
    aggregated = bool(_AGGREGATE.search(mask(parsed.head))) or bool(re.search(r"\bHAVING\b", tail, re.IGNORECASE))
    limited = bool(re.search(r"\b(LIMIT|OFFSET)\b", tail, re.IGNORECASE))
    by_this = bool(grouped and _THIS.search(tail[grouped.end():].split("HAVING")[0]))
    value = "?value" if parsed.star or "value" in parsed.projected else None
    result_path = "?path" if "path" in parsed.projected else None
    check = Check(shape, "SPARQLConstraintComponent", "", focus, value, path=result_path, path_text=path, path_node=path_node)
    body_ok = joinable(parsed.body) and not limited
    computed = "(" in mask(parsed.head)[re.search(r"\bSELECT\b", mask(parsed.head), re.IGNORECASE).end():]
    if body_ok and not grouped and not aggregated and not computed:
        body = _THIS.sub("?this", parsed.body)
        if focus == "?this":
            check.pattern = semi_joins(anti_joins(body)) if ctx.optimise else body
        else:
            suffix = ctx.fresh("s")[2:]
            check.pattern = _rename(body, focus, suffix)
            check.value = f"?{suffix}_value" if value else None
            check.path = f"?{suffix}_path" if result_path else None
        return check
    if body_ok and (by_this or not (grouped or aggregated)) and focus == "?this" and "this" in parsed.projected:
        check.pattern = "{ " + _THIS.sub("?this", query) + " }"
        return check
    check.per_focus = PerFocus(query)
    return check


def _rename(text: str, focus: str, suffix: str) -> str:
    """Variables renamed apart for nesting: $this becomes the focus variable."""

    def repl(match: re.Match) -> str:
        name = match.group(1)
        return focus if name == "this" else f"?{suffix}_{name}"

    return _VARIABLE.sub(repl, text)
