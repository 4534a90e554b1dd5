"""`mandato load`: push every named graph of the build to a SPARQL server, named graphs kept.

Replacing (the default) never leaves the server half old, half new:
1. every graph is uploaded, with the Graph Store Protocol, into a staging graph of its own
   (graph/staging/<run>/<n>); if an upload fails, the staging graphs are dropped and the server's
   graphs are untouched;
2. one SPARQL Update request then switches: it drops the graphs of the previous load that the build
   no longer has, MOVEs each staging graph onto its graph, and rewrites the load manifest
   (graph/load: the list of loaded graphs, which remote queries use to declare the dataset);
3. if that request fails, the store is asked which staging graphs remain, and the error names the
   graphs that were replaced and those that were not (a server that runs an update request as one
   transaction, as Oxigraph does, replaces all or none).
`--append` adds the triples to the graphs instead (POST), and adds them to the manifest.

Servers: Oxigraph (/query, /update, /store) and Virtuoso (/sparql; with credentials /sparql-auth and
/sparql-graph-crud-auth, Digest) are recognised by the endpoint's path or by their Server header; any
other server needs --update and --store. Credentials come from --user/--password or ~/.netrc.
The whole load runs within one deadline (--timeout, mandato.remote): every request of it, retries
included.
"""

from __future__ import annotations

import re
import secrets
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import EndpointError, InputError, UsageError
from .httpauth import Authenticator, Credentials
from .namespaces import GRAPH
from .paths import BUILD_TRIG, relative
from .remote import Deadline, check_url, request
from .remote_scope import MANIFEST_GRAPH, MANIFEST_QUERY, manifest_triples

STAGING = str(GRAPH) + "staging/"


@dataclass
class Targets:
    """The three endpoints a load uses."""

    query: str
    update: str
    store: str
    server: str = ""


@dataclass
class LoadReport:
    graphs: list[str]
    dropped: list[str] = field(default_factory=list)
    triples: int = 0
    targets: Targets | None = None


def read_build_graphs(build_dir: Path) -> list[tuple[str, bytes, int]]:
    """(graph IRI, N-Triples, triple count) for every non-empty named graph of the build, by IRI."""
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
    return [(iri, ox.serialize(graphs[iri], format=ox.RdfFormat.N_TRIPLES), len(graphs[iri])) for iri in sorted(graphs)]


# ---------------------------------------------------------------------------------------- HTTP
def _line_of(exc: SyntaxError) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else getattr(exc, "lineno", None)


class Client:
    """One server: HTTP(S) requests within the load's deadline, authenticated when credentials are given."""

    def __init__(self, credentials: Credentials | None, deadline: Deadline) -> None:
        self.auth = Authenticator(credentials) if credentials else None
        self.deadline = deadline

    def _raw(self, method: str, url: str, body: bytes | None, headers: dict[str, str],
             idempotent: bool | None = None) -> tuple[int, dict[str, str], bytes]:
        """One exchange; retried on transient failures only when repeating it is harmless (GET, PUT,
        a query), never for a POST that adds triples or an update."""
        response = request(method, url, deadline=self.deadline, body=body, headers=headers, idempotent=idempotent,
                           doing=f"answer to the {method}")
        return response.status, response.headers, response.body

    def send(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
             idempotent: bool | None = None) -> tuple[int, dict[str, str], bytes]:
        headers = dict(headers or {})
        if self.auth is not None and not self.auth.ready:
            status, answer, _ = self._raw("GET", url, None, {})
            if status == 401 and answer.get("www-authenticate"):
                self.auth.challenged(answer["www-authenticate"])
        for attempt in range(2):
            sent = dict(headers)
            if self.auth is not None and self.auth.ready:
                sent["Authorization"] = self.auth.header(method, url)
            status, answer, data = self._raw(method, url, body, sent, idempotent)
            if status == 401 and self.auth is not None and answer.get("www-authenticate") and attempt == 0:
                self.auth.challenged(answer["www-authenticate"])  # a stale nonce, or the first challenge
                continue
            return status, answer, data
        return status, answer, data

    def check(self, status: int, data: bytes, url: str, what: str) -> None:
        if 200 <= status < 300:
            return
        detail = " ".join(data[:600].decode("utf-8", "replace").split())[:300]
        hint = ""
        if status in (401, 403):
            hint = " (the server refuses to write: give --user and --password, or a ~/.netrc entry, of an account allowed to update)"
        raise EndpointError(f"{url} refused {what}: HTTP {status}{hint}{': ' + detail if detail else ''}")

    def update(self, url: str, text: str, what: str) -> None:
        body = urllib.parse.urlencode({"update": text}).encode("utf-8")
        status, _, data = self.send("POST", url, body, {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        self.check(status, data, url, what)

    def select(self, url: str, query: str) -> list[dict]:
        import json

        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        status, _, data = self.send("POST", url, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
                                    idempotent=True)
        self.check(status, data, url, "a query")
        try:
            return json.loads(data.decode("utf-8"))["results"]["bindings"]
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise EndpointError(f"{url} returned an answer that is not SPARQL JSON results ({exc})") from None


def targets(endpoint: str, client: Client, update: str | None = None, store: str | None = None) -> Targets:
    """The query, update and Graph Store endpoints: given, or those of a recognised server."""
    url = check_url(endpoint, "--endpoint").rstrip("/")
    authenticated = client.auth is not None
    if update and store:
        return Targets(url, update, store, "")
    server = ""
    if not url.endswith(("/sparql", "/sparql-auth", "/query", "/update", "/store")):
        status, headers, data = client._raw("GET", url, None, {})  # which server is it?
        if status >= 500:
            client.check(status, data, url, "a first request")
        server = headers.get("server", "")
    if "virtuoso" in server.lower() or url.endswith(("/sparql", "/sparql-auth")):
        base = url.rsplit("/", 1)[0] if url.endswith(("/sparql", "/sparql-auth")) else url
        found = Targets(base + "/sparql", base + ("/sparql-auth" if authenticated else "/sparql"),
                        base + ("/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud"), server or "Virtuoso")  # fmt: skip
    elif "oxigraph" in server.lower() or url.endswith(("/query", "/update", "/store")):
        base = url
        for suffix in ("/query", "/update", "/store"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
        found = Targets(base + "/query", base + "/update", base + "/store", server or "Oxigraph")
    else:
        if not (update and store):
            raise UsageError(f"{endpoint} is not a server Mandato recognises (Server: {server or 'not given'}): pass --update URL and --store URL (its SPARQL Update and Graph Store Protocol endpoints)")
        found = Targets(url, update, store, server)
    return Targets(found.query, update or found.update, store or found.store, found.server)


# ---------------------------------------------------------------------------------------- load
def load_build(
    endpoint: str,
    build_dir: Path,
    replace: bool = True,
    *,
    update: str | None = None,
    store: str | None = None,
    credentials: Credentials | None = None,
    deadline: Deadline | None = None,
) -> LoadReport:
    graphs = read_build_graphs(build_dir)
    client = Client(credentials, deadline or Deadline(300.0))
    try:
        found = targets(endpoint, client, update, store)
        previous = [row["g"]["value"] for row in client.select(found.query, MANIFEST_QUERY) if "g" in row]
    except EndpointError as exc:
        raise EndpointError(f"{exc}; nothing was loaded") from None
    names = [iri for iri, _, _ in graphs]
    triples = sum(count for _, _, count in graphs)
    if not replace:
        done: list[str] = []
        for iri, body, _ in graphs:
            try:
                _upload(client, found, iri, body, "POST")
            except EndpointError as exc:
                raise EndpointError(_partial(exc, iri, done, len(graphs))) from None
            done.append(iri)
        merged = sorted(set(previous) | set(names))
        client.update(found.update, f"DROP SILENT GRAPH <{MANIFEST_GRAPH}> ;\nINSERT DATA {{ GRAPH <{MANIFEST_GRAPH}> {{\n{manifest_triples(merged)}}} }}", "the load manifest")
        return LoadReport(names, [], triples, found)
    run = secrets.token_hex(6)
    staging = [f"{STAGING}{run}/{index}" for index in range(len(graphs))]
    uploaded: list[str] = []
    try:
        for (iri, body, _), stage in zip(graphs, staging):
            _upload(client, found, stage, body, "PUT", shown=iri)
            uploaded.append(stage)
    except EndpointError as exc:
        _drop_quietly(client, found, uploaded)
        raise EndpointError(f"{exc}; nothing was replaced (the {len(uploaded)} graph(s) already uploaded to staging graphs were dropped)") from None
    dropped = sorted(set(previous) - set(names) - {MANIFEST_GRAPH})
    steps = [f"DROP SILENT GRAPH <{g}>" for g in dropped]
    steps += [f"MOVE SILENT GRAPH <{stage}> TO GRAPH <{iri}>" for (iri, _, _), stage in zip(graphs, staging)]
    steps += [f"DROP SILENT GRAPH <{MANIFEST_GRAPH}>", f"INSERT DATA {{ GRAPH <{MANIFEST_GRAPH}> {{\n{manifest_triples(names)}}} }}"]
    try:
        client.update(found.update, " ;\n".join(steps), "the switch to the new graphs")
    except EndpointError as exc:
        raise EndpointError(_switch_failure(exc, client, found, graphs, staging)) from None
    return LoadReport(names, dropped, triples, found)


def _upload(client: Client, found: Targets, graph: str, body: bytes, method: str, shown: str | None = None) -> None:
    url = f"{found.store}?graph={urllib.parse.quote(graph, safe='')}"
    status, _, data = client.send(method, url, body, {"Content-Type": "application/n-triples"})
    client.check(status, data, found.store, f"the upload of graph <{shown or graph}>")


def _partial(exc: EndpointError, failed: str, done: list[str], total: int) -> str:
    """What an append that failed part-way did: the graphs already appended to, the one that failed."""
    if not done:
        return f"{exc}; nothing was loaded (the first graph, <{failed}>, failed)"
    names = ", ".join(f"<{g}>" for g in done)
    return (f"{exc}; {len(done)} of {total} graphs were already appended to: {names}; <{failed}> failed and "
            f"{total - len(done) - 1} were not sent: remove the appended triples (or reload without --append)")


def _drop_quietly(client: Client, found: Targets, graphs: list[str]) -> None:
    if not graphs:
        return
    try:
        client.update(found.update, " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs), "dropping the staging graphs")
    except EndpointError:
        pass


def _switch_failure(exc: EndpointError, client: Client, found: Targets, graphs, staging: list[str]) -> str:
    """Which graphs the failed switch replaced: those whose staging graph is gone."""
    try:
        rows = client.select(found.query, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } VALUES ?g { " + " ".join(f"<{s}>" for s in staging) + " } }")
    except EndpointError as again:
        return f"{exc}; the store could not be asked which graphs were replaced ({again}): run the load again"
    left = {row["g"]["value"] for row in rows if "g" in row}
    replaced = [iri for (iri, _, _), stage in zip(graphs, staging) if stage not in left]
    kept = [iri for (iri, _, _), stage in zip(graphs, staging) if stage in left]
    if not replaced:
        return f"{exc}; no graph was replaced (the new graphs wait in {len(left)} staging graphs under <{STAGING}>): run the load again"
    return (
        f"{exc}; {len(replaced)} of {len(graphs)} graphs were replaced ({', '.join(f'<{g}>' for g in replaced)}) and "
        f"{len(kept)} were not ({', '.join(f'<{g}>' for g in kept)}): run the load again"
    )
