"""The ontology's documentation page, made by pyLODE (OntPub profile), with Mandato's anchors.

pyLODE names its anchors after labels ("Publicorganisation"), while our hash IRIs end in local
names (#PublicOrganisation), so an anchor with the local name is added to each term. Terms pyLODE
does not document (concept schemes, collections) get a section of their own, so that every
https://w3id.org/mandato/ontology#X in the graph lands on an element with id="X". pyLODE joins the
labels of all languages into one heading, so it is given the English labels and definitions only;
the Spanish and Portuguese ones are in the Turtle and JSON-LD representations. pyLODE links blank
nodes (such as an owl:oneOf class) as if they were pages; those links become plain text.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from rdflib import OWL, Graph, Literal, URIRef

from ..errors import UsageError
from ..namespaces import MD
from . import formats
from .markup import Markup, join, tag
from .model import Model
from .pages import FORMAT_NAMES, View, alternates

_ENTITY = re.compile(r'<div class="[^"]*\bentity\b[^"]*" id="([^"]+)">')
_CODE = re.compile(r"<code>(https?://[^<]+)</code>")
_ID = re.compile(r'\bid="([^"]+)"')
_BNODE_LINK = re.compile(r'<a href="(c14n\d+)">[^<]*</a>')


def english_view(graph: Graph) -> Graph:
    """The graph with only English (or untagged) literals where a subject and property have one."""
    has_english = {(s, p) for s, p, o in graph if isinstance(o, Literal) and o.language in (None, "en")}
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language not in (None, "en") and (s, p) in has_english:
            continue
        out.add((s, p, o))
    return out


def _pylode_html(graph: Graph) -> str:
    """pyLODE's HTML for a graph, made reproducible.

    pyLODE's output depends on set iteration order, so it runs in a child process with a fixed
    PYTHONHASHSEED, on sorted N-Triples whose blank node labels are kept, and with the members of
    owl:unionOf / owl:intersectionOf lists (which it collects in a set) sorted.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    data = formats.ntriples(english_view(graph)).encode("utf-8")
    done = subprocess.run([sys.executable, "-m", __name__], input=data, capture_output=True, env=env, check=False)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError("pyLODE could not document the ontology: " + (detail[-1] if detail else f"exit {done.returncode}"))
    return done.stdout.decode("utf-8")


def _render(ntriples: str) -> str:
    """In the child process: parse the N-Triples as given and run pyLODE's OntPub profile."""
    try:
        import pylode.utils
        from pylode import OntPub
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit("pyLODE is needed for the ontology documentation: pip install pylode==3.3.4 (a dependency of mandato)") from exc
    original = pylode.utils.intersperse

    def ordered(items, separator):
        return original(sorted(items, key=str) if isinstance(items, (set, frozenset)) else items, separator)

    pylode.utils.intersperse = ordered

    class _SameLabels(dict):
        def get(self, key, default=None):
            return key

    graph = Graph()
    graph.parse(data=ntriples, format="nt", bnode_context=_SameLabels())
    return OntPub(ontology=graph).make_html()


def add_anchors(html: str, iris: list[str]) -> tuple[str, list[str]]:
    """Insert id="LocalName" beside pyLODE's own id for each term; return the terms it does not show."""
    existing = set(_ID.findall(html))
    openings = list(_ENTITY.finditer(html))
    by_iri: dict[str, re.Match] = {}
    for index, match in enumerate(openings):
        end = openings[index + 1].start() if index + 1 < len(openings) else len(html)
        code = _CODE.search(html, match.end(), end)
        if code:
            by_iri.setdefault(code.group(1), match)
    inserts = []
    missing = []
    for iri in iris:
        local = iri.partition("#")[2]
        match = by_iri.get(iri)
        if match is None:
            if local not in existing:
                missing.append(iri)
            continue
        if match.group(1) != local and local not in existing:
            inserts.append((match.end(), f'<span id="{local}"></span>'))
            existing.add(local)
    for position, text in sorted(inserts, reverse=True):
        html = html[:position] + text + html[position:]
    return html, missing


def ontology_page(model: Model, graph: Graph, iris: list[str], file: str, pylode_graph: Graph) -> str:
    """pyLODE's page for ``pylode_graph``, anchored for ``iris``, with extra sections for the rest."""
    html = _BNODE_LINK.sub('<span class="muted">an anonymous class (see the Turtle)</span>', _pylode_html(pylode_graph))
    html = _fix_internal_links(html, model)
    html, missing = add_anchors(html, iris)
    view = View(graph, model, file)
    sections = []
    for iri in missing:
        node = URIRef(iri)
        sections.append(
            tag(
                "div",
                tag("h3", view.label(node)),
                tag("p", tag("code", iri)),
                view.types(node),
                view.facts_table(node),
                class_="entity",
                id=iri.partition("#")[2],
            )
        )
    if sections:
        title = "Concept schemes, collections and other terms"
        extra = tag("div", tag("h2", title), join(sections), class_="section", id="mandato-other-terms")
        entries = [(iri.partition("#")[2], view.label(URIRef(iri))) for iri in missing]
        html = _insert_section(html, extra, title, entries)
    formats_ = join([tag("a", name, href=f"index.{ext}") for ext, name in FORMAT_NAMES.items() if ext != "html"], " · ")
    banner = tag(
        "p",
        tag("a", "Mandato", href="../index.html"),
        " · this ontology as ",
        formats_,
        " · ",
        tag("a", "vocabularies", href="../vocab/index.html"),
        " · ",
        tag("a", "shapes", href="../shapes/index.html"),
        f" · version {model.version}",
        id="mandato-banner",
    )
    html = html.replace('<div id="content">', '<div id="content">' + banner, 1)
    links = "".join(tag("link", rel="alternate", type=media, href=href) + "\n" for media, href in sorted(alternates(file).items()))
    return html.replace("</head>", links + "</head>", 1)


def _fix_internal_links(html: str, model: Model) -> str:
    """pyLODE links the ontology to #ontology and its version IRI to #<version>: make both resolve."""
    ontology = URIRef(str(MD).rstrip("#"))
    for version_iri in model.graph.objects(ontology, OWL.versionIRI):
        local = str(version_iri).rsplit("/", 1)[-1]
        html = html.replace(f'<a href="#{local}">{version_iri}</a>', f'<a href="{local}.html">{version_iri}</a>')
    if 'id="ontology"' not in html:
        html = html.replace('<div class="section" id="metadata">', '<div class="section" id="metadata"><span id="ontology"></span>', 1)
    return html


def _insert_section(html: str, section: Markup, title: str, entries: list[tuple[str, str]]) -> str:
    """Put a section after pyLODE's last entity section (before its namespaces), and list it in the
    table of contents. (Inserted before the table of contents, it would land in pyLODE's fixed,
    rotated credit box, out of the page.)"""
    for marker in ('<div id="namespaces"', '<div class="section" id="namespaces"', '<div id="legend"', '<div id="pylode"'):
        at = html.find(marker)
        if at != -1:
            html = html[:at] + section + html[at:]
            break
    else:
        html = html.replace("</body>", section + "</body>", 1)
    items = join([tag("li", tag("a", label, href=f"#{anchor}")) for anchor, label in entries])
    toc_entry = tag("li", tag("h4", tag("a", title, href="#mandato-other-terms")), tag("ul", items, class_="second"))
    toc = html.find('<div id="toc">')
    namespaces = html.find('<a href="#namespaces">', toc) if toc != -1 else -1
    if namespaces != -1:
        item = html.rfind("<li>", toc, namespaces)
        return html[:item] + toc_entry + html[item:]
    return html


def ontology_terms(model: Model) -> list[str]:
    """Every ontology# IRI in the graph, sorted."""
    return sorted(iri for iri in model.namespace_iris() if iri.startswith(str(MD)) and iri != str(MD))


if __name__ == "__main__":
    sys.stdout.buffer.write(_render(sys.stdin.buffer.read().decode("utf-8")).encode("utf-8"))
