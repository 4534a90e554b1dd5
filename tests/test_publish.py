"""`mandato publish`: the linked-open-data site, on the fixture graph.

The fixture graph is data/jurisdictions.ttl + tests/fixtures/graph/demo.ttl + one of the publishing
fixtures in tests/fixtures/publish/ (v1.ttl; v2-removed.ttl and v2-deprecated.ttl for the release
diff). Builds skip the reasoner (the site does not depend on it).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, SKOS, VOID

from conftest import ENDPOINT, FIXTURES, ISSUED, PUBLISH_FIXTURES, SITE_URL, demo_data_files, fixture_build, run_cli
from mandato import __version__
from mandato.build import build
from mandato.namespaces import BASE, GRAPH, MD, MDSH
from mandato.paths import QUERIES_DIR, ROOT, read_project_version
from mandato.publish import checks, describe, layout, release
from mandato.publish.site import publish

MARKUP_BODY = f"{BASE}id/body/URY-fx-pub-markup"
UNIT_BODY = f"{BASE}id/body/URY-fx-pub-unit"


def publish_fixture(out: Path, build_dir: Path, tmp: Path, **options):
    options.setdefault("releases_dir", tmp / "releases")
    return publish(out, build_dir, site_url=SITE_URL, endpoint_url=ENDPOINT, issued=ISSUED, **options)


def turtle_dump(site: Path) -> Graph:
    return Graph().parse(site / "dumps" / "mandato.ttl", format="turtle")


def namespace_iris(*graphs: Graph) -> set[str]:
    return {str(t) for g in graphs for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(BASE)}


# ------------------------------------------------------------------------------------------ dumps
def test_dumps_in_four_formats_plus_gzip(site):
    dumps = site / "dumps"
    for ext in ("ttl", "nt", "jsonld", "trig"):
        plain = (dumps / f"mandato.{ext}").read_bytes()
        assert len(plain) > 10_000
        assert gzip.decompress((dumps / f"mandato.{ext}.gz").read_bytes()) == plain
    sums = (dumps / "SHA256SUMS.txt").read_text().splitlines()
    assert any(line.endswith("  mandato.ttl.gz") for line in sums)


def test_jsonld_and_ntriples_dumps_are_isomorphic_to_turtle(site):
    reference = turtle_dump(site)
    assert len(reference) > 3000
    from_jsonld = Graph().parse(site / "dumps" / "mandato.jsonld", format="json-ld")
    from_nt = Graph().parse(site / "dumps" / "mandato.nt", format="nt")
    assert isomorphic(from_jsonld, reference)
    assert isomorphic(from_nt, reference)
    assert checks.dump_round_trip(site / "dumps") == []


def test_round_trip_check_detects_a_difference(site, tmp_path):
    copy = tmp_path / "dumps"
    copy.mkdir()
    for ext in ("ttl", "nt", "trig"):
        (copy / f"mandato.{ext}").write_bytes((site / "dumps" / f"mandato.{ext}").read_bytes())
    data = json.loads((site / "dumps" / "mandato.jsonld").read_text())
    data["@graph"] = data["@graph"][1:]
    (copy / "mandato.jsonld").write_text(json.dumps(data))
    problems = checks.dump_round_trip(copy)
    assert len(problems) == 1 and "mandato.jsonld is not isomorphic" in problems[0]


def test_trig_has_one_named_graph_per_source_with_provenance(site):
    dataset = Dataset()
    dataset.parse(site / "dumps" / "mandato.trig", format="trig")
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    for name in (f"{GRAPH}data/jurisdictions", f"{GRAPH}ontology/mandato", f"{GRAPH}version", f"{GRAPH}provenance"):
        assert name in graphs
    assert any(name.endswith("tests/fixtures/publish/v1") for name in graphs)
    provenance = graphs[f"{GRAPH}provenance"]
    for name, graph in graphs.items():
        if name == f"{GRAPH}provenance":
            continue
        node = URIRef(name)
        assert (node, RDF.type, PROV.Entity) in provenance, name
        assert (node, VOID.triples, Literal(len(graph))) in provenance, name
        assert (node, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in provenance
    jurisdictions = URIRef(f"{GRAPH}data/jurisdictions")
    assert provenance.value(jurisdictions, DCTERMS.identifier) == Literal("data/jurisdictions.ttl")
    assert provenance.value(jurisdictions, PROV.generatedAtTime) is not None


def test_csv_export_for_every_stored_query(site):
    slugs = sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
    assert slugs
    for slug in slugs:
        lines = (site / "dumps" / "csv" / f"{slug}.csv").read_text().splitlines()
        assert lines and lines[0].strip(), slug
    lead = (site / "dumps" / "csv" / "lead-agencies.csv").read_text()
    assert "URY-fx-agency" in lead


# ------------------------------------------------------------------------------------------ pages
def test_every_namespace_iri_has_a_page_and_representations(site):
    catalog = Graph().parse(site / "catalog.ttl")
    void = Graph().parse(site / "void.ttl")
    iris = namespace_iris(turtle_dump(site), catalog, void)
    assert f"{BASE}id/country/URY" in iris and str(MD.Country) in iris
    assert checks.missing_pages(site, iris) == []
    for iri in iris:
        loc = layout.locate(iri)
        if loc.fragment:
            html = (site / loc.file("html")).read_text()
            assert f'id="{loc.fragment}"' in html, iri
    assert checks.broken_links(site) == []


def test_missing_page_and_broken_link_are_reported(site, tmp_path):
    copy = tmp_path / "site"
    (copy / "id" / "country").mkdir(parents=True)
    for ext in ("html", "ttl", "jsonld", "rdf"):
        (copy / "id" / "country" / f"URY.{ext}").write_bytes((site / "id" / "country" / f"URY.{ext}").read_bytes())
    assert checks.missing_pages(copy, {f"{BASE}id/country/URY"}) == [f"{BASE}id/country/URY: no id/country/URY.nt"]
    assert any("broken link" in p for p in checks.broken_links(copy))


def test_resource_page_shows_labels_facts_sources_and_incoming_links(site):
    html = (site / "id" / "country" / "URY.html").read_text()
    assert "<h1>Uruguay</h1>" in html
    for text in ("English", "Spanish", "Portuguese", "Uruguai", "Referenced by", "Sources"):
        assert text in html
    assert 'href="../body/URY-fx-agency.html"' in html  # an incoming md:jurisdiction link
    assert '<link rel="alternate" type="text/turtle" href="URY.ttl">' in html
    turtle = Graph().parse(site / "id" / "country" / "URY.ttl")
    jsonld = Graph().parse(site / "id" / "country" / "URY.jsonld", format="json-ld")
    uri = URIRef(f"{BASE}id/country/URY")
    assert (uri, RDF.type, MD.Country) in turtle
    assert (URIRef(f"{BASE}id/body/URY-fx-agency"), MD.jurisdiction, uri) in turtle
    assert isomorphic(turtle, jsonld)


def test_html_escapes_data(site):
    html = (site / "id" / "body" / "URY-fx-pub-markup.html").read_text()
    assert "<script>" not in html and "<b>Fixture</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Fixture&quot; Office" in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html
    listing = (site / "id" / "body" / "index.html").read_text()
    assert "<script>" not in listing


def test_ontology_scheme_and_shape_documentation(site):
    ontology_html = (site / "ontology" / "index.html").read_text()
    ontology = Graph().parse(site / "ontology" / "index.ttl")
    terms = {str(s) for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(MD))}
    assert len(terms) > 80
    for term in terms:
        assert f'id="{term.partition("#")[2]}"' in ontology_html, term
    assert "pyLODE" in ontology_html
    assert (URIRef(f"{BASE}ontology"), OWL.versionInfo, Literal(__version__)) in ontology
    topics = (site / "vocab" / "legal-topic" / "index.html").read_text()
    scheme = Graph().parse(site / "vocab" / "legal-topic" / "index.ttl")
    concepts = list(scheme.subjects(SKOS.inScheme, MD.LegalTopicScheme))
    assert len(concepts) == 16
    for concept in concepts:
        assert f'id="{str(concept).rsplit("/", 1)[1]}"' in topics
        assert (site / "vocab" / "legal-topic" / f"{str(concept).rsplit('/', 1)[1]}.html").is_file()
    shapes_html = (site / "shapes" / "index.html").read_text()
    assert 'id="LeadBodyShape-absent"' in shapes_html and 'id="IriShape-body"' in shapes_html


# ------------------------------------------------------------------------------------------ negotiation
# The conneg table (Apache, the w3id rules and the preview server) is in test_conneg.py.
def test_htaccess_files_are_written_for_the_site_url(site, tmp_path):
    from mandato.publish.preview import Resolver

    w3id = (site / "w3id" / "mandato" / ".htaccess").read_text()
    assert f"RewriteRule ^(.+\\.(?:" in w3id and f" {SITE_URL}$1 [R=302,L]" in w3id
    assert "RewriteBase /\n" in (site / ".htaccess").read_text() and "Options" not in (site / ".htaccess").read_text()
    outcome = Resolver(site).resolve("/w3id/mandato/id/country/URY", "text/turtle")
    assert outcome.status == 303 and outcome.location == SITE_URL + "id/country/URY.ttl"


# ------------------------------------------------------------------------------------------ DCAT / VoID
def test_catalogue_and_void_conform_and_describe_the_release(site):
    catalog = Graph().parse(site / "catalog.ttl")
    void = Graph().parse(site / "void.ttl")
    assert describe.validate(catalog + void) == []
    dataset = URIRef(f"{BASE}dataset")
    assert (URIRef(f"{BASE}catalog"), DCAT.dataset, dataset) in catalog
    assert catalog.value(dataset, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert catalog.value(catalog.value(dataset, DCTERMS.publisher), FOAF.name) == Literal("Mandato contributors")
    assert catalog.value(dataset, OWL.versionInfo) == Literal(__version__)
    assert str(catalog.value(dataset, DCTERMS.issued)) == ISSUED.isoformat()
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(ENDPOINT)
    assert int(void.value(dataset, VOID.triples)) == len(turtle_dump(site))
    assert len(list(void.objects(dataset, VOID.classPartition))) > 10
    dumps = [str(o) for o in void.objects(dataset, VOID.dataDump)]
    assert f"{BASE}dumps/mandato.ttl.gz" in dumps
    for distribution in catalog.objects(dataset, DCAT.distribution):
        url = str(catalog.value(distribution, DCAT.downloadURL))
        path = site / url[len(BASE):]
        assert path.is_file() and int(catalog.value(distribution, DCAT.byteSize)) == path.stat().st_size


def test_catalogue_shapes_report_a_missing_title(site):
    catalog = Graph().parse(site / "catalog.ttl")
    catalog.remove((URIRef(f"{BASE}catalog"), DCTERMS.title, None))
    problems = describe.validate(catalog)
    assert len(problems) == 1 and "dct:title" in problems[0] and problems[0].startswith(f"{BASE}catalog")


# ------------------------------------------------------------------------------------------ versions
def test_version_lives_in_pyproject_and_is_stamped(site):
    assert __version__ == read_project_version()
    ontology = Graph().parse(site / "ontology" / "index.ttl")
    stamped = ontology.value(URIRef(f"{BASE}ontology"), OWL.versionIRI)
    assert stamped == URIRef(f"{BASE}ontology/{__version__}")
    assert (site / "ontology" / f"{__version__}.ttl").is_file()
    citation = (ROOT / "CITATION.cff").read_text()
    assert re.search(rf'^version: "?{re.escape(__version__)}"?$', citation, re.MULTILINE)
    assert "Mandato contributors" in citation and "CC-BY-4.0" in citation
    assert "## [" in (ROOT / "CHANGELOG.md").read_text()


def test_release_files_list_the_released_iris(site):
    version, records = release.read_list(site / "release" / "iris.tsv")
    assert version == __version__
    assert records[UNIT_BODY].country == "URY" and not records[UNIT_BODY].deprecated
    assert f"{MDSH}LeadBodyShape-absent" in records and str(MD.Country) in records
    assert not any(iri.startswith(f"{GRAPH}") or iri == f"{BASE}ontology/{__version__}" for iri in records)
    diff = json.loads((site / "release" / "diff.json").read_text())
    assert diff["previous"] is None and diff["summary"]["added"] == len(records)


def test_released_iri_that_disappears_fails_the_release(site, tmp_path):
    """Regression guard for the deprecation policy: deprecate, never delete."""
    before = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file() and p.suffix == ".tsv"}
    removed = fixture_build(tmp_path / "removed-build", "v2-removed.ttl")
    out = tmp_path / "site"
    with pytest.raises(release.ReleaseError) as error:
        publish_fixture(out, removed, tmp_path, previous=site)
    assert UNIT_BODY in str(error.value) and "owl:deprecated" in str(error.value)
    assert error.value.exit_code == 1
    assert not out.exists() and not list(tmp_path.glob(".publish-*"))
    assert before == {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file() and p.suffix == ".tsv"}


def test_deprecated_iri_with_replacement_passes_and_is_in_the_diff(site, tmp_path):
    deprecated = fixture_build(tmp_path / "deprecated-build", "v2-deprecated.ttl")
    previous = tmp_path / "previous"  # the v1 site, pretending it also kept an older ontology version
    shutil.copytree(site / "release", previous / "release")
    (previous / "ontology").mkdir()
    for ext in ("html", "ttl", "jsonld"):
        shutil.copy(site / "ontology" / f"{__version__}.{ext}", previous / "ontology" / f"0.0.1.{ext}")
    out = tmp_path / "site"
    report = publish_fixture(out, deprecated, tmp_path, previous=previous)
    assert (out / "ontology" / "0.0.1.ttl").read_bytes() == (site / "ontology" / f"{__version__}.ttl").read_bytes()
    assert report.previous == __version__
    diff = json.loads((out / "release" / "diff.json").read_text())
    assert diff["deprecated"] == [{"iri": UNIT_BODY, "replaced_by": f"{BASE}id/body/URY-fx-pub-office"}]
    assert f"{BASE}id/body/URY-fx-pub-office" in diff["added"] and diff["removed"] == [] and diff["violations"] == []
    assert diff["countries"]["URY"]["deprecated"] == 1 and diff["countries"]["URY"]["added"] == 1
    page = (out / "id" / "body" / "URY-fx-pub-unit.html").read_text()
    assert "Deprecated" in page and 'href="URY-fx-pub-office.html"' in page


def test_deprecation_without_replacement_is_a_violation():
    old = {UNIT_BODY: release.Record(UNIT_BODY, "URY", False, "", "a")}
    new = {UNIT_BODY: release.Record(UNIT_BODY, "URY", True, "", "b")}
    assert release.diff("2", new, "1", old).violations == [f"{UNIT_BODY}: deprecated without dct:isReplacedBy"]
    dangling = {UNIT_BODY: release.Record(UNIT_BODY, "URY", True, f"{BASE}id/body/URY-nowhere", "b")}
    assert "is not published" in release.diff("2", dangling, "1", old).violations[0]


def test_recorded_release_is_the_default_previous(tmp_path):
    records = {UNIT_BODY: release.Record(UNIT_BODY, "URY", False, "", "a")}
    path = release.record_release("0.0.1", records, tmp_path)
    assert path == tmp_path / "0.0.1" / "iris.tsv.gz"
    release.record_release("99.0.0", records, tmp_path)
    assert release.find_previous(None, "0.5.0", tmp_path) == path
    assert release.read_list(path) == ("0.0.1", records)
    with pytest.raises(Exception, match="no release IRI list"):
        release.find_previous(tmp_path / "missing", "0.5.0", tmp_path)


# ------------------------------------------------------------------------------------------ integrity
def test_failed_publish_leaves_the_previous_site_intact(v1_build, tmp_path):
    out = tmp_path / "site"
    publish_fixture(out, v1_build, tmp_path)
    snapshot = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = tmp_path / "broken-build"
    broken.mkdir()
    trig = (v1_build / "mandato.trig").read_text(encoding="utf-8")
    (broken / "mandato.trig").write_text(trig.replace("body:URY-fx-agency ", "<https://w3id.org/mandato/id/body/URY-fx-ag%C3%A9ncia> ", 1), encoding="utf-8")
    with pytest.raises(Exception, match="cannot be published as a static file"):
        publish_fixture(out, broken, tmp_path)
    assert snapshot == {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert not list(tmp_path.glob(".publish-*"))


def test_publishing_twice_gives_identical_sites(site, v1_build, tmp_path):
    again = tmp_path / "again"
    publish_fixture(again, v1_build, tmp_path)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(k) for k in first if first[k] != second[k]] == []


def test_cli_publish_and_usage_errors(v1_build, tmp_path):
    code, out, err = run_cli("publish", "--out", str(tmp_path / "site"), "--build", str(v1_build), "--issued", "2026-11-23", "--site-url", SITE_URL)
    assert code == 0, err
    assert "published" in out and "first release" in out
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "site" / "w3id" / "mandato" / ".htaccess").is_file()
    code, _, err = run_cli("publish", "--out", str(tmp_path / "other"), "--build", str(v1_build), "--issued", "23/11/2026")
    assert code == 2 and "--issued takes a date" in err and "Traceback" not in err
    code, _, err = run_cli("publish", "--out", str(tmp_path / "other"), "--build", str(v1_build), "--previous", str(tmp_path / "nowhere"))
    assert code == 2 and "no release IRI list" in err and not (tmp_path / "other").exists()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    code, _, err = run_cli("publish", "--out", str(precious), "--build", str(v1_build))
    assert code == 2 and "is not a Mandato site" in err and (precious / "notes.txt").read_text() == "keep me"


def test_build_older_than_its_sources_is_noticed(tmp_path):
    import hashlib

    from mandato.paths import DATA_DIR
    from mandato.publish.site import stale_sources

    jurisdictions = hashlib.sha256((DATA_DIR / "jurisdictions.ttl").read_text(encoding="utf-8").encode()).hexdigest()[:16]
    sources = {"data/jurisdictions.ttl": jurisdictions, "data/countries/URY.ttl": "0" * 16, "data/countries/ZZZ.ttl": "1" * 16}
    (tmp_path / "manifest.json").write_text(json.dumps({"sources": sources}))
    stale = stale_sources(tmp_path)
    assert "data/countries/URY.ttl" in stale and "data/countries/ZZZ.ttl" in stale
    assert "data/jurisdictions.ttl" not in stale
    (tmp_path / "manifest.json").write_text(json.dumps({"sources": {"tests/fixtures/publish/v1.ttl": "0" * 16}}))
    assert stale_sources(tmp_path) == []


# ------------------------------------------------------------------------------------------ subnational tier
def test_issue_14_jurisdiction_pages_and_dumps_hold_the_states(site):
    """A country's page lists its states; a state's page shows what covers each topic on the release
    date and why the other higher-tier candidates do not; the states and their facts are in the dumps."""
    country = (site / "id" / "country" / "BRA.html").read_text(encoding="utf-8")
    assert 'id="subdivisions"' in country and "BR-SP" in country and "BR-MG" in country
    page = (site / "id" / "jurisdiction" / "BR-SP.html").read_text(encoding="utf-8")
    coverage = page[page.index('id="coverage"'):]
    assert f"Coverage on {ISSUED.isoformat()}" in page
    rows = {m.group(1): m.group(2) for m in re.finditer(r'<span class="muted iri">([a-z]+:[a-z-]+)</span></td><td class="coverage-([a-z-]+)"', coverage)}
    assert len(rows) == 30, coverage[:400]  # every legal topic, solution type and governance aspect
    assert rows["topic:access-to-information"] == "higher-tier"  # national law 710 binds the states
    assert rows["topic:privacy-data-protection"] == "own"  # its own decree
    assert rows["topic:cybersecurity"] == "absent" and "is not yet in force on this date" in coverage  # national law 730: 2027
    assert rows["topic:digital-signature"] == "absent" and "does not bind this tier" in coverage  # national law 720
    assert (site / "id" / "jurisdiction" / "BR-SP.ttl").exists() and (site / "id" / "jurisdiction" / "BR-SP.jsonld").exists()
    dump = turtle_dump(site)
    state = URIRef(f"{BASE}id/jurisdiction/BR-SP")
    assert (state, RDF.type, MD.SubnationalJurisdiction) in dump
    assert (URIRef(f"{BASE}id/law/BR-SP-decree-2019-800"), MD.jurisdiction, state) in dump
