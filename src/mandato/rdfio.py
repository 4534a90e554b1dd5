"""Reading and writing RDF files, with errors that name the file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef

from .errors import InputError
from .namespaces import GRAPH, bind_all, curie
from .paths import ROOT, relative

_LINE_RE = re.compile(r"(?:at line|line) (\d+)")


@dataclass
class SourceFile:
    """One parsed source file: its path, its named-graph IRI and its triples."""

    path: Path
    graph: Graph
    text: str = field(repr=False)
    data_root: Path | None = None  # a user's data folder the file was found in (names its graph)

    @property
    def name(self) -> str:
        return relative(self.path)

    @property
    def graph_iri(self) -> URIRef:
        return graph_iri_for(self.path, self.data_root)

    def line_of(self, iri: str) -> int | None:
        """The first line on which ``iri`` appears as a subject (by full IRI or prefixed name)."""
        return line_of(self.text, iri)


def line_of(text: str, iri: str) -> int | None:
    """The first line of a Turtle text on which ``iri`` starts a statement, else the first mentioning it."""
    short = curie(iri)
    candidates = [f"<{iri}>", short] if short != iri else [f"<{iri}>"]
    starts = _statement_starts(text)
    found = [starts[token] for token in candidates if token in starts]
    if found:
        return min(found)
    for number, line in enumerate(_lines(text), start=1):
        if any(token in line for token in candidates):
            return number
    return None


#: the term a line starts with, when a delimiter (or the end of the line) follows it: an IRI in <>
#: or a prefixed name (whose local part does not end with a dot)
_LEADING_TERM = re.compile(r"(?:<[^<>\s]*>|[A-Za-z][\w-]*:(?:[\w\-.%:]*[\w\-%:])?)(?=$|[ \t;,.])")


@lru_cache(maxsize=4)
def _lines(text: str) -> tuple[str, ...]:
    return tuple(text.splitlines())


@lru_cache(maxsize=4)
def _statement_starts(text: str) -> dict[str, int]:
    """The first line on which each token (an IRI in <> or a prefixed name) starts a line: one pass over
    a file, however many of its IRIs an error report asks about (asking file by file was quadratic)."""
    starts: dict[str, int] = {}
    for number, line in enumerate(_lines(text), start=1):
        stripped = line.lstrip()
        match = _LEADING_TERM.match(stripped)
        if match and match.group(0) not in starts:
            starts[match.group(0)] = number
    return starts


def graph_iri_for(path: Path, data_root: Path | None = None) -> URIRef:
    """Named graph of a source file: graph/{path relative to the repository, without .ttl}.

    A file of a user's data folder (``mandato build --data DIR``) is named as if the folder were
    data/: DIR/countries/URY.ttl -> graph/data/countries/URY. Other files outside the repository
    are named by their file name.
    """
    resolved = Path(path).resolve()
    if data_root is not None:
        rel = Path("data") / resolved.relative_to(Path(data_root).resolve())
    else:
        try:
            rel = resolved.relative_to(ROOT)
        except ValueError:
            rel = Path(Path(path).name)
    return URIRef(str(GRAPH) + rel.with_suffix("").as_posix())


def read_source_text(path: Path) -> str:
    """A source file's text: UTF-8 with or without a byte-order mark, any line ends (CRLF, CR, LF)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found", file=str(path)) from exc
    except IsADirectoryError as exc:
        raise InputError("is a folder, not a Turtle file", file=relative(path)) from exc
    except PermissionError as exc:
        raise InputError("permission denied: cannot read the file", file=relative(path)) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=relative(path), line=line) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_turtle(path: Path, data_root: Path | None = None) -> SourceFile:
    from .wellformed import HUGE_NUMBER

    path = Path(path)
    text = read_source_text(path)
    huge = HUGE_NUMBER.search(text)
    if huge:
        raise InputError(f"{huge.group(0)} is not a plausible number (an exponent of four or more digits)",
                         file=relative(path), line=text.count("\n", 0, huge.start()) + 1)
    graph = Graph()
    bind_all(graph)
    try:
        graph.parse(data=text, format="turtle", publicID=str(graph_iri_for(path, data_root)))
    except RecursionError as exc:
        raise InputError("Turtle nested too deeply to be read", file=relative(path)) from exc
    except Exception as exc:  # rdflib raises several parser exception types
        raise InputError(_describe_syntax_error(exc), file=relative(path), line=_error_line(exc)) from exc
    return SourceFile(path=path, graph=graph, text=text, data_root=data_root)


def _error_line(exc: Exception) -> int | None:
    lines = getattr(exc, "lines", None)
    if isinstance(lines, int):
        return lines + 1
    match = _LINE_RE.search(str(exc))
    return int(match.group(1)) if match else None


def _describe_syntax_error(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    prefix = re.search(r'Prefix "([^"]*):?" not bound', text)
    if prefix:
        return f'Turtle syntax error: unknown prefix "{prefix.group(1).rstrip(":")}:" (declare it with @prefix, or use one of the canonical prefixes, see `mandato fmt`)'
    match = re.search(r"Bad syntax \((.*?)\) at \^ in:", text)
    if match:
        return f"Turtle syntax error: {match.group(1)}"
    text = re.sub(r"^at line \d+ of <[^>]*>:\s*", "", text)
    return f"Turtle syntax error: {text[:300]}"


def canonical_turtle(graph: Graph) -> str:
    """Deterministic Turtle with the canonical prefixes (rdflib's longturtle).

    Blank nodes are relabelled canonically first (RDF graph canonicalisation), otherwise their order,
    and so the text, would change from one run to the next.
    """
    from rdflib.compare import to_canonical_graph

    out = Graph()
    bind_all(out)
    for triple in to_canonical_graph(graph):
        out.add(triple)
    text = out.serialize(format="longturtle")
    return text if text.endswith("\n") else text + "\n"
