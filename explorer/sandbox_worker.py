"""The SPARQL console's worker process: its own read-only copy of the embedded store.

Started by explorer/console.py with the path of build/mandato.trig. It answers one JSON request per
line on stdin ({"query": text, "limit": rows}) with one JSON line on stdout. Running the user's
query here lets the explorer enforce a real time limit (the process is killed when it is exceeded)
and a memory ceiling, without ever touching the store the pages use.
"""

from __future__ import annotations

import json
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

    from mandato.store import is_update, with_prologue

    if is_update(query):
        return {"error": "refused", "reason": "update", "keyword": query.split()[0].upper() if query.split() else ""}
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


def main(trig: str) -> int:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))
    except (ValueError, OSError):
        pass
    from mandato.store import EmbeddedStore

    store = EmbeddedStore.from_build(Path(trig).parent).store
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
