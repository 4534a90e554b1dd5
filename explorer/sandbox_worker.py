"""The SPARQL console's worker process: its own read-only copy of the embedded store.

Started by explorer/console.py with the path of build/mandato.trig. It answers one JSON request per
line on stdin ({"query": text, "limit": rows}) with one JSON line on stdout. Running the user's
query here lets the explorer enforce a real time limit (the process is killed when it is exceeded)
and a memory ceiling, without ever touching the store the pages use.

Every query is checked again here by mandato.sparql_guard (the worker never runs a query the guard
has not allowed), and once the store is loaded the worker gives up the right to open files or
sockets (RLIMIT_NOFILE lowered to the descriptors it holds): even a query that some parser
difference let through could not make Oxigraph send a SERVICE request, or read a file.
"""

from __future__ import annotations

import json
import os
import re
import resource
import sys
from pathlib import Path

MEMORY_CEILING = 4 * 1024**3  # bytes of address space


def term(node) -> list | None:
    import pyoxigraph as ox

    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return ["iri", node.value, None, None]
    if isinstance(node, ox.BlankNode):
        return ["bnode", node.value, None, None]
    return ["literal", node.value, node.datatype.value if node.datatype else None, node.language]


def answer(store, query: str, limit: int) -> dict:
    import pyoxigraph as ox

    from mandato import sparql_guard
    from mandato.store import with_prologue

    verdict = sparql_guard.check(query, forms=("SELECT", "ASK"))
    if not verdict.allowed:
        if verdict.reason == "syntax":
            return {"error": "syntax", "line": verdict.line, "column": verdict.column, "message": verdict.message}
        return {"error": "refused", "reason": verdict.reason, "keyword": verdict.keyword, "message": verdict.message}
    full = with_prologue(query)
    added = full.count("\n") - query.count("\n")
    try:
        solutions = store.query(full, use_default_graph_as_union=True)
    except SyntaxError as exc:
        message = " ".join(str(exc).split())
        match = re.search(r"at (\d+):(\d+)", message)
        line, column = (int(match.group(1)) - added, int(match.group(2))) if match else (0, 0)
        detail = re.sub(r"^error at \d+:\d+:\s*", "", message)
        return {"error": "syntax", "line": line, "column": column, "message": detail}
    except (OSError, ValueError, RuntimeError) as exc:
        return {"error": "failed", "message": " ".join(str(exc).split())[:400]}
    if isinstance(solutions, ox.QueryBoolean):
        return {"ask": bool(solutions)}
    if not isinstance(solutions, ox.QuerySolutions):
        return {"error": "refused", "reason": "form"}
    columns = [v.value for v in solutions.variables]
    rows, truncated = [], False
    try:
        for solution in solutions:
            if len(rows) >= limit:
                truncated = True
                break
            rows.append([term(solution[c]) for c in columns])
    except (OSError, ValueError, RuntimeError, SyntaxError) as exc:
        return {"error": "failed", "message": " ".join(str(exc).split())[:400]}
    return {"columns": columns, "rows": rows, "truncated": truncated}


def no_new_descriptors() -> int:
    """Forbid opening any file or socket from now on: RLIMIT_NOFILE = the lowest free descriptor.

    Returns the limit set (0 when the platform refuses, in which case the guard alone protects).
    """
    probe = os.open(os.devnull, os.O_RDONLY)
    os.close(probe)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (probe, probe))
    except (ValueError, OSError):
        return 0
    return probe


def main(trig: str) -> int:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))
    except (ValueError, OSError):
        pass
    from mandato import sparql_guard
    from mandato.store import EmbeddedStore

    store = EmbeddedStore.from_build(Path(trig).parent).store
    sparql_guard.check("ASK {}")  # import the parser (and everything it loads) while files can be opened
    answer(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", 1)
    no_new_descriptors()
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        try:
            request = json.loads(line)
            reply = answer(store, str(request["query"]), int(request.get("limit", 1000)))
        except MemoryError:
            reply = {"error": "failed", "message": "the query needed more memory than the console allows"}
        except (KeyError, ValueError, TypeError) as exc:
            reply = {"error": "failed", "message": f"bad request: {exc}"}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
