"""`mandato validate`: the shapes against SHACL-SHACL, and the data (sources or a build) against the
integrity shapes, with the compiled engine on the store."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .paths import BUILD_TRIG, ROOT, relative
from .rdfio import line_of


def _cache_file(digest: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "mandato" / f"shacl-shacl-{digest}.json"


def shapes_problems() -> list[str]:
    """The shapes files checked against SHACL-SHACL (by pySHACL: the meta-shapes are recursive, which
    the compiler leaves to pySHACL). The answer depends only on the shapes files and the pySHACL
    version, so it is kept in the user's cache and the check runs again only when either changes."""
    from importlib.metadata import version

    from .paths import GAP_SHAPES, INTEGRITY_SHAPES, SHAPES_DIR
    from .shacl import check_shapes_graph, gap_shapes, integrity_shapes

    digest = hashlib.sha256(version("pyshacl").encode())
    for name in sorted(set(INTEGRITY_SHAPES + GAP_SHAPES)):
        digest.update(name.encode() + b"\0" + (Path(SHAPES_DIR) / name).read_bytes())
    cache = _cache_file(digest.hexdigest()[:32])
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    problems = []
    for label, graph in (("integrity", integrity_shapes()), ("gaps", gap_shapes())):
        for message in check_shapes_graph(graph):
            problems.append(f"shapes/{label}: not valid SHACL: {message}")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(problems), encoding="utf-8")
        os.replace(partial, cache)
    except OSError:
        pass  # a read-only home: check again next time
    return problems


class BuildLocator:
    """File and line of a subject in a build: its named graph names the source file."""

    def __init__(self, store) -> None:
        self.store = store
        self._texts: dict[Path, str] = {}

    def locate(self, iri: str) -> tuple[str | None, int | None]:
        from .namespaces import GRAPH

        if not iri.startswith(("http://", "https://")):
            return None, None
        for query in (f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{iri}> a ?t }} }}", f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"):
            for row in sorted(self.store.select(query, trusted=True).rows, key=lambda r: r["g"].value):
                name = row["g"].value
                if name.startswith(str(GRAPH)):
                    path = ROOT / (name[len(str(GRAPH)):] + ".ttl")
                    if path.exists():
                        if path not in self._texts:
                            self._texts[path] = path.read_text(encoding="utf-8")
                        return relative(path), line_of(self._texts[path], iri)
                    return name[len(str(GRAPH)):] + ".ttl", None
        return None, None


def validate(build_dir: Path | None = None, data: list[Path] | None = None) -> list[str]:
    from .build import integrity_findings
    from .errors import UsageError

    problems = shapes_problems()
    if build_dir is not None:
        from .store import EmbeddedStore

        if not (Path(build_dir) / BUILD_TRIG).exists():
            raise UsageError(f"no build found at {relative(Path(build_dir) / BUILD_TRIG)}: run `mandato build` first")
        store = EmbeddedStore.from_build(Path(build_dir))
        locator = BuildLocator(store)
        for finding in integrity_findings(store):
            file, line = locator.locate(finding.focus)
            where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
            path = f" [{finding.path}]" if finding.path else ""
            value = f" (value: {finding.value})" if finding.value else ""
            problems.append(f"{where}{finding.focus}{path}: {finding.message}{value} [{finding.rule}]")
        return problems
    from . import sourcestore
    from .build import integrity_errors

    return problems + integrity_errors(sourcestore.load(data))
