"""Read-only means parsed: the one check every query from outside the project passes before it runs.

A query typed in the explorer's console, read from a `.rq` file the user names, or sent to a remote
endpoint on a user's behalf is parsed with rdflib's SPARQL 1.1 parser and translated to its algebra
(see docs/decisions/0006-sparql-guard.md for why rdflib and not a textual check). It is allowed only
when:

- it parses as a query (not as an update: INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY);
- its form is one of the allowed forms (SELECT, ASK, CONSTRUCT, DESCRIBE by default);
- no SERVICE pattern occurs anywhere in it: not nested in groups, OPTIONAL, UNION, MINUS or
  sub-queries, not inside FILTER EXISTS / NOT EXISTS, not SILENT, not with a variable endpoint.

Comments, escapes (\\u0053ERVICE), case, prefixed names and whitespace cannot hide anything: the
parser sees the query as the store will. The API is two functions and one exception:

    verdict = check(text)            # never raises; verdict.allowed, verdict.reason, verdict.message
    form = require_read_only(text)   # raises QueryRefused (a UsageError: exit 2 in the CLI)

`reason` is one of: "empty", "too-large", "syntax", "update", "service", "form". Verdicts are cached
by query text, so checking the same query again costs nothing.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from .errors import UsageError

READ_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
MAX_QUERY_CHARS = 200_000
_FORM_OF = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_UPDATE_KEYWORD = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
    "Copy": "COPY", "InsertData": "INSERT", "DeleteData": "DELETE", "DeleteWhere": "DELETE",
}
_PARSE_LOCK = threading.Lock()  # pyparsing grammars are module-level objects: one parse at a time


@dataclass(frozen=True)
class Verdict:
    """The guard's answer: whether the query may run, and if not why (with a position for syntax errors)."""

    allowed: bool
    form: str = ""
    reason: str = ""
    keyword: str = ""
    message: str = ""
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.allowed:
            return f"allowed ({self.form})"
        where = f" at line {self.line}, column {self.column}" if self.line else ""
        return f"refused ({self.reason}){where}: {self.message}"


class QueryRefused(UsageError):
    """A query the guard refuses; `verdict` says why. A UsageError, so the CLI exits 2 without a traceback."""

    def __init__(self, verdict: Verdict, source: str | None = None) -> None:
        self.verdict = verdict
        where = f" at line {verdict.line}, column {verdict.column}" if verdict.line else ""
        super().__init__(f"query refused{where}: {verdict.message}", file=source, line=verdict.line or None)


def check(query: str, *, forms: tuple[str, ...] = READ_FORMS, prefixes: dict[str, str] | None = None) -> Verdict:
    """The verdict on a query text. `prefixes` are declared for the query (the canonical ones by default)."""
    if prefixes is None:
        from .namespaces import PREFIXES

        prefixes = PREFIXES
    return _check(query, tuple(forms), tuple(sorted(prefixes.items())))


def require_read_only(query: str, *, forms: tuple[str, ...] = READ_FORMS, prefixes: dict[str, str] | None = None,
                      source: str | None = None) -> str:
    """The query's form if it may run; raises QueryRefused (naming `source`, e.g. the .rq file) otherwise."""
    verdict = check(query, forms=forms, prefixes=prefixes)
    if not verdict.allowed:
        raise QueryRefused(verdict, source)
    return verdict.form


@lru_cache(maxsize=512)
def _check(query: str, forms: tuple[str, ...], prefixes: tuple[tuple[str, str], ...]) -> Verdict:
    if not isinstance(query, str) or not query.strip():
        return Verdict(False, reason="empty", message="the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        return Verdict(False, reason="too-large", message=f"the query has {len(query):,} characters; the limit is {MAX_QUERY_CHARS:,}")
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    with _PARSE_LOCK:
        try:
            tree = parseQuery(query)
        except ParseBaseException as exc:
            return _not_a_query(query, exc)
        except RecursionError:
            return Verdict(False, reason="syntax", message="the query is nested too deeply to be checked")
        except UnicodeError as exc:
            return Verdict(False, reason="syntax", message=f"invalid character escape: {exc}")
        form = _FORM_OF.get(getattr(tree[1], "name", ""), "")
        if _contains_service(tree):
            return Verdict(False, form=form, reason="service", keyword="SERVICE", message="federated queries (SERVICE) are not allowed")
        try:
            algebra = translateQuery(tree, initNs=dict(prefixes))
        except RecursionError:
            return Verdict(False, reason="syntax", message="the query is nested too deeply to be checked")
        except Exception as exc:  # rdflib raises bare Exceptions for unknown prefixes and similar
            return _translation_error(query, exc)
    if _contains_service(algebra.algebra):
        return Verdict(False, form=form, reason="service", keyword="SERVICE", message="federated queries (SERVICE) are not allowed")
    if form not in forms:
        allowed = ", ".join(forms)
        return Verdict(False, form=form, reason="form", keyword=form, message=f"{form or 'this'} queries are not accepted here (only {allowed})")
    return Verdict(True, form=form)


def _contains_service(root) -> bool:
    """True if a ServiceGraphPattern node occurs anywhere below root (parse tree or algebra)."""
    from pyparsing import ParseResults

    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if getattr(node, "name", None) == "ServiceGraphPattern":
            return True
        if isinstance(node, dict):  # CompValue is an OrderedDict
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set, frozenset, ParseResults)):
            stack.extend(node)
    return False


def _position(query: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(query)))
    line = query.count("\n", 0, index) + 1
    column = index - (query.rfind("\n", 0, index) + 1) + 1
    return line, column


def _not_a_query(query: str, exc) -> Verdict:
    """A text that does not parse as a query: an update (refused as such) or a syntax error."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(query)
    except (ParseBaseException, RecursionError, UnicodeError):
        update = None
    if update is not None and not update.request:
        return Verdict(False, reason="empty", message="the query has nothing but comments and declarations")
    if update is not None:
        keyword = next((_update_keyword(r) for r in update.request if getattr(r, "name", "")), "UPDATE")
        return Verdict(False, reason="update", keyword=keyword, message=f"SPARQL Update ({keyword}) is not allowed: the store is read-only")
    loc = getattr(exc, "loc", 0)
    semicolon = query.find(";", loc)
    if 0 <= semicolon and not query[loc:semicolon].strip():
        # `SELECT ... ; INSERT ...`: a query followed by an update request
        tail = _not_a_query(query[semicolon + 1:], exc) if query[semicolon + 1:].strip() else None
        if tail is not None and tail.reason == "update":
            return tail
    line, column = getattr(exc, "lineno", 0), getattr(exc, "col", 0)
    if re.match(r"SERVICE\b", query[loc:], re.IGNORECASE):
        # rdflib's parser gives up on a few SERVICE patterns it cannot re-read (an IRI holding '#'
        # earlier on the line): refused either way, and named for what it is
        return Verdict(False, reason="service", keyword="SERVICE", message="federated queries (SERVICE) are not allowed", line=line, column=column)
    found = _snippet(query, loc)
    message = f"unexpected {found}" if found else "unexpected end of the query"
    return Verdict(False, reason="syntax", message=message, line=line, column=column)


def _update_keyword(request) -> str:
    if request.name == "Modify":  # DELETE { } INSERT { } WHERE { }: named by its first clause
        return "DELETE" if "delete" in request else "INSERT"
    return _UPDATE_KEYWORD.get(request.name, request.name.upper())


def _snippet(query: str, index: int) -> str:
    rest = query[index:].strip()
    if not rest:
        return ""
    token = re.match(r"\S+(?:[ \t]+\S+)?", rest)
    text = token.group(0) if token else rest[:20]
    return repr(text[:30] + ("…" if len(text) > 30 else ""))


def _translation_error(query: str, exc: Exception) -> Verdict:
    text = " ".join(str(exc).split())
    prefix = re.search(r"Unknown namespace prefix\s*:\s*(\S+)", text)
    if prefix:
        name = prefix.group(1)
        match = re.search(rf"(?<![\w\-.:<]){re.escape(name)}:", query)
        line, column = _position(query, match.start()) if match else (0, 0)
        return Verdict(False, reason="syntax", message=f"unknown prefix '{name}:' (declare it with PREFIX, or use a canonical prefix)", line=line, column=column)
    return Verdict(False, reason="syntax", message=text[:300] or type(exc).__name__)


__all__ = ["READ_FORMS", "QueryRefused", "Verdict", "check", "require_read_only"]
