"""`mandato publish`: the whole static site, written to a staging folder and swapped in at the end.

Nothing is written to --out until every page, dump, description and check has succeeded: a failure
at any step (a full disk included) leaves the previous site as it was, and a killed run leaves the
old or the new site, never a mix (mandato.outputs: staging beside --out, a lock, an atomic swap).
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from .. import __version__, outputs
from ..errors import InputError, UsageError
from ..namespaces import BASE, ID, INSTANCE_KINDS, MDSH, VOCAB, curie
from ..paths import BUILD_DIR, BUILD_TRIG, relative
from . import checks, describe, dumps, formats, jurisdictions, layout, maturity, negotiation, ontodoc, pages, release
from .markup import STYLE, join, tag
from .model import DATASET, Model, canonical, load_model

PLACEHOLDER_SITE_URL = "https://mandato.example.org/"


@dataclass
class PublishReport:
    out: Path
    version: str
    triples: int
    pages: int
    files: int
    previous: str | None
    summary: dict[str, int]
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class Site:
    """Writes files into the staging folder and counts them."""

    def __init__(self, root: Path, model: Model, base_path: str = "/") -> None:
        self.root = root
        self.model = model
        self.base_path = base_path  # the path of the site URL: absolute links (404 page) start with it
        self.pages = 0

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def document(self, loc: layout.Location, html: str, graph: Graph) -> None:
        """An HTML page and its RDF representations (Turtle, JSON-LD, N-Triples, RDF/XML) side by side."""
        self.write(loc.file("html"), html)
        self.representations(loc.path, graph)
        self.pages += 1

    def representations(self, path: str, graph: Graph) -> None:
        for ext, writer in formats.WRITERS.items():
            self.write(f"{path}.{ext}", writer(graph))


def default_issued() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.now(timezone.utc).date()


def ensure_build(build_dir: Path, rebuild: bool) -> list[str]:
    """Build first when there is no build (or when asked); notes for the user."""
    if rebuild or not (Path(build_dir) / BUILD_TRIG).exists():
        from ..build import build

        report = build(Path(build_dir))
        return [f"built {relative(build_dir)}/ first: {report.triples} triples in {report.graphs} named graphs"]
    changed = stale_sources(Path(build_dir))
    if changed:
        return [f"{relative(build_dir)}/ is older than {len(changed)} source file(s) ({', '.join(changed[:3])}): publishing the build as it is; use --rebuild for the current sources"]
    return []


def stale_sources(build_dir: Path) -> list[str]:
    """Repository source files changed, added or removed since the build (by the hashes in its manifest)."""
    import hashlib

    from ..build import read_manifest
    from ..catalog import data_files, ontology_files
    from ..paths import ROOT

    recorded = (read_manifest(build_dir) or {}).get("sources", {})
    if not any(name.startswith("data/countries/") for name in recorded):
        return []  # a build of other data files (fixtures, experiments)
    current = {relative(p): p for p in [*ontology_files(), *data_files(include_imports=False)]}
    changed = sorted(name for name in current if name not in recorded)
    for name, digest in recorded.items():
        path = ROOT / name
        if not Path(name).is_absolute() and not path.exists():
            changed.append(name)
        elif name in current and hashlib.sha256(path.read_text(encoding="utf-8").encode()).hexdigest()[:16] != digest:
            changed.append(name)
    return sorted(set(changed))


def publish(
    out: Path,
    build_dir: Path = BUILD_DIR,
    *,
    endpoint_url: str | None = None,
    previous: Path | None = None,
    site_url: str | None = None,
    issued: date | None = None,
    rebuild: bool = False,
    record: bool = False,
    releases_dir: Path = release.RELEASES_DIR,
    version: str = __version__,
) -> PublishReport:
    """Publish the build as a static site in `out`, holding the lock of `out` throughout."""
    with outputs.locked(Path(out), "publish"):
        return _publish(Path(out), Path(build_dir), endpoint_url=endpoint_url, previous=previous, site_url=site_url,
                        issued=issued, rebuild=rebuild, record=record, releases_dir=releases_dir, version=version)


def _publish(
    out: Path,
    build_dir: Path,
    *,
    endpoint_url: str | None,
    previous: Path | None,
    site_url: str | None,
    issued: date | None,
    rebuild: bool,
    record: bool,
    releases_dir: Path,
    version: str,
) -> PublishReport:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 2)
        clock[0] = now

    out = Path(out)
    check_out(out)
    notes = ensure_build(Path(build_dir), rebuild)
    model = load_model(Path(build_dir), issued or default_issued(), version)
    shapes = _shapes_graph()
    lap("load")

    current = release.records(model, shapes)
    previous_path = release.find_previous(previous, version, releases_dir)
    previous_version, previous_records = release.read_list(previous_path) if previous_path else (None, None)
    diff = release.diff(version, current, previous_version, previous_records)
    if diff.violations:
        more = f"\n  ... and {len(diff.violations) - 30} more" if len(diff.violations) > 30 else ""
        raise release.ReleaseError(
            f"{len(diff.violations)} released IRI(s) would break (compared with {relative(previous_path)}); "
            "deprecate instead of deleting: keep the IRI with owl:deprecated true and dct:isReplacedBy <new IRI>; nothing was published:\n  "
            + "\n  ".join(diff.violations[:30])
            + more
        )
    lap("release diff")

    site_url = site_url or os.environ.get("MANDATO_SITE_URL") or PLACEHOLDER_SITE_URL
    if site_url == PLACEHOLDER_SITE_URL:
        notes.append(f"w3id/mandato/.htaccess redirects to the placeholder {site_url}: pass --site-url with the address that will host the site")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = outputs.new_staging(out)
    try:
        outputs.failpoint("publish:writing")
        site = Site(staging, model, _base_path(site_url))
        files = dumps.write_dumps(model, staging)
        csv_files = dumps.write_csv_exports(staging)
        dumps.write_checksums(staging, files + csv_files)
        lap("dumps")
        written = _resource_pages(site)
        maturity.write(site, staging / "dumps" / f"{dumps.DUMP_NAME}.trig")
        jurisdictions.write(site, staging / "dumps" / f"{dumps.DUMP_NAME}.trig")
        lap("resource pages")
        _ontology_docs(site, previous)
        _scheme_docs(site)
        site.document(layout.locate(str(MDSH).rstrip("#")), pages.document_page(model, shapes, URIRef(str(MDSH).rstrip("#")), "shapes/index.html", title="Mandato SHACL shapes"), shapes)
        lap("documentation")
        catalog, void = _descriptions(site, files + csv_files, endpoint_url)
        lap("descriptions")
        _listings(site, files, csv_files, written, endpoint_url, diff)
        site.write(".htaccess", negotiation.site_htaccess(site.base_path, version))
        site.write("w3id/mandato/.htaccess", negotiation.w3id_htaccess(site_url, version))
        site.write("release/iris.tsv", release.to_tsv(version, current))
        site.write("release/diff.json", release.to_json(diff))
        site.write("release/diff.md", release.to_markdown(diff))
        site.write("assets/style.css", STYLE)
        site.write(".nojekyll", "")
        lap("listings")
        iris = model.namespace_iris() | _iris_in(catalog) | _iris_in(void) | _iris_in(shapes)
        problems = checks.missing_pages(staging, iris) + checks.broken_links(staging, site.base_path)
        problems += checks.dump_round_trip(staging / "dumps")
        if problems:
            more = f"\n  ... and {len(problems) - 30} more" if len(problems) > 30 else ""
            raise InputError(f"the site failed its integrity checks; the previous site is unchanged:\n  " + "\n  ".join(problems[:30]) + more)
        lap("checks")
        outputs.failpoint("publish:staged")
        outputs.swap(staging, out)  # the staging folder has the mode of any new folder (readable by a web server)
    finally:
        outputs.remove(staging)
    if record:
        path = release.record_release(version, current, releases_dir)
        notes.append(f"recorded the released IRI list in {relative(path)} (commit it)")
    summary = {k: len(getattr(diff, k)) for k in ("added", "deprecated", "removed", "changed")}
    file_count = sum(1 for p in out.rglob("*") if p.is_file())
    return PublishReport(out, version, len(model.graph), site.pages, file_count, previous_version, summary, time.perf_counter() - started, timings, notes)


def check_out(out: Path) -> None:
    """--out is replaced as a whole, so it must be new, empty, or a site published before."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "release" / "iris.tsv").is_file())):
        raise UsageError(f"--out {out} exists and is not a Mandato site (no release/iris.tsv); it would be replaced as a whole: choose a new or empty folder")


def _base_path(url: str) -> str:
    """The path of the site URL, with a slash at both ends ('/' or '/mandato/')."""
    from urllib.parse import urlparse

    path = urlparse(url).path.strip("/")
    return f"/{path}/" if path else "/"


def _shapes_graph() -> Graph:
    """The integrity and gap shapes (prefixes.ttl once), blank nodes labelled canonically."""
    from ..paths import GAP_SHAPES, INTEGRITY_SHAPES
    from ..shacl import load_shapes

    return canonical(load_shapes(tuple(dict.fromkeys(INTEGRITY_SHAPES + GAP_SHAPES))))


def _iris_in(graph: Graph) -> set[str]:
    return {str(t) for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(BASE)}


SPECIAL = ("index", "ontology/index", "shapes/index", "catalog", "dataset", "void")


def _resource_pages(site: Site) -> dict[str, list[URIRef]]:
    """A page, a Turtle and a JSON-LD file for every IRI that is not documented elsewhere; by kind."""
    model = site.model
    by_kind: dict[str, list[URIRef]] = {}
    done: set[str] = set()
    for iri in sorted(model.namespace_iris()):
        loc = layout.locate(iri)
        if loc.is_file or loc.path in SPECIAL or loc.path.startswith("ontology/") or loc.path.endswith("/index") or loc.path in done:
            continue
        done.add(loc.path)
        node = URIRef(iri.partition("#")[0])
        file = loc.file("html")
        site.document(loc, pages.resource_page(model, node, file), model.describe(node))
        kind = loc.path.rsplit("/", 1)[0]
        by_kind.setdefault(kind, []).append(node)
    return by_kind


def _ontology_docs(site: Site, previous: Path | None) -> None:
    model = site.model
    ontology = URIRef(BASE + "ontology")
    terms = ontodoc.ontology_terms(model)
    doc = Graph()
    for node in [ontology, *(URIRef(t) for t in terms), *_declared_external_terms(model)]:
        model.cbd(node, doc)
    modified = (ontology, DCTERMS.modified, Literal(model.issued.isoformat(), datatype=XSD.date))
    doc.add(modified)
    pylode_input = Graph()
    for name, graph in model.graphs.items():
        if (ontology, RDF.type, OWL.Ontology) in graph or (ontology, OWL.versionIRI, None) in graph:
            pylode_input += graph
    pylode_input.add(modified)
    html = ontodoc.ontology_page(model, doc, terms, "ontology/index.html", pylode_input)
    site.document(layout.locate(str(ontology)), html, doc)
    for version_iri in sorted(model.graph.objects(ontology, OWL.versionIRI)):
        loc = layout.locate(str(version_iri))
        site.write(loc.file("html"), html.replace('href="index.', f'href="{loc.path.rsplit("/", 1)[-1]}.'))
        site.representations(loc.path, doc)
    if previous is not None and (Path(previous) / "ontology").is_dir():
        for old in sorted((Path(previous) / "ontology").iterdir()):
            if old.is_file() and old.name.split(".", 1)[0] != "index" and not (site.root / "ontology" / old.name).exists():
                shutil.copy2(old, site.root / "ontology" / old.name)


_DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype)


def _declared_external_terms(model: Model) -> list[URIRef]:
    """The external terms the ontology declares (ontology/declarations.ttl): part of the ontology document."""
    found = {s for t in _DECLARATION_TYPES for s in model.graph.subjects(RDF.type, t) if isinstance(s, URIRef) and not str(s).startswith(BASE)}
    return sorted(found)


def _scheme_docs(site: Site) -> None:
    model = site.model
    schemes = sorted(s for s in model.graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef))
    rows = []
    for scheme in schemes:
        concepts = sorted((c for c in model.graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)), key=str)
        folders = sorted({str(c).rsplit("/", 1)[0] + "/" for c in concepts if str(c).startswith(str(VOCAB))})
        if len(folders) != 1:
            raise InputError(f"concept scheme {curie(str(scheme))}: its concepts must share one folder under {VOCAB}, found {folders or 'none'}", iri=str(scheme))
        members = set(concepts)
        collections = sorted(
            (c for c in model.graph.subjects(RDF.type, SKOS.Collection) if isinstance(c, URIRef) and set(model.graph.objects(c, SKOS.member)) & members), key=str
        )
        doc = Graph()
        for node in [scheme, *concepts, *collections]:
            model.cbd(node, doc)
        # the folder IRI (.../vocab/<scheme>/) names this document: say what it is about
        doc.add((URIRef(folders[0]), RDF.type, FOAF.Document))
        doc.add((URIRef(folders[0]), FOAF.primaryTopic, scheme))
        loc = layout.locate(folders[0])
        html = pages.scheme_page(model, scheme, concepts, collections, loc.file("html"))
        site.document(loc, html, doc)
        rows.append([tag("a", model.label(scheme), href=layout.relative("vocab/index.html", loc.file("html"))), tag("code", folders[0]), str(len(concepts))])
    site.write("vocab/index.html", pages.listing_page(model, "Controlled vocabularies", "The SKOS concept schemes of Mandato, one folder each.", rows, ["Scheme", "Namespace", "Concepts"], "vocab/index.html"))


def _descriptions(site: Site, files: list[dumps.DumpFile], endpoint_url: str | None) -> tuple[Graph, Graph]:
    model = site.model
    catalog = describe.catalog_graph(model, files, endpoint_url)
    void = describe.void_graph(model, files, endpoint_url)
    problems = describe.validate(catalog + void) + describe.check_counts(void, model)
    if problems:
        raise InputError("the catalogue or VoID description does not conform:\n  " + "\n  ".join(problems))
    dataset = Graph()
    dataset += catalog
    dataset += void
    for iri, graph, title in ((describe.CATALOG, catalog, "Mandato catalogue (DCAT)"), (describe.VOID_DOC, void, "Mandato VoID description"), (DATASET, dataset, "The Mandato dataset")):
        loc = layout.locate(str(iri))
        site.document(loc, pages.document_page(model, graph, iri, loc.file("html"), title=title), graph)
    site.representations("index", catalog)
    return catalog, void


def _listings(site: Site, files, csv_files, by_kind: dict[str, list[URIRef]], endpoint_url: str | None, diff: release.Diff) -> None:
    model = site.model
    kinds = []
    for kind_path in sorted(by_kind):
        if not kind_path.startswith("id/"):
            continue
        kind = kind_path.split("/", 1)[1]
        file = f"{kind_path}/index.html"
        rows = []
        for node in sorted(by_kind[kind_path], key=str):
            types = sorted(curie(str(t)) for t in model.graph.objects(node, RDF.type) if isinstance(t, URIRef))
            code = str(node).rsplit("/", 1)[-1]
            rows.append([tag("a", code, href=layout.href(file, str(node))), model.label(node), ", ".join(types), model.country(node)])
        site.write(file, pages.listing_page(model, f"{kind.capitalize()} ({len(rows)})", tag("code", f"{ID}{kind}/"), rows, ["Code", "Label", "Type", "Country"], file))
        kinds.append([tag("a", kind, href=f"{kind}/index.html"), str(len(rows))])
    site.write("id/index.html", pages.listing_page(model, "Browse the resources", "Every resource of the graph, by kind.", kinds, ["Kind", "Resources"], "id/index.html"))

    rows = []
    for f in files + csv_files:
        rows.append([tag("a", f.path.split("/", 1)[1], href=layout.relative("dumps/index.html", f.path)), f.title, f"{f.size:,} bytes"])
    rows.append([tag("a", "SHA256SUMS.txt", href="SHA256SUMS.txt"), "SHA-256 checksums of the files above", ""])
    site.write("dumps/index.html", pages.listing_page(model, "Downloads", "The whole graph in four RDF formats, and the stored queries as CSV.", rows, ["File", "Content", "Size"], "dumps/index.html"))

    site.write("release/index.html", _release_page(model, diff))
    site.write("404.html", pages.not_found_page(model, site.base_path))
    site.write("index.html", _home_page(model, files, csv_files, by_kind, endpoint_url, diff))


def _release_page(model: Model, diff: release.Diff) -> str:
    file = "release/index.html"
    data = diff.as_dict()
    intro = f"Changes since {diff.previous}." if diff.previous else "First release: every IRI is new."
    summary = tag("table", *(tag("tr", tag("th", k), tag("td", str(data["summary"][k]))) for k in ("added", "deprecated", "removed", "changed")))
    head = tag("tr", *(tag("th", h) for h in ("Country", "Added", "Deprecated", "Removed", "Changed")))
    rows = [tag("tr", tag("td", c), *(tag("td", str(n[k])) for k in ("added", "deprecated", "removed", "changed"))) for c, n in diff.countries.items()]
    deprecated = [tag("li", tag("code", d["iri"]), " → ", tag("code", d["replaced_by"])) for d in diff.deprecated]
    body = join(
        [
            tag("p", intro, " ", tag("a", "diff.json", href="diff.json"), " · ", tag("a", "diff.md", href="diff.md"), " · ", tag("a", "released IRIs (iris.tsv)", href="iris.tsv")),
            summary,
            tag("h2", "Per country"),
            tag("table", head, *rows),
            tag("h2", "Deprecated in this release") if deprecated else "",
            tag("ul", *deprecated) if deprecated else "",
        ]
    )
    return pages.simple_page(model, f"Mandato {model.version}: changes", body, file)


def _home_page(model: Model, files, csv_files, by_kind: dict[str, list[URIRef]], endpoint_url: str | None, diff: release.Diff) -> str:
    file = "index.html"
    countries = []
    for country in model.countries():
        labels = model.labels(country)
        countries.append(
            tag("li", tag("a", model.label(country), href=layout.href(file, str(country))), tag("span", " · ".join(labels.get(l, [""])[0] for l in ("es", "pt") if labels.get(l)), class_="muted lang"))
        )
    counts = Counter({kind.split("/", 1)[1]: len(nodes) for kind, nodes in by_kind.items() if kind.startswith("id/")})
    stats = tag("ul", *(tag("li", tag("a", f"{counts[k]} {k}", href=f"id/{k}/index.html")) for k in INSTANCE_KINDS if counts.get(k)))
    dump_links = join([tag("a", f.path.split("/", 1)[1], href=f.path) for f in files if not f.compressed], " · ")
    endpoint = tag("p", "SPARQL endpoint: ", tag("a", endpoint_url, href=endpoint_url)) if endpoint_url and endpoint_url.startswith(("http://", "https://")) else ""
    body = join(
        [
            tag("p", describe.DESCRIPTION["en"]),
            tag("p", f"Version {model.version}, issued {model.issued.isoformat()} · {len(model.graph):,} triples in {len(model.graphs)} named graphs.", class_="muted"),
            tag("h2", "Countries"),
            tag("ul", *countries, class_="values"),
            jurisdictions.home_section(model, file),
            tag("h2", "Browse"),
            stats,
            tag("h2", "Data"),
            tag("p", "Whole graph: ", dump_links, " (also gzipped; ", tag("a", "all downloads", href="dumps/index.html"), f", {len(csv_files)} CSV tables)."),
            tag("p", "Descriptions: ", tag("a", "DCAT catalogue", href="catalog.html"), " · ", tag("a", "VoID", href="void.html"), " · ", tag("a", "dataset", href="dataset.html")),
            endpoint,
            tag("p", "Model: ", tag("a", "ontology", href="ontology/index.html"), " · ", tag("a", "controlled vocabularies", href="vocab/index.html"), " · ", tag("a", "SHACL shapes", href="shapes/index.html")),
            tag("p", "ECLAC maturity instrument: ", tag("a", "assessments and suggested levels", href=maturity.INDEX)),
            tag("p", "Changes: ", tag("a", f"{len(diff.added)} added, {len(diff.deprecated)} deprecated, {len(diff.changed)} changed", href="release/index.html"), f" since {diff.previous}." if diff.previous else " (first release)."),
            tag("p", "Every IRI under ", tag("code", BASE), " answers with HTML, Turtle (Accept: text/turtle) or JSON-LD (Accept: application/ld+json)."),
        ]
    )
    return pages.simple_page(model, describe.TITLE["en"], body, file, pages.alternates(file))


def print_report(report: PublishReport) -> None:
    for note in report.notes:
        sys.stderr.write(f"note: {note}\n")
