"""Integrity checks on a site before it replaces the previous one.

- every IRI under https://w3id.org/mandato/ that the release mentions has its page (and, for hash
  IRIs, an element with that id), plus its RDF representations (layout.REPRESENTATIONS);
- every link of every HTML page within the site leads to a file that exists (and to an existing anchor);
- the JSON-LD dump parses back to a graph isomorphic to the Turtle dump, and the N-Triples and TriG
  dumps hold the same triples.
"""

from __future__ import annotations

import html
import posixpath
import re
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from . import layout

_HREF = re.compile(r'\b(?:href|src)="([^"]*)"')
_ID = re.compile(r'\bid="([^"]+)"')


class _Site:
    """The files of a site (relative POSIX paths) and the ids in its HTML pages, read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: set[str] = set()
        self.dirs: set[str] = {""}
        for path in root.rglob("*"):
            rel = path.relative_to(root).as_posix()
            (self.dirs if path.is_dir() else self.files).add(rel)
        self._ids: dict[str, set[str]] = {}

    def ids(self, rel: str) -> set[str]:
        if rel not in self._ids:
            text = (self.root / rel).read_text(encoding="utf-8")
            self._ids[rel] = {html.unescape(i) for i in _ID.findall(text)}
        return self._ids[rel]


def missing_pages(site: Path, iris: set[str]) -> list[str]:
    """IRIs whose page, representation or anchor is missing from the site."""
    problems = []
    files = _Site(site)
    for iri in sorted(iris):
        loc = layout.locate(iri)
        if loc.is_file:
            if loc.path not in files.files:
                problems.append(f"{iri}: no file {loc.path}")
            continue
        for ext in layout.REPRESENTATIONS:
            if loc.file(ext) not in files.files:
                problems.append(f"{iri}: no {loc.file(ext)}")
        page = loc.file("html")
        if loc.fragment and page in files.files and loc.fragment not in files.ids(page):
            problems.append(f"{iri}: no element with id={loc.fragment!r} in {page}")
    return problems


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Links in the HTML pages that lead nowhere: 'page: link' lines.

    Relative links are resolved from their page; absolute paths (the 404 page's) from base_path,
    the path at which the site is served.
    """
    problems = []
    files = _Site(site)
    for page in sorted(f for f in files.files if f.endswith(".html")):
        text = (site / page).read_text(encoding="utf-8")
        for raw in sorted(set(_HREF.findall(text))):
            url = html.unescape(raw)
            if not url or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) or url.startswith("//"):
                continue
            target_part, _, fragment = url.partition("#")
            if target_part.startswith(base_path):
                target_part = target_part[len(base_path):] or "."
                page_dir = ""
            else:
                page_dir = posixpath.dirname(page)
            if not target_part:
                target = page
            else:
                target = posixpath.normpath(posixpath.join(page_dir, urllib.parse.unquote(target_part)))
                if target == "." or target in files.dirs:
                    target = posixpath.join("" if target == "." else target, "index.html")
            if target.startswith("../") or target.startswith("/"):
                problems.append(f"{page}: link leaves the site: {url}")
                continue
            if target not in files.files:
                problems.append(f"{page}: broken link {url}")
                continue
            checked = target.endswith(".html") and fragment
            if checked and urllib.parse.unquote(fragment) not in files.ids(target):
                problems.append(f"{page}: no anchor #{fragment} in {target}")
    return problems


def _canonical(path: Path, fmt: ox.RdfFormat) -> set:
    """The triples of a file (named graphs merged), blank nodes labelled canonically."""
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in ox.parse(path=str(path), format=fmt))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def dump_round_trip(dumps: Path, name: str = "mandato") -> list[str]:
    """The JSON-LD, N-Triples and TriG dumps hold the graph of the Turtle dump (up to blank node names)."""
    problems = []
    reference = _canonical(dumps / f"{name}.ttl", ox.RdfFormat.TURTLE)
    for ext, fmt in (("jsonld", ox.RdfFormat.JSON_LD), ("nt", ox.RdfFormat.N_TRIPLES), ("trig", ox.RdfFormat.TRIG)):
        try:
            other = _canonical(dumps / f"{name}.{ext}", fmt)
        except SyntaxError as exc:
            problems.append(f"dumps/{name}.{ext} does not parse: {exc}")
            continue
        if other != reference:
            problems.append(
                f"dumps/{name}.{ext} is not isomorphic to dumps/{name}.ttl ({len(other - reference)} triples only in {ext}, {len(reference - other)} only in ttl)"
            )
    return problems
