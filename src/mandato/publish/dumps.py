"""The downloads: the whole graph as Turtle, N-Triples, JSON-LD and TriG (each also gzipped), and
CSV exports of the stored queries (queries/*.rq, run without parameters)."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import MandatoError, UsageError
from ..paths import QUERIES_DIR, relative
from ..queries import list_queries, run
from ..render import render_result
from ..store import EmbeddedStore
from . import formats
from .model import Model

DUMP_NAME = "mandato"


@dataclass(frozen=True)
class DumpFile:
    """One downloadable file, as the catalogue describes it."""

    path: str  # relative to the site root, e.g. dumps/mandato.ttl.gz
    media_type: str
    file_type: str  # EU file-type authority code, e.g. RDF_TURTLE
    title: str
    description: str
    size: int
    sha256: str
    compressed: bool = False


FORMATS = (
    # extension, media type, EU file type, title
    ("ttl", "text/turtle", "RDF_TURTLE", "Turtle"),
    ("nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
    ("jsonld", "application/ld+json", "JSON_LD", "JSON-LD"),
    ("trig", "application/trig", "RDF_TRIG", "TriG (one named graph per source file, with provenance)"),
)


def write_bytes(site: Path, rel: str, data: bytes) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def gzip_bytes(data: bytes) -> bytes:
    """Reproducible gzip: no file name, no timestamp."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _record(site: Path, rel: str, data: bytes, media: str, file_type: str, title: str, description: str, compressed: bool = False) -> DumpFile:
    write_bytes(site, rel, data)
    return DumpFile(rel, media, file_type, title, description, len(data), hashlib.sha256(data).hexdigest(), compressed)


def write_dumps(model: Model, site: Path) -> list[DumpFile]:
    texts = {
        "ttl": formats.dump_turtle(model.graph),
        "nt": formats.ntriples(model.graph),
        "jsonld": formats.jsonld(model.graph),
        "trig": formats.dump_trig(model.graphs),
    }
    files = []
    for ext, media, file_type, title in FORMATS:
        data = texts[ext].encode("utf-8")
        scope = "all named graphs" if ext == "trig" else "the union of all named graphs"
        description = f"Mandato {model.version}: {scope} as {title.split(' (')[0]}."
        files.append(_record(site, f"dumps/{DUMP_NAME}.{ext}", data, media, file_type, f"Mandato {model.version} ({title})", description))
        files.append(
            _record(site, f"dumps/{DUMP_NAME}.{ext}.gz", gzip_bytes(data), media, file_type, f"Mandato {model.version} ({title}, gzip)", description + " Gzip-compressed.", compressed=True)
        )
    return files


def write_csv_exports(site: Path, queries_dir: Path = QUERIES_DIR) -> list[DumpFile]:
    """Each stored query without parameters, run on the published TriG dump, as CSV."""
    store = EmbeddedStore()
    store.load_file(site / "dumps" / f"{DUMP_NAME}.trig")
    files = []
    for query in list_queries(queries_dir):
        try:
            result = run(store, query)
        except MandatoError as exc:
            raise UsageError(f"stored query cannot be exported: {exc}", file=relative(query.path)) from exc
        data = render_result(result, "csv").encode("utf-8")
        files.append(_record(site, f"dumps/csv/{query.slug}.csv", data, "text/csv", "CSV", query.title, query.question))
    return files


def write_checksums(site: Path, files: list[DumpFile]) -> None:
    lines = sorted(f"{f.sha256}  {f.path[len('dumps/'):]}\n" for f in files)
    write_bytes(site, "dumps/SHA256SUMS.txt", "".join(lines).encode("utf-8"))
