"""HTML pages: one per resource, and documentation pages for documents that hold many subjects.

A resource page shows the resource's labels in English, Spanish and Portuguese, its facts, its
sources, the resources that link to it and the named graphs its facts come from, and links to its
Turtle and JSON-LD representations. Every string from the data is escaped (see markup.py).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SH, SKOS

from ..namespaces import BASE, MD, curie
from . import layout
from .markup import Markup, esc, join, link, page, tag
from .model import LANGUAGES, Model

LABEL_PROPS = (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SKOS.hiddenLabel)
SOURCE_PROPS = (DCTERMS.source, MD.retrievedOn)
HEADING_PROPS = (SH.name, SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name)
MAX_DEPTH = 6


class View:
    """A graph to render, with labels looked up in the graph first and then in the published model."""

    def __init__(self, graph: Graph, model: Model, file: str) -> None:
        self.graph = graph
        self.model = model
        self.file = file  # the page being written, relative to the site root
        self._labels: dict = model.label_cache if graph is model.graph else {}

    # ------------------------------------------------------------------ naming
    def label(self, node) -> str:
        if node not in self._labels:
            self._labels[node] = self._label(node)
        return self._labels[node]

    def _label(self, node) -> str:
        for prop in HEADING_PROPS:
            values = [v for v in self.graph.objects(node, prop) if isinstance(v, Literal)]
            for lang in ("en", None, "es", "pt"):
                for value in sorted(values):
                    if value.language == lang:
                        return str(value)
            if values:
                return str(sorted(values)[0])
        return self.model.label(node)

    def ref(self, node) -> Markup:
        """A link to an IRI: to its page when it is ours, to itself when it is external."""
        iri = str(node)
        if layout.in_namespace(iri):
            label = self.label(node)
            short = curie(iri)
            note = tag("span", short, class_="muted iri") if label != short else Markup("")
            return join([tag("a", label, href=layout.href(self.file, iri)), " ", note])
        return link(iri, curie(iri))

    # ------------------------------------------------------------------ values
    def value(self, node, depth: int = 0) -> Markup:
        if isinstance(node, URIRef):
            return self.ref(node)
        if isinstance(node, BNode):
            return self.bnode(node, depth + 1)
        text = str(node)
        body = tag("pre", text) if "\n" in text else esc(text)
        if node.language:
            return join([tag("span", body, lang=node.language), tag("span", node.language, class_="lang")])
        if node.datatype and node.datatype != RDF.langString:
            return join([body, tag("span", curie(str(node.datatype)), class_="lang")])
        return body

    def bnode(self, node: BNode, depth: int) -> Markup:
        if depth > MAX_DEPTH:
            return tag("span", "…", class_="muted")
        items = self.rdf_list(node)
        if items is not None:
            return tag("ol", *(tag("li", self.value(i, depth)) for i in items))
        return self.facts_table(node, depth=depth)

    def rdf_list(self, node) -> list | None:
        items, seen = [], set()
        while node != RDF.nil:
            if node in seen or not isinstance(node, BNode):
                return None
            seen.add(node)
            first = self.graph.value(node, RDF.first)
            rest = self.graph.value(node, RDF.rest)
            if first is None or rest is None:
                return None
            items.append(first)
            node = rest
        return items

    # ------------------------------------------------------------------ blocks
    def facts_table(self, node, skip: tuple = (), depth: int = 0) -> Markup:
        grouped: dict[URIRef, list] = defaultdict(list)
        for p, o in self.graph.predicate_objects(node):
            if p not in skip:
                grouped[p].append(o)
        rows = []
        for p in sorted(grouped, key=lambda p: (p != RDF.type, curie(str(p)))):
            values = sorted(grouped[p], key=_sort_key)
            cell = self.value(values[0], depth) if len(values) == 1 else tag("ul", *(tag("li", self.value(v, depth)) for v in values), class_="values")
            rows.append(tag("tr", tag("th", self.ref(p)), tag("td", cell)))
        if not rows:
            return Markup("")
        return tag("table", *rows, class_="facts")

    def labels_table(self, node) -> Markup:
        rows = []
        labels: dict[str, list[str]] = defaultdict(list)
        for prop in (SKOS.prefLabel, RDFS.label):
            for value in self.graph.objects(node, prop):
                if isinstance(value, Literal) and str(value) not in labels[value.language or ""]:
                    labels[value.language or ""].append(str(value))
        for lang in (*LANGUAGES, *sorted(k for k in labels if k not in LANGUAGES)):
            shown = sorted(labels.get(lang, []))
            cell = join(shown, Markup("<br>")) if shown else tag("span", "—", class_="muted")
            rows.append(tag("tr", tag("th", _LANGUAGE_NAMES.get(lang, lang or "no language tag")), tag("td", cell, lang=lang or None)))
        alt = sorted(str(v) for v in self.graph.objects(node, SKOS.altLabel) if isinstance(v, Literal))
        if alt:
            rows.append(tag("tr", tag("th", "Also known as"), tag("td", join(alt, ", "))))
        return tag("table", *rows, class_="labels")

    def sources_block(self, node) -> Markup:
        sources = sorted(self.graph.objects(node, DCTERMS.source), key=_sort_key)
        checked = sorted(str(v) for v in self.graph.objects(node, MD.retrievedOn))
        if not sources and not checked:
            return Markup("")
        items = [tag("li", self.value(s)) for s in sources]
        note = tag("p", "Checked on ", join(checked, ", "), ".", class_="muted") if checked else Markup("")
        return tag("section", tag("h2", "Sources"), tag("ul", *items), note)

    def incoming_block(self, node) -> Markup:
        grouped: dict[URIRef, list] = defaultdict(list)
        for s, p in self.graph.subject_predicates(node):
            if isinstance(s, URIRef):
                grouped[p].append(s)
        if not grouped:
            return Markup("")
        rows = []
        for p in sorted(grouped, key=lambda p: curie(str(p))):
            subjects = sorted(grouped[p], key=lambda s: (self.label(s).lower(), str(s)))
            cell = tag("ul", *(tag("li", self.ref(s)) for s in subjects), class_="values")
            rows.append(tag("tr", tag("th", self.ref(p), tag("span", f" ({len(subjects)})", class_="muted")), tag("td", cell)))
        return tag("section", tag("h2", "Referenced by"), tag("table", *rows, class_="incoming"))

    def types(self, node) -> Markup:
        types = sorted((t for t in self.graph.objects(node, RDF.type) if isinstance(t, URIRef)), key=lambda t: curie(str(t)))
        return join([tag("span", self.ref(t), class_="badge") for t in types])

    def deprecation(self, node) -> Markup:
        deprecated = any(isinstance(v, Literal) and v.toPython() is True for v in self.graph.objects(node, OWL.deprecated))
        if not deprecated:
            return Markup("")
        replacements = sorted(self.graph.objects(node, DCTERMS.isReplacedBy), key=_sort_key)
        tail = join(["; replaced by ", join([self.value(r) for r in replacements], ", ")]) if replacements else ""
        return tag("p", tag("strong", "Deprecated"), tail, ".", class_="deprecated")


_LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "pt": "Portuguese", "fr": "French", "nl": "Dutch", "": "no language tag"}


def _sort_key(node) -> tuple:
    return (0 if isinstance(node, URIRef) else 1 if isinstance(node, Literal) else 2, str(node), getattr(node, "language", None) or "")


FORMAT_NAMES = {"html": "HTML", "ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}


def formats_line(file: str, representations: tuple[str, ...] = tuple(layout.REPRESENTATIONS)) -> Markup:
    stem = file.rsplit(".", 1)[0].rsplit("/", 1)[-1]
    return tag("p", "This page as ", join([tag("a", FORMAT_NAMES[ext], href=f"{stem}.{ext}") for ext in representations], " · "), class_="formats")


def alternates(file: str) -> dict[str, str]:
    """The <link rel="alternate"> targets of a page: its RDF representations."""
    stem = file.rsplit(".", 1)[0].rsplit("/", 1)[-1]
    return {media: f"{stem}.{ext}" for ext, media in layout.REPRESENTATIONS.items() if ext != "html"}


def footer(model: Model) -> Markup:
    return tag(
        "p",
        f"Mandato {model.version}, issued {model.issued.isoformat()}. Data licensed under ",
        tag("a", "CC BY 4.0", href="https://creativecommons.org/licenses/by/4.0/"),
        " by the Mandato contributors. Identifiers: ",
        tag("code", BASE),
        ".",
    )


# ---------------------------------------------------------------------------------------- pages
def resource_page(model: Model, iri: URIRef, file: str, extra: Markup | None = None) -> str:
    """The page of one resource; ``extra`` sections (e.g. a maturity profile's scores) follow its labels."""
    view = View(model.graph, model, file)
    title = view.label(iri)
    graphs = sorted(model.graphs_of.get(iri, ()))
    body = [
        tag("h1", title),
        tag("p", str(iri), class_="iri"),
        tag("p", view.types(iri)),
        formats_line(file),
        view.deprecation(iri),
        tag("section", tag("h2", "Labels"), view.labels_table(iri)),
        extra or Markup(""),
    ]
    facts = view.facts_table(iri, skip=(RDF.type, *LABEL_PROPS, *SOURCE_PROPS))
    if facts:
        body.append(tag("section", tag("h2", "Facts"), facts))
    body.append(view.sources_block(iri))
    body.append(view.incoming_block(iri))
    if iri in model.graphs:
        count = len(model.graphs[iri])
        dump = layout.relative(file, "dumps/mandato.trig")
        body.append(tag("section", tag("h2", "Content"), tag("p", f"This named graph holds {count:,} triples; they are in the TriG dump ", tag("a", "mandato.trig", href=dump), ".")))
    if graphs:
        body.append(tag("section", tag("h2", "Provenance"), tag("p", "Stated in the named graph(s): "), tag("ul", *(tag("li", view.ref(g)) for g in graphs))))
    if not graphs and not model.inc.get(iri) and iri not in model.graphs:
        body.append(tag("p", "This IRI is not described in this release.", class_="muted"))
    return page(title, join(body), root=layout.root_of(file), alternates=alternates(file), footer=footer(model))


def document_page(model: Model, graph: Graph, main: URIRef, file: str, intro: Markup | str = "", title: str | None = None) -> str:
    """A page for a document holding many subjects (shapes, catalogue, VoID): one section each, anchored."""
    view = View(graph, model, file)
    title = title or view.label(main)
    subjects = [s for s in set(graph.subjects()) if isinstance(s, URIRef)]
    main_first = sorted(subjects, key=lambda s: (s != main, not str(s).startswith(str(main)), not str(s).startswith(BASE), _section_key(graph, s), str(s)))
    anchored = [s for s in main_first if s != main and str(s).partition("#")[2]]
    contents = Markup("")
    if len(anchored) > 5:
        items = [tag("li", tag("a", view.label(s), href="#" + str(s).partition("#")[2])) for s in anchored]
        contents = tag("details", tag("summary", f"Contents ({len(anchored)})"), tag("ul", *items, class_="values"), open=True)
    sections = []
    for subject in main_first:
        anchor = str(subject).partition("#")[2] or None
        heading = tag("h2", view.label(subject), id=anchor) if subject != main else Markup("")
        sections.append(
            tag(
                "section",
                heading,
                tag("p", str(subject), class_="iri") if subject != main else Markup(""),
                view.deprecation(subject),
                view.facts_table(subject),
                class_="subject",
            )
        )
    body = join([tag("h1", title), tag("p", str(main), class_="iri"), formats_line(file), intro, contents, *sections])
    return page(title, body, root=layout.root_of(file), alternates=alternates(file), footer=footer(model))


def _section_key(graph: Graph, subject) -> tuple:
    """Node shapes before property shapes, classes before properties, then by IRI."""
    kinds = [SH.NodeShape, SH.PropertyShape, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty]
    for rank, kind in enumerate(kinds):
        if (subject, RDF.type, kind) in graph:
            return (rank,)
    return (len(kinds),)


def scheme_page(model: Model, scheme: URIRef, concepts: list[URIRef], collections: list[URIRef], file: str) -> str:
    """Documentation of one SKOS concept scheme: every concept with its code, labels and definition."""
    view = View(model.graph, model, file)
    title = view.label(scheme)
    rows = []
    for concept in concepts:
        code = str(concept).rstrip("/").rsplit("/", 1)[-1]
        labels = view.model.labels(concept)
        cells = [tag("td", tag("a", code, href=layout.href(file, str(concept))), id=code)]
        for lang in LANGUAGES:
            cells.append(tag("td", join(labels.get(lang, []), Markup("<br>"))))
        definition = model.graph.value(concept, SKOS.definition)
        cells.append(tag("td", "" if definition is None else str(definition)))
        rows.append(tag("tr", *cells))
    head = tag("tr", tag("th", "Code"), *(tag("th", _LANGUAGE_NAMES[lang]) for lang in LANGUAGES), tag("th", "Definition"))
    body = [
        tag("h1", title),
        tag("p", str(scheme), class_="iri"),
        tag("p", "Concepts: ", tag("code", _namespace_of(concepts))),
        formats_line(file),
        tag("section", tag("h2", "About the scheme"), view.labels_table(scheme), view.facts_table(scheme, skip=(RDF.type, *LABEL_PROPS))),
        tag("section", tag("h2", f"Concepts ({len(concepts)})"), tag("table", head, *rows, class_="concepts")),
    ]
    for collection in collections:
        members = sorted((m for m in model.graph.objects(collection, SKOS.member) if isinstance(m, URIRef)), key=str)
        body.append(
            tag(
                "section",
                tag("h2", "Collection: ", view.label(collection)),
                tag("p", view.ref(collection)),
                tag("ul", *(tag("li", view.ref(m)) for m in members), class_="values"),
            )
        )
    return page(title, join(body), root=layout.root_of(file), alternates=alternates(file), footer=footer(model))


def _namespace_of(concepts: list[URIRef]) -> str:
    return str(concepts[0]).rsplit("/", 1)[0] + "/" if concepts else ""


def listing_page(model: Model, title: str, intro: Markup | str, rows: list[list[Markup | str]], header: list[str], file: str) -> str:
    table = tag("table", tag("tr", *(tag("th", h) for h in header)), *(tag("tr", *(tag("td", c) for c in row)) for row in rows))
    body = join([tag("h1", title), tag("p", intro) if intro else "", table])
    return page(title, body, root=layout.root_of(file), footer=footer(model))


def not_found_page(model: Model, base_path: str) -> str:
    """The 404 page: served for a missing file at any depth, so its links are absolute paths."""
    body = tag("p", "There is no page at this address. ", tag("a", "Start from the home page", href=f"{base_path}index.html"), ".")
    return page("Not found", join([tag("h1", "Not found"), body]), root=base_path, footer=footer(model))


def simple_page(model: Model, title: str, body: Markup, file: str, alternates_: dict[str, str] | None = None) -> str:
    return page(title, join([tag("h1", title), body]), root=layout.root_of(file), alternates=alternates_, footer=footer(model))
