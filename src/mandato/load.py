"""`mandato load`: push every named graph of the build to a server through the Graph Store Protocol.

The whole load runs within one deadline (--timeout). A failure part-way names exactly the graphs
already replaced (or appended to), the graph that failed and how many were not sent, so the server's
state is never a guess.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from .errors import EndpointError, InputError, UsageError
from .paths import BUILD_TRIG, relative
from .remote import Deadline, check_url, request


def store_url(endpoint: str) -> str:
    """Graph Store endpoint of a server: its /store (Oxigraph) unless the URL already names one."""
    base = check_url(endpoint, "--endpoint").rstrip("/")
    for suffix in ("/query", "/sparql", "/update"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base if base.endswith("/store") else base + "/store"


def read_build_graphs(build_dir: Path) -> list[tuple[str, bytes]]:
    """(graph IRI, N-Triples) for every non-empty named graph of build/mandato.trig, sorted by IRI."""
    path = Path(build_dir) / BUILD_TRIG
    if not path.is_file():
        raise UsageError(f"no build found at {relative(path)}: run `mandato build` first")
    graphs: dict[str, list[ox.Triple]] = {}
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    except SyntaxError as exc:
        raise InputError(f"the build is corrupt ({' '.join(str(exc).split())[:200]}): run `mandato build` again",
                         file=relative(path), line=_line_of(exc)) from None
    except ValueError as exc:  # not UTF-8, or an invalid term
        raise InputError(f"the build is corrupt ({exc}): run `mandato build` again", file=relative(path)) from None
    if not graphs:
        raise InputError("the build holds no named graph: run `mandato build` again", file=relative(path))
    return [(iri, ox.serialize(graphs[iri], format=ox.RdfFormat.N_TRIPLES)) for iri in sorted(graphs)]


def _line_of(exc: SyntaxError) -> int | None:
    import re

    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else getattr(exc, "lineno", None)


def load_build(endpoint: str, build_dir: Path, replace: bool = True, deadline: Deadline | None = None) -> int:
    """Send every graph (PUT replaces, POST appends); returns how many were sent."""
    target = store_url(endpoint)
    graphs = read_build_graphs(build_dir)
    deadline = deadline or Deadline(300.0)
    method = "PUT" if replace else "POST"
    done: list[str] = []
    for iri, body in graphs:
        url = f"{target}?graph={urllib.parse.quote(iri, safe='')}"
        try:
            response = request(method, url, deadline=deadline, body=body, headers={"Content-Type": "application/n-triples"},
                               doing="answer to the upload of a graph")
            if not response.ok:
                raise response.failure(f"graph <{iri}>")
        except EndpointError as exc:
            raise EndpointError(_partial(exc, iri, done, len(graphs), replace)) from None
        done.append(iri)
    return len(done)


def _partial(exc: EndpointError, failed: str, done: list[str], total: int, replace: bool) -> str:
    verb = "replaced" if replace else "appended to"
    left = total - len(done) - 1
    if not done:
        return f"{exc}; nothing was loaded (the first graph, <{failed}>, failed)"
    names = ", ".join(f"<{g}>" for g in done)
    return (f"{exc}; {len(done)} of {total} graphs were already {verb}: {names}; <{failed}> failed and {left} "
            f"were not sent: run the load again to make the server consistent")
