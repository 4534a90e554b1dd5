"""Where each IRI under https://w3id.org/mandato/ lives in the static site.

One rule, used by the page generator, the link checker and the redirect rules alike:

    https://w3id.org/mandato/                      -> index.{html,ttl,jsonld}
    https://w3id.org/mandato/ontology[#Term]       -> ontology/index.*   (anchor #Term)
    https://w3id.org/mandato/shapes[#Shape]        -> shapes/index.*     (anchor #Shape)
    https://w3id.org/mandato/vocab/<scheme>/       -> vocab/<scheme>/index.*
    https://w3id.org/mandato/<path>[#frag]         -> <path>.*           (id/..., vocab/<s>/<c>, graph/..., catalog, ...)
    https://w3id.org/mandato/<path>.<ext>          -> that file as it is (dumps, CSV exports)
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from ..errors import InputError
from ..namespaces import BASE

#: Representations written for every resource, with their media types, in the server's order of
#: preference for content negotiation (the first is the default).
REPRESENTATIONS = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
#: Files that are served as they are (no negotiation), by extension.
FILE_TYPES = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "trig": "application/trig",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/json",
    "md": "text/markdown",
    "txt": "text/plain",
    "css": "text/css",
    "gz": "application/gzip",
}
#: Documents that hold many hash IRIs and live in a folder of their own.
INDEX_DOCUMENTS = ("ontology", "shapes")
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")


@dataclass(frozen=True)
class Location:
    """The document an IRI is published in: ``path`` without extension (or a file), and an anchor."""

    path: str
    fragment: str = ""
    is_file: bool = False

    def file(self, ext: str = "html") -> str:
        return self.path if self.is_file else f"{self.path}.{ext}"


def in_namespace(iri: str) -> bool:
    return iri.startswith(BASE)


def is_file_path(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[-1] in FILE_TYPES


def locate(iri: str) -> Location:
    """The document of an IRI under our namespace; InputError when the IRI cannot be a file name."""
    if not in_namespace(iri):
        raise ValueError(f"not under {BASE}: {iri}")
    rest, _, fragment = iri[len(BASE):].partition("#")
    if rest == "":
        return Location("index", fragment)
    if rest in INDEX_DOCUMENTS:
        return Location(f"{rest}/index", fragment)
    segments = rest.split("/")
    trailing = segments[-1] == ""
    if trailing:
        segments = segments[:-1]
    for segment in segments:
        if not _SEGMENT.match(segment):
            raise InputError(
                f"IRI cannot be published as a static file (path segment {segment!r} must be ASCII letters, digits, '.', '_', '~' or '-')",
                iri=iri,
            )
    path = "/".join(segments)
    if trailing:
        return Location(f"{path}/index", fragment)
    if is_file_path(path):
        return Location(path, fragment, is_file=True)
    if segments[-1] == "index":
        raise InputError("IRI ends in 'index', which is reserved for folder pages", iri=iri)
    return Location(path, fragment)


def href(from_file: str, iri: str, ext: str = "html") -> str:
    """Relative link from a site file to the page of an IRI under our namespace."""
    loc = locate(iri)
    target = loc.file(ext)
    rel = posixpath.relpath(target, posixpath.dirname(from_file) or ".")
    return rel + (f"#{loc.fragment}" if loc.fragment else "")


def relative(from_file: str, target: str) -> str:
    """Relative link between two site files."""
    return posixpath.relpath(target, posixpath.dirname(from_file) or ".")


def root_of(from_file: str) -> str:
    """The relative path from a site file to the site root ('' or '../../')."""
    depth = from_file.count("/")
    return "../" * depth
