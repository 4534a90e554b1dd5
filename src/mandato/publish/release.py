"""Released IRIs and the diff against the previous release.

Each release writes release/iris.tsv: one row per published IRI (its country, whether it is
deprecated, its replacement, a digest of its description). The next release compares itself with it:
IRIs added, deprecated, removed or changed, overall and per country. Deprecate, never delete: a
released IRI must still be published, either as it was or with owl:deprecated true and a
dct:isReplacedBy that is itself published; anything else is a violation and stops the release.

The previous list is found, in this order: --previous (a published site, a folder holding iris.tsv
or iris.tsv.gz, or such a file); else the newest releases/<version>/iris.tsv.gz committed in the
repository whose version is not newer than this one. `mandato publish --release` records that file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL

from ..errors import EXIT_FINDINGS, MandatoError, UsageError
from ..namespaces import BASE, MD, MDSH
from ..paths import RELEASES_DIR, relative
from .model import Model

HEADER = "# mandato release {version}\n"
COLUMNS = ("iri", "country", "deprecated", "replaced_by", "digest")
_VERSION_IRI = re.compile(re.escape(BASE) + r"ontology/[^/#]+$")


class ReleaseError(MandatoError):
    """A released IRI disappeared without deprecation and replacement (exit 1: non-conformance)."""

    exit_code = EXIT_FINDINGS


@dataclass(frozen=True)
class Record:
    iri: str
    country: str = ""
    deprecated: bool = False
    replaced_by: str = ""
    digest: str = ""


@dataclass
class Diff:
    version: str
    previous: str | None
    added: list[str] = field(default_factory=list)
    deprecated: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    countries: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["summary"] = {k: len(data[k]) for k in ("added", "deprecated", "removed", "changed")}
        return data


def is_released(iri: str) -> bool:
    """IRIs that must never disappear: resources, concepts, ontology terms, shapes.

    Not the versioned ontology IRIs (ontology/<version>, one per release by design), the named
    graphs (containers of a build, described by the VoID) or the description documents.
    """
    if not iri.startswith(BASE) or _VERSION_IRI.match(iri):
        return False
    rest = iri[len(BASE):]
    return rest.startswith(("id/", "vocab/")) or iri.startswith((str(MD), str(MDSH))) or rest == "ontology"


def _signature(graph: Graph, node, seen: frozenset = frozenset()) -> str:
    """The outgoing triples of a node, blank nodes written out in place (independent of their labels)."""
    parts = []
    for p, o in graph.predicate_objects(node):
        if isinstance(o, BNode):
            value = "[]" if o in seen else "[" + _signature(graph, o, seen | {o}) + "]"
        else:
            value = o.n3()
        parts.append(f"{p.n3()} {value}")
    return " ; ".join(sorted(parts))


def _digest(graph: Graph, node: URIRef) -> str:
    return hashlib.sha256(_signature(graph, node).encode("utf-8")).hexdigest()[:16]


def records(model: Model, shapes: Graph) -> dict[str, Record]:
    """One record per released IRI of this release."""
    out = {}
    iris = model.namespace_iris() | {str(s) for s in shapes.subjects() if isinstance(s, URIRef) and str(s).startswith(str(MDSH))}
    for iri in sorted(i for i in iris if is_released(i)):
        node = URIRef(iri)
        source = shapes if iri.startswith(str(MDSH)) else model.graph
        replaced = sorted(str(o) for o in source.objects(node, DCTERMS.isReplacedBy))
        deprecated = any(getattr(o, "toPython", lambda: None)() is True for o in source.objects(node, OWL.deprecated))
        country = "" if iri.startswith(str(MDSH)) else model.country(node)
        out[iri] = Record(iri, country, deprecated, " ".join(replaced), _digest(source, node))
    return out


def to_tsv(version: str, recs: dict[str, Record]) -> str:
    lines = [HEADER.format(version=version), "\t".join(COLUMNS) + "\n"]
    for iri in sorted(recs):
        r = recs[iri]
        lines.append("\t".join([r.iri, r.country, "true" if r.deprecated else "false", r.replaced_by, r.digest]) + "\n")
    return "".join(lines)


def from_tsv(text: str, where: str) -> tuple[str, dict[str, Record]]:
    lines = text.splitlines()
    match = re.match(r"^# mandato release (\S+)$", lines[0]) if lines else None
    if not match or len(lines) < 2 or tuple(lines[1].split("\t")) != COLUMNS:
        raise UsageError(f"not a Mandato release IRI list (expected '# mandato release <version>' and the header {' '.join(COLUMNS)})", file=where)
    out = {}
    for number, line in enumerate(lines[2:], start=3):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise UsageError(f"expected {len(COLUMNS)} tab-separated columns, found {len(cells)}", file=where, line=number)
        out[cells[0]] = Record(cells[0], cells[1], cells[2] == "true", cells[3], cells[4])
    return match.group(1), out


def read_list(path: Path) -> tuple[str, dict[str, Record]]:
    path = Path(path)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return from_tsv(data.decode("utf-8"), relative(path))


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.+-]", version))


def find_previous(previous: Path | None, version: str, releases_dir: Path = RELEASES_DIR) -> Path | None:
    """The IRI list to compare with (see the module docstring), or None for a first release."""
    if previous is not None:
        previous = Path(previous)
        for candidate in (previous, previous / "release" / "iris.tsv", previous / "iris.tsv", previous / "iris.tsv.gz"):
            if candidate.is_file():
                return candidate
        raise UsageError(f"--previous {previous}: no release IRI list there (looked for release/iris.tsv, iris.tsv, iris.tsv.gz)")
    if not releases_dir.is_dir():
        return None
    lists = [p for p in releases_dir.glob("*/iris.tsv.gz") if _version_key(p.parent.name) <= _version_key(version)]
    return max(lists, key=lambda p: _version_key(p.parent.name)) if lists else None


def diff(version: str, current: dict[str, Record], previous_version: str | None, previous: dict[str, Record] | None) -> Diff:
    result = Diff(version, previous_version)
    previous = previous or {}
    countries: dict[str, dict[str, int]] = {}

    def count(country: str, key: str) -> None:
        bucket = countries.setdefault(country or "-", {"added": 0, "deprecated": 0, "removed": 0, "changed": 0})
        bucket[key] += 1

    for iri in sorted(current):
        record = current[iri]
        before = previous.get(iri)
        if before is None:
            result.added.append(iri)
            count(record.country, "added")
            continue
        if record.deprecated and not before.deprecated:
            result.deprecated.append({"iri": iri, "replaced_by": record.replaced_by})
            count(record.country, "deprecated")
        elif record.digest != before.digest:
            result.changed.append(iri)
            count(record.country, "changed")
        if record.deprecated:
            replacements = record.replaced_by.split()
            if not replacements:
                result.violations.append(f"{iri}: deprecated without dct:isReplacedBy")
            for replacement in replacements:
                if replacement not in current:
                    result.violations.append(f"{iri}: replacement {replacement} is not published in this release")
    for iri in sorted(set(previous) - set(current)):
        result.removed.append(iri)
        count(previous[iri].country, "removed")
        result.violations.append(f"{iri}: released in {previous_version} but gone, without owl:deprecated and dct:isReplacedBy")
    result.countries = {c: countries[c] for c in sorted(countries)}
    return result


def to_json(d: Diff) -> str:
    return json.dumps(d.as_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_markdown(d: Diff) -> str:
    data = d.as_dict()
    head = f"# Mandato {d.version}: changes since {d.previous}\n\n" if d.previous else f"# Mandato {d.version}: first release\n\n"
    lines = [head, "| | IRIs |\n|---|---:|\n"]
    for key in ("added", "deprecated", "removed", "changed"):
        lines.append(f"| {key} | {data['summary'][key]} |\n")
    lines.append("\n## Per country\n\n| country | added | deprecated | removed | changed |\n|---|---:|---:|---:|---:|\n")
    for country, counts in d.countries.items():
        lines.append(f"| {country} | {counts['added']} | {counts['deprecated']} | {counts['removed']} | {counts['changed']} |\n")
    for key in ("deprecated", "removed"):
        items = data[key]
        if items:
            lines.append(f"\n## {key.capitalize()}\n\n")
            for item in items:
                if isinstance(item, dict):
                    lines.append(f"- <{item['iri']}> replaced by <{item['replaced_by']}>\n")
                else:
                    lines.append(f"- <{item}>\n")
    return "".join(lines)


def record_release(version: str, recs: dict[str, Record], releases_dir: Path = RELEASES_DIR) -> Path:
    """Write releases/<version>/iris.tsv.gz (reproducible gzip), atomically; returns its path."""
    target = Path(releases_dir) / version / "iris.tsv.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = gzip.compress(to_tsv(version, recs).encode("utf-8"), compresslevel=9, mtime=0)
    fd, tmp = tempfile.mkstemp(prefix=".iris-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
