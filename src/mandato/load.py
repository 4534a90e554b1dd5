"""`mandato load`: push every named graph of the build to a server through the Graph Store Protocol."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib import Dataset

from .errors import EndpointError, UsageError
from .paths import BUILD_TRIG, relative


def store_url(endpoint: str) -> str:
    """Graph Store endpoint of a server: its /store (Oxigraph) unless the URL already names one."""
    base = endpoint.rstrip("/")
    for suffix in ("/query", "/sparql", "/update"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    return base if base.endswith("/store") else base + "/store"


def load_build(endpoint: str, build_dir: Path, replace: bool = True, timeout: float = 60.0) -> int:
    path = Path(build_dir) / BUILD_TRIG
    if not path.exists():
        raise UsageError(f"no build found at {relative(path)}: run `mandato build` first")
    dataset = Dataset()
    dataset.parse(path, format="trig")
    target = store_url(endpoint)
    count = 0
    for graph in dataset.graphs():
        if not len(graph) or graph.identifier == dataset.default_context.identifier:
            continue
        body = graph.serialize(format="nt", encoding="utf-8")
        url = f"{target}?graph={urllib.parse.quote(str(graph.identifier), safe='')}"
        request = urllib.request.Request(url, data=body, method="PUT" if replace else "POST", headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise EndpointError(f"{target} refused graph {graph.identifier}: HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise EndpointError(f"{target} is unreachable: {getattr(exc, 'reason', exc)}") from exc
        count += 1
    return count
