"""The conneg table, on a freshly published site served by Debian's apache2 exactly as
docs/hosting.md says, and by a second virtual host that plays w3id.org with the generated
w3id/mandato/.htaccess; the Python preview server must answer the same.

For a sample of IRIs of every kind and a list of Accept headers (single types, wildcards, q-valued
lists, none): the status, Content-Type, redirect target and Vary of every answer, and that every RDF
answer parses and describes the IRI asked for. The expected representation of each Accept header is
written out below, not computed by the code under test.
"""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import stat
import tempfile
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from apache import Apache, free_port, site_vhost, w3id_vhost
from conftest import fixture_build
from mandato import __version__
from mandato.namespaces import BASE
from mandato.publish import layout
from mandato.publish.negotiation import choose
from mandato.publish.preview import PreviewServer
from mandato.publish.site import publish

pytestmark = pytest.mark.apache

#: Accept header -> the representation that must be served (None: no Accept header at all).
ACCEPTS = (
    (None, "html"),
    ("*/*", "html"),
    ("text/html", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"),
    ("TEXT/Turtle", "ttl"),
    ("text/turtle; charset=utf-8", "ttl"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),  # a browser
    ("text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.5", "ttl"),
    ("application/rdf+xml, application/xml; q=0.7, text/xml; q=0.6, text/plain; q=0.1, */*; q=0.09", "rdf"),  # OWL tools
    ("text/turtle;q=0", "html"),
    ("text/turtle;q=0, */*;q=0.5", "html"),
    ("text/html;q=0.5, text/turtle", "ttl"),
    ("application/ld+json;q=0.9, text/turtle;q=0.95", "ttl"),
    ("text/turtle;q=0.5, application/n-triples;q=0.8, */*;q=0.1", "nt"),
    ("text/turtle;q=0.9, */*;q=0.95", "html"),
    ("text/turtle;q=0.500, application/ld+json;q=0.5", "ttl"),
    ("application/ld+json;q=0.3, application/rdf+xml;q=0.25", "jsonld"),
    ("text/turtle, */*", "ttl"),
    ("application/*", "jsonld"),
    ("text/plain", "html"),
)
MEDIA = {"html": "text/html; charset=utf-8", "ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json", "nt": "application/n-triples", "rdf": "application/rdf+xml"}
PARSER = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
KINDS = ("country", "body", "law", "provision", "mandate", "solution", "assessment", "event", "strategy", "term", "concept", "shape", "dataset", "graph", "document")
EXTRA = ("", "ontology", f"ontology/{__version__}", "shapes", "vocab/legal-topic/", "catalog", "dataset", "void", ".well-known/void")


def kind_of(iri: str) -> str:
    path = iri[len(BASE):]
    if path.startswith("ontology#"):
        return "term"
    if path.startswith("shapes#"):
        return "shape"
    if path.startswith("vocab/"):
        return "concept"
    if path.startswith("graph/"):
        return "graph"
    if path.startswith("id/law/") and "-art-" in path:
        return "provision"
    if path.startswith("id/"):
        return path.split("/")[1]
    return "document"


def sample(site: Path, per_kind: int = 3) -> list[str]:
    """Paths (below the base) of up to per_kind IRIs of every kind in the release, plus the documents."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    iris = [line.split("\t")[0] for line in (site / "release" / "iris.tsv").read_text().splitlines()[2:]]
    graph_iris = sorted({BASE + p.relative_to(site).as_posix()[: -len(".ttl")] for p in (site / "graph").rglob("*.ttl")})
    for iri in sorted(iris) + graph_iris:
        if len(by_kind[kind_of(iri)]) < per_kind:
            by_kind[kind_of(iri)].append(iri[len(BASE):])
    return [path for kind in sorted(by_kind) for path in by_kind[kind]] + list(EXTRA)


class Served:
    def __init__(self, site: Path, site_port: int, w3id_port: int, preview: PreviewServer) -> None:
        self.site = site
        self.site_port = site_port
        self.w3id_port = w3id_port
        self.preview = preview
        self.site_url = f"http://127.0.0.1:{site_port}/"


@pytest.fixture(scope="module")
def served():
    root = Path(tempfile.mkdtemp(prefix="mandato-conneg-"))
    os.chmod(root, 0o755)  # pytest's own temporary folders are 0700: Apache's www-data could not enter
    try:
        site_port, w3id_port = free_port(), free_port()
        fixture_build(root / "build", "v1.ttl")
        site = root / "site"
        publish(site, root / "build", site_url=f"http://127.0.0.1:{site_port}/", issued=date(2026, 12, 7), releases_dir=root / "releases")
        modules, vhost = site_vhost(site, site_port)
        with Apache([(site_port, vhost), (w3id_port, w3id_vhost(site / "w3id", w3id_port))], modules) as apache:
            with PreviewServer(site) as preview:
                yield Served(site, site_port, w3id_port, preview)
            # nothing but the expected refusals of .ht* files (AH01630) in the error log
            levels = (":warn]", ":error]", ":crit]", ":alert]", ":emerg]")
            unexpected = [line for line in apache.error_log().splitlines() if any(level in line for level in levels) and "AH01630" not in line]
            assert not unexpected, "\n".join(unexpected[:20])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def get(port: int, path: str, accept: str | None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Accept": accept} if accept is not None else {}
    connection.putrequest("GET", path, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def preview_port(served: Served) -> int:
    return int(served.preview.url.rsplit(":", 1)[1])


def varies(headers: dict) -> bool:
    return "accept" in [v.strip().lower() for v in headers.get("vary", "").split(",")]


@lru_cache(maxsize=None)
def parsed(body: bytes, ext: str) -> Graph:
    return Graph().parse(data=body, format=PARSER[ext])


def test_expected_choices_are_what_the_rules_compute():
    """The fast check (no server): the Python evaluation of the rules gives the table's answers."""
    for accept, ext in ACCEPTS:
        assert choose(accept) == ext, accept


def test_the_sample_covers_every_kind(served):
    paths = sample(served.site)
    kinds = {kind_of(BASE + p) for p in paths}
    assert set(KINDS) - {"dataset"} <= kinds, set(KINDS) - kinds
    assert len(paths) >= 30


def test_conneg_table_on_apache_and_w3id(served):
    """Every IRI of the sample, every Accept header: the site answers, w3id redirects, both say Vary."""
    failures = []
    checked = 0
    for path in sample(served.site):
        iri = BASE + ("void" if path == ".well-known/void" else path)  # the VoID well-known path answers with void.*
        loc = layout.locate(iri)
        path = path.partition("#")[0]  # clients do not send the fragment
        for accept, ext in ACCEPTS:
            file = loc.file(ext)
            # w3id.org/mandato/<path>: 303 to the file on the site, Vary: Accept
            status, headers, _ = get(served.w3id_port, f"/mandato/{path}", accept)
            if (status, headers.get("location"), varies(headers)) != (303, served.site_url + file, True):
                failures.append(f"w3id {path!r} Accept {accept!r}: {status} {headers.get('location')} vary={headers.get('vary')} (expected 303 {file})")
            # the site: the extensionless IRI path answers with that file, Vary: Accept
            status, headers, body = get(served.site_port, f"/{path}", accept)
            expected = (served.site / file).read_bytes()
            if (status, headers.get("content-type"), varies(headers), body == expected) != (200, MEDIA[ext], True, True):
                failures.append(f"site {path!r} Accept {accept!r}: {status} {headers.get('content-type')} vary={headers.get('vary')} (expected 200 {file})")
            checked += 1
        for ext, media in MEDIA.items():
            status, headers, body = get(served.site_port, f"/{loc.file(ext)}", "text/html")
            if (status, headers.get("content-type"), varies(headers)) != (200, media, False):
                failures.append(f"file {loc.file(ext)}: {status} {headers.get('content-type')} vary={headers.get('vary')}")
            elif ext != "html":
                graph = parsed(body, ext)
                node = URIRef(iri)
                if (node, None, None) not in graph and (None, None, node) not in graph:
                    failures.append(f"{loc.file(ext)} does not describe {iri}")
    assert not failures, f"{len(failures)} of {checked} negotiated requests failed:\n" + "\n".join(failures[:40])
    assert checked >= 30 * len(ACCEPTS)


def test_preview_server_answers_like_apache(served):
    port = preview_port(served)
    differences = []
    paths = sorted({p.partition("#")[0] for p in sample(served.site, per_kind=1)})
    for path in paths + ["id/country/XXX", "id/country/", "dumps/mandato.ttl.gz", ".htaccess"]:
        for accept, _ext in ACCEPTS:
            for apache_port, prefix, preview_prefix in ((served.site_port, "/", "/"), (served.w3id_port, "/mandato/", "/w3id/mandato/")):
                a_status, a_headers, a_body = get(apache_port, prefix + path, accept)
                p_status, p_headers, p_body = get(port, preview_prefix + path, accept)
                a = (a_status, a_headers.get("location"), a_headers.get("content-type") if a_status == 200 else None, varies(a_headers))
                p = (p_status, p_headers.get("location"), p_headers.get("content-type") if p_status == 200 else None, varies(p_headers))
                if a != p or (a_status == 200 and a_body != p_body):
                    differences.append(f"{preview_prefix}{path} Accept {accept!r}: apache {a}, preview {p}")
    assert not differences, "\n".join(differences[:30])


def test_documents_with_folders_are_not_redirected_to_a_trailing_slash(served):
    for path in ("/ontology", "/shapes", "/vocab/legal-topic", "/vocab/legal-topic/", "/ontology/", "/id/country", "/id/country/", "/dumps", "/"):
        status, headers, _ = get(served.site_port, path, "text/turtle")
        assert status == 200, (path, status, headers.get("location"))
    status, headers, body = get(served.site_port, "/id/country/", "text/turtle")
    assert headers["content-type"] == MEDIA["html"] and b"URY" in body  # listings are HTML only


def test_dumps_are_served_as_gzip_without_charset_or_encoding(served):
    status, headers, _ = get(served.w3id_port, "/mandato/dumps/mandato.ttl.gz", "text/turtle")
    assert (status, headers["location"]) == (302, served.site_url + "dumps/mandato.ttl.gz")
    for name in ("mandato.ttl.gz", "mandato.nt.gz", "mandato.trig.gz", "mandato.jsonld.gz"):
        status, headers, body = get(served.site_port, f"/dumps/{name}", "*/*")
        assert status == 200 and headers["content-type"] == "application/gzip", (name, headers)
        assert "content-encoding" not in headers and gzip.decompress(body)
    status, headers, _ = get(served.site_port, "/dumps/mandato.trig", "*/*")
    assert headers["content-type"] == "application/trig"
    status, headers, _ = get(served.site_port, "/dumps/csv/laws.csv", "*/*")
    assert headers["content-type"] == "text/csv; charset=utf-8"


def test_not_found_page_with_absolute_links(served):
    for path in ("/id/country/XXX", "/id/body/deep/er/than/anything", "/nothing.ttl"):
        status, headers, body = get(served.site_port, path, "text/turtle")
        assert status == 404 and headers["content-type"] == MEDIA["html"], path
        assert b'href="/assets/style.css"' in body and b'href="/index.html"' in body
    assert get(served.site_port, "/assets/style.css", None)[1]["content-type"] == "text/css; charset=utf-8"


def test_htaccess_is_not_served_and_the_site_is_world_readable(served):
    assert get(served.site_port, "/.htaccess", None)[0] == 403
    for path in [served.site, *served.site.rglob("*")]:
        mode = path.stat().st_mode
        needed = stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0)
        assert mode & needed == needed, f"{path} is {oct(mode & 0o777)}"
