"""The bad-input corpus (issue 9): at least 150 bad inputs to every user-facing command, plus generated ones
(hypothesis: parameters, CSV cells, Turtle fragments, endpoint responses served on 127.0.0.1).

For each: no traceback, exit 2, a message that names the culprit (file, row, IRI, URL, option or
value), and nothing under the build or the output folders changed. The commands run in this process
through `mandato.cli.main` (the real error boundary) so that 150 cases take seconds; a few run as
real subprocesses, where a non-UTF-8 argument can only come from the operating system.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DEMO, FIXTURES, run_cli
from faulty_server import FaultyServer
from mandato.cli import main
from mandato.outputs import STAGING
from mandato.paths import DATA_DIR

JURISDICTIONS = DATA_DIR / "jurisdictions.ttl"
PREFIXES = (
    "@prefix md: <https://w3id.org/mandato/ontology#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix country: <https://w3id.org/mandato/id/country/> .\n@prefix body: <https://w3id.org/mandato/id/body/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n"
)
BODY = 'body:URY-zz a md:PublicOrganisation ; rdfs:label "Z"@es ; md:jurisdiction country:URY'
UNEGOV_HEADER = "country_iso3,country,survey_year,egdi_rank,egdi,epi,osi,hci,tii\n"
UNEGOV_ROW = "URY,Uruguay,2022,35,0.8388,0.5909,0.7641,0.898,0.8543\n"
GTMI_HEADER = "year,country_code,country_name,grp,gtmi,cgsi,psdi,dcei,gtei\n"
QUERY_HEAD = "# title: t\n# question: q\n"


# ------------------------------------------------------------------------------------------ the world
@pytest.fixture(scope="module")
def world(tmp_path_factory, demo_build) -> Path:
    """A folder with a build, a published-site stand-in, and every bad file the corpus uses."""
    w = tmp_path_factory.mktemp("world")
    shutil.copytree(demo_build, w / "build")
    corrupt = w / "corrupt"
    corrupt.mkdir()
    (corrupt / "mandato.trig").write_text("@prefix x: <http://x/> .\nx:a x:b { x:c x:d x:e .\n", encoding="utf-8")
    (corrupt / "manifest.json").write_text("{not json", encoding="utf-8")
    (w / "latin1-build").mkdir()
    (w / "latin1-build" / "mandato.trig").write_bytes(b"<http://a/\xe9> <http://b> <http://c> <http://g> .\n")
    (w / "default-only").mkdir()
    (w / "default-only" / "mandato.trig").write_text("<http://a/s> <http://a/p> <http://a/o> .\n", encoding="utf-8")
    (w / "afile").write_text("a file, not a folder", encoding="utf-8")
    (w / "notasite").mkdir()
    (w / "notasite" / "keep.txt").write_text("precious", encoding="utf-8")
    (w / "folder.rq").mkdir()
    (w / "URY.ttl").mkdir()  # a folder named like a country file
    (w / "csvfolder").mkdir()
    files = {
        "latin1.rq": QUERY_HEAD.encode() + "SELECT ?n WHERE { ?s ?p \"ñ\" }".encode("latin-1"),
        "noheader.rq": b"SELECT ?s WHERE { ?s ?p ?o }\n",
        "badparam.rq": (QUERY_HEAD + "# param: x | colour | no such kind\nSELECT ?s WHERE { ?s ?p ?o }\n").encode(),
        "update.rq": (QUERY_HEAD + "DELETE WHERE { ?s ?p ?o }\n").encode(),
        "service.rq": (QUERY_HEAD + "SELECT * WHERE { BIND(<http://x/'> AS ?a) SERVICE <http://127.0.0.1:9/sparql> {?s ?p ?o} BIND(<http://y/'> AS ?b) }\n").encode(),
        "syntax.rq": (QUERY_HEAD + "SELECT ?s WHERE {\n  ?s ?p\n}\n").encode(),
        "construct.rq": (QUERY_HEAD + "CONSTRUCT WHERE { ?s ?p ?o }\n").encode(),
        "empty.rq": QUERY_HEAD.encode(),
        "n.rq": (QUERY_HEAD + "SELECT ?n WHERE { ?s ?p ?n }\n").encode(),
        "empty.ttl": b"",
        "prefixes-only.ttl": PREFIXES.encode(),
        "comments-only.ttl": b"# nothing here\n# really nothing\n",
        "syntax.ttl": (PREFIXES + BODY + " ;\n  md:x md:y md:z .\n").encode(),
        "unknown-prefix.ttl": (PREFIXES + BODY + " ;\n  nope:x 1 .\n").encode(),
        "iri-space.ttl": (PREFIXES + BODY + " ;\n  dct:source <http://exa mple.org/> .\n").encode(),
        "iri-brace.ttl": (PREFIXES + BODY + " ;\n  dct:source <urn:x{y}> .\n").encode(),
        "date-feb30.ttl": (PREFIXES + BODY + ' ;\n  md:retrievedOn "2015-02-30"^^xsd:date .\n').encode(),
        "date-month13.ttl": (PREFIXES + BODY + ' ;\n  md:retrievedOn "2024-13-45"^^xsd:date .\n').encode(),
        "gyear.ttl": (PREFIXES + BODY + ' ;\n  md:x "20x5"^^xsd:gYear .\n').encode(),
        "datetime.ttl": (PREFIXES + BODY + ' ;\n  md:x "2024-01-01T25:00:00"^^xsd:dateTime .\n').encode(),
        "integer.ttl": (PREFIXES + BODY + ' ;\n  md:x "abc"^^xsd:integer .\n').encode(),
        "boolean.ttl": (PREFIXES + BODY + ' ;\n  md:x "maybe"^^xsd:boolean .\n').encode(),
        "huge-number.ttl": (PREFIXES + BODY + ' ;\n  md:x "1e999999999"^^xsd:decimal .\n').encode(),
        "latin1.ttl": (PREFIXES + BODY + ' ;\n  md:x "Pe').encode() + "\u00f1a".encode("latin-1") + b'" .\n',
        "unknown-country.ttl": (PREFIXES + 'body:XXX-zz a md:PublicOrganisation ; rdfs:label "Z"@es ; md:jurisdiction country:XXX .\n').encode(),
        "bom-syntax.ttl": b"\xef\xbb\xbf" + (PREFIXES + BODY + " ;\r\n  md:x md:y md:z .\r\n").encode(),
        "deep.ttl": (PREFIXES + BODY + " ;\n  md:x " + "[ md:p " * 3000 + "1" + " ]" * 3000 + " .\n").encode(),
        "nul.ttl": (PREFIXES + BODY + ' ;\n  md:x "a\x00b" .\n').encode(),
        "conflict.ttl": (PREFIXES + "country:URY a md:PublicOrganisation .\n").encode(),
        # CSV files for `import unegov`
        "missing-column.csv": b"country_iso3,country,survey_year,egdi\nURY,Uruguay,2022,0.8\n",
        "empty.csv": b"",
        "header-only.csv": UNEGOV_HEADER.encode(),
        "latin1.csv": UNEGOV_HEADER.encode() + "URY,Urugua\u00ff,2022,35,0.8,0.5,0.7,0.8,0.8\n".encode("latin-1"),
        "bad-year.csv": (UNEGOV_HEADER + "URY,Uruguay,22,35,0.8,0.5,0.7,0.8,0.8\n").encode(),
        "fullwidth-year.csv": (UNEGOV_HEADER + "URY,Uruguay,２０２２,35,0.8,0.5,0.7,0.8,0.8\n").encode(),
        "old-year.csv": (UNEGOV_HEADER + "URY,Uruguay,1899,35,0.8,0.5,0.7,0.8,0.8\n").encode(),
        "not-number.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,35,abc,0.5,0.7,0.8,0.8\n").encode(),
        "huge-exponent.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,35,1e999999999,0.5,0.7,0.8,0.8\n").encode(),
        "negative.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,35,-0.5,0.5,0.7,0.8,0.8\n").encode(),
        "above-one.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,35,1.5,0.5,0.7,0.8,0.8\n").encode(),
        "nan.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,35,NaN,0.5,0.7,0.8,0.8\n").encode(),
        "infinity.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,35,Infinity,0.5,0.7,0.8,0.8\n").encode(),
        "long-number.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,35,0." + "1" * 60 + ",0.5,0.7,0.8,0.8\n").encode(),
        "rank-1000.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,1000,0.8,0.5,0.7,0.8,0.8\n").encode(),
        "rank-fraction.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,3.5,0.8,0.5,0.7,0.8,0.8\n").encode(),
        "unknown-country.csv": (UNEGOV_HEADER + "XXX,Nowhere,2022,35,0.8,0.5,0.7,0.8,0.8\n").encode(),
        "lowercase-country.csv": (UNEGOV_HEADER + "ury,Uruguay,2022,35,0.8,0.5,0.7,0.8,0.8\n").encode(),
        "duplicate.csv": (UNEGOV_HEADER + UNEGOV_ROW + UNEGOV_ROW).encode(),
        "cells.csv": (UNEGOV_HEADER + "URY,Uruguay,2022,35\n").encode(),
        "nul.csv": (UNEGOV_HEADER + "URY,Uru\x00guay,2022,35,0.8,0.5,0.7,0.8,0.8\n").encode(),
        "giant-field.csv": (UNEGOV_HEADER + "URY," + "x" * 200_000 + ",2022,35,0.8,0.5,0.7,0.8,0.8\n").encode(),
        "gtmi-above-one.csv": (GTMI_HEADER + "2022,URY,Uruguay,A,2,0.5,0.5,0.5,0.5\n").encode(),
        "gtmi-exponent.csv": (GTMI_HEADER + "2022,URY,Uruguay,A,1e-999999999,0.5,0.5,0.5,0.5\n").encode(),
    }
    for name, data in files.items():
        (w / name).write_bytes(data)
    with open(w / "too-large.csv", "wb") as stream:  # sparse: 60 MB on paper, nothing on disk
        stream.write(UNEGOV_HEADER.encode())
        stream.truncate(60 * 1024 * 1024)
    return w


def snapshot(w: Path) -> dict[str, bytes | None]:
    """Every file and folder under the world, except the staging folders' lock files and .gitignore."""
    out = {}
    for path in sorted(w.rglob("*")):
        rel = str(path.relative_to(w))
        if STAGING in path.parts and (path.name.endswith(".lock") or path.name == ".gitignore" or path.name == STAGING):
            continue
        out[rel] = None if path.is_dir() else path.read_bytes()
    return out


def call(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors exit 2 with their own message
            code = exc.code
    return code, err.getvalue()


# ------------------------------------------------------------------------------------------ the corpus
@dataclass
class Case:
    id: str
    argv: list[str]
    culprit: str  # a substring the message must contain (formatted with w, url, base)
    server: dict | None = None  # FaultyServer arguments: the case's {url} and {base}


Q = ["query", "lead-agencies", "--build", "{w}/build"]
N = ["query", "{w}/n.rq", "--timeout", "5"]
B = ["build", "--no-reason", "--out", "{w}/out-build", "--data", str(JURISDICTIONS)]
IMP = ["import", "unegov"]
P = ["publish", "--build", "{w}/build"]
BAD_URLS = ["http://[::1/sparql", "not a url", "ftp://example.org/sparql", "http://", "http://:80/", "http://example.org:99999/",
            "http://example.org:abc/", "http://a b/", "", "file:///etc/passwd", "javascript:alert(1)", "http://x/\x00",
            "http://exa\u00e9mple.org/", "http://example.org:0/"]
ANSWERS = {
    "empty-object": b"{}", "list": b"[1, 2, 3]", "no-type": b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"value": "1"}}]}}',
    "missing-var": b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}', "html": b"<html><body>Login</body></html>",
    "not-utf8": b"\xff\xfe{}", "boolean-for-select": b'{"boolean": true}', "vars-not-list": b'{"head": {"vars": "n"}, "results": {"bindings": []}}',
    "bindings-not-list": b'{"head": {"vars": ["n"]}, "results": {"bindings": {}}}', "binding-not-object": b'{"head": {"vars": ["n"]}, "results": {"bindings": [5]}}',
    "value-not-string": b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": 5}}]}}',
    "deep": b"[" * 100_000 + b"]" * 100_000, "null": b"null", "string": b'"hello"', "empty-body": b"",
    "datatype-not-string": b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1", "datatype": 5}}]}}',
    "unknown-type": b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "triple", "value": "1"}}]}}',
    "head-not-object": b'{"head": [], "results": {"bindings": []}}',
}

CASES: list[Case] = [
    # ---- parameters of `query`
    Case("param-not-utf8", [*Q, "--param", "country=\udcff"], "argument"),
    *[Case(f"param-date-{i}", [*Q, "--param", f"asOf={v}"], "asOf") for i, v in enumerate(
        ["2024-13-45", "2015-02-30", "2023-02-29", "0000-01-01", "yesterday", "2024-1-5", "٢٠٢٤-٠١-٠١", "2024-01-01T00:00", "2024-00-10", "99999-01-01"])],
    *[Case(f"param-country-{i}", [*Q, "--param", f"country={v}"], "country") for i, v in enumerate(["UR", "URY1", "<http://x>", "U'Y", "U Y", "ÜRY"])],
    Case("param-unknown", [*Q, "--param", "nosuch=1"], "nosuch"),
    Case("param-no-equals", [*Q, "--param", "country"], "country"),
    Case("param-empty-name", [*Q, "--param", "=URY"], "parameter"),
    # ---- query files and stored queries
    Case("query-unknown", ["query", "no-such-query", "--build", "{w}/build"], "no-such-query"),
    Case("query-folder", ["query", "{w}/folder.rq", "--build", "{w}/build"], "folder.rq"),
    *[Case(f"query-file-{name}", ["query", f"{{w}}/{name}.rq", "--build", "{w}/build"], f"{name}.rq")
      for name in ("latin1", "missing", "noheader", "badparam", "update", "service", "syntax", "construct", "empty")],
    # ---- the build a query reads
    Case("query-no-build", ["query", "lead-agencies", "--build", "{w}/nobuild"], "nobuild"),
    Case("query-corrupt-build", ["query", "lead-agencies", "--build", "{w}/corrupt"], "mandato.trig"),
    Case("query-latin1-build", ["query", "lead-agencies", "--build", "{w}/latin1-build"], "mandato.trig"),
    Case("query-build-is-a-file", ["query", "lead-agencies", "--build", "{w}/afile"], "afile"),
    # ---- options
    *[Case(f"timeout-{verb}-{i}", [*args, "--timeout", v], "--timeout")
      for verb, args in (("query", Q), ("gaps", ["gaps", "--build", "{w}/build"]), ("load", ["load", "--endpoint", "http://127.0.0.1:9/", "--build", "{w}/build"]))
      for i, v in enumerate(["-1", "0", "nan", "inf", "abc", "", "1e999"])],
    Case("format-unknown", [*Q, "--format", "xml"], "--format"),
    Case("command-unknown", ["frobnicate"], "frobnicate"),
    # ---- endpoint URLs, for every remote verb
    *[Case(f"url-{verb}-{i}", [*args, "--endpoint", url], "--endpoint")
      for verb, args in (("query", ["query", "lead-agencies"]), ("gaps", ["gaps"]), ("load", ["load", "--build", "{w}/build"]))
      for i, url in enumerate(BAD_URLS)],
    Case("url-coverage", ["coverage", "--endpoint", "not a url"], "--endpoint"),
    Case("url-reconcile", ["reconcile", "--endpoint", "http://[::1/"], "--endpoint"),
    Case("url-explore", ["explore", "--endpoint", "not a url", "--print-command"], "--endpoint"),
    Case("refused-query", [*N, "--endpoint", "{url}"], "{url}", {"mode": "ok"}),  # server closed: see below
    # ---- endpoint answers
    *[Case(f"answer-{name}", [*N, "--endpoint", "{url}"], "{url}", {"body": body}) for name, body in ANSWERS.items()],
    *[Case(f"status-{code}", [*N, "--endpoint", "{url}"], f"HTTP {code}", {"status": code, "body": b"no"}) for code in (400, 401, 403, 404, 500, 501)],
    Case("answer-garbage", [*N, "--endpoint", "{url}"], "{url}", {"mode": "garbage"}),
    Case("answer-silent", [*N[:-1], "0.5", "--endpoint", "{url}"], "deadline", {"mode": "silent"}),
    *[Case(f"gaps-answer-{name}", ["gaps", "--endpoint", "{url}", "--timeout", "5"], "{url}", {"body": body})
      for name, body in (("empty-object", b"{}"), ("html", b"<html/>"), ("missing-var", ANSWERS["missing-var"]), ("list", b"[]"))],
    Case("gaps-500", ["gaps", "--endpoint", "{url}", "--timeout", "5"], "HTTP 500", {"status": 500, "body": b"no"}),
    Case("gaps-garbage", ["gaps", "--endpoint", "{url}", "--timeout", "5"], "{url}", {"mode": "garbage"}),
    # ---- gaps options
    Case("gaps-country", ["gaps", "--build", "{w}/build", "--country", "XX"], "--country"),
    Case("gaps-country-umlaut", ["gaps", "--build", "{w}/build", "--country", "ÜRY"], "--country"),
    Case("gaps-engine-endpoint", ["gaps", "--engine", "pyshacl", "--endpoint", "http://127.0.0.1:9/"], "--engine"),
    Case("gaps-no-build", ["gaps", "--build", "{w}/nobuild"], "nobuild"),
    Case("gaps-corrupt-build", ["gaps", "--build", "{w}/corrupt"], "mandato.trig"),
    Case("gaps-fail-on", ["gaps", "--build", "{w}/build", "--fail-on", "bogus"], "--fail-on"),
    # ---- load
    Case("load-corrupt-build", ["load", "--endpoint", "{base}", "--build", "{w}/corrupt"], "mandato.trig", {"mode": "ok"}),
    Case("load-no-build", ["load", "--endpoint", "{base}", "--build", "{w}/nobuild"], "nobuild", {"mode": "ok"}),
    Case("load-default-graph-only", ["load", "--endpoint", "{base}", "--build", "{w}/default-only"], "no named graph", {"mode": "ok"}),
    Case("load-latin1-build", ["load", "--endpoint", "{base}", "--build", "{w}/latin1-build"], "mandato.trig", {"mode": "ok"}),
    Case("load-500", ["load", "--endpoint", "{base}", "--build", "{w}/build", "--timeout", "5"], "HTTP 500", {"status": 500, "body": b"no"}),
    Case("load-garbage", ["load", "--endpoint", "{base}", "--build", "{w}/build", "--timeout", "5"], "{base}", {"mode": "garbage"}),
    Case("load-silent", ["load", "--endpoint", "{base}", "--build", "{w}/build", "--timeout", "0.5"], "deadline", {"mode": "silent"}),
    Case("load-build-is-a-file", ["load", "--endpoint", "{base}", "--build", "{w}/afile"], "afile", {"mode": "ok"}),
    # ---- data files given to `build`
    *[Case(f"data-{name}", [*B, f"{{w}}/{name}.ttl"], f"{name}.ttl") for name in (
        "empty", "prefixes-only", "comments-only", "syntax", "unknown-prefix", "iri-space", "iri-brace", "date-feb30", "date-month13",
        "gyear", "datetime", "integer", "boolean", "huge-number", "latin1", "unknown-country", "bom-syntax", "deep", "missing", "conflict")],
    Case("data-folder-named-like-a-country-file", [*B, "{w}/URY.ttl"], "URY.ttl"),
    Case("build-out-is-a-file", ["build", "--no-reason", "--out", "{w}/afile/build", "--data", str(JURISDICTIONS)], "afile"),
    # ---- CSV files given to `import`
    *[Case(f"csv-{name}", [*IMP, f"{{w}}/{name}.csv", "--out", "{w}/out-imports"], f"{name}.csv") for name in (
        "missing-column", "empty", "header-only", "latin1", "bad-year", "fullwidth-year", "old-year", "not-number", "huge-exponent",
        "negative", "above-one", "nan", "infinity", "long-number", "rank-1000", "rank-fraction", "unknown-country", "lowercase-country",
        "duplicate", "cells", "nul", "giant-field", "too-large", "missing")],
    *[Case(f"csv-gtmi-{name}", ["import", "gtmi", f"{{w}}/gtmi-{name}.csv", "--out", "{w}/out-imports"], f"gtmi-{name}.csv") for name in ("above-one", "exponent")],
    Case("csv-folder-without-the-file", [*IMP, "{w}/csvfolder", "--out", "{w}/out-imports"], "csvfolder"),
    Case("import-unknown-dataset", ["import", "nosuch", "{w}/n.rq"], "nosuch"),
    Case("import-bad-date", [*IMP, str(FIXTURES / "reference" / "unegov.csv"), "--date", "2024-02-30", "--out", "{w}/out-imports"], "2024-02-30"),
    Case("import-out-is-a-file", [*IMP, str(FIXTURES / "reference" / "unegov.csv"), "--out", "{w}/afile/imports"], "afile"),
    # ---- publish
    Case("publish-issued-feb30", [*P, "--out", "{w}/out-site", "--issued", "2024-02-30"], "--issued"),
    Case("publish-issued-word", [*P, "--out", "{w}/out-site", "--issued", "yesterday"], "--issued"),
    Case("publish-site-url", [*P, "--out", "{w}/out-site", "--site-url", "not a url"], "--site-url"),
    Case("publish-endpoint-url", [*P, "--out", "{w}/out-site", "--endpoint-url", "ftp://x/"], "--endpoint-url"),
    Case("publish-out-not-a-site", [*P, "--out", "{w}/notasite"], "notasite"),
    Case("publish-out-is-a-file", [*P, "--out", "{w}/afile"], "afile"),
    Case("publish-corrupt-build", ["publish", "--build", "{w}/corrupt", "--out", "{w}/out-site"], "corrupt"),
    Case("publish-previous-missing", [*P, "--out", "{w}/out-site", "--previous", "{w}/no-previous.tsv"], "no-previous.tsv"),
    # ---- coverage, reconcile, explore, fmt
    Case("coverage-timeout", ["coverage", "--endpoint", "http://127.0.0.1:9/", "--timeout", "0"], "--timeout"),
    Case("coverage-corrupt-build", ["coverage", "--build", "{w}/corrupt"], "mandato.trig"),
    Case("coverage-both", ["coverage", "--endpoint", "http://127.0.0.1:9/", "--build", "{w}/build"], "--endpoint"),
    Case("reconcile-corrupt-build", ["reconcile", "--build", "{w}/corrupt"], "mandato.trig"),
    Case("explore-port", ["explore", "--port", "70000", "--build", "{w}/build", "--print-command"], "--port"),
    Case("explore-no-build", ["explore", "--build", "{w}/nobuild", "--print-command"], "nobuild"),
    Case("explore-timeout", ["explore", "--timeout", "-1", "--print-command"], "--timeout"),
    Case("fmt-missing", ["fmt", "--check", "{w}/missing.ttl"], "missing.ttl"),
    Case("fmt-latin1", ["fmt", "--check", "{w}/latin1.ttl"], "latin1.ttl"),
    Case("fmt-syntax", ["fmt", "--check", "{w}/syntax.ttl"], "syntax.ttl"),
    Case("fmt-folder", ["fmt", "--check", "{w}/URY.ttl"], "URY.ttl"),
]


def test_the_corpus_has_at_least_150_cases():
    assert len(CASES) >= 150, len(CASES)
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case, world):
    server = FaultyServer(**case.server) if case.server else None
    if case.id == "refused-query":
        server.close()  # a port nobody listens on any more
    try:
        values = {"w": str(world), "url": server.url if server else "", "base": server.base if server else ""}
        argv = [a.format(**values) for a in case.argv]
        before = snapshot(world)
        code, err = call(argv)
    finally:
        if server and case.id != "refused-query":
            server.close()
    assert "Traceback" not in err, err
    assert code == 2, (code, err)
    assert err.strip(), "no message"
    culprit = case.culprit.format(**values)
    assert culprit in err, f"{culprit!r} not named in: {err}"
    assert snapshot(world) == before, "something under the world changed"


def test_nothing_changes_in_the_repository_build(world):
    """The corpus never writes the repository's own build folder."""
    from mandato.paths import BUILD_DIR

    assert not (BUILD_DIR.parent / STAGING / "build.new").exists()


@pytest.mark.parametrize("argv, culprit", [
    (["query", "lead-agencies", "--param", "country=\udcff"], "argument"),
    (["query", "lead-agencies", "--timeout", "-1"], "--timeout"),
    (["query", "lead-agencies", "--endpoint", "http://[::1/sparql"], "--endpoint"),
    (["load", "--endpoint", "not a url"], "--endpoint"),
])
def test_through_the_real_command(argv, culprit):
    code, _, err = run_cli(*argv)
    assert code == 2 and "Traceback" not in err and culprit in err, err


def test_non_utf8_argument_bytes_from_the_operating_system(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable.encode(), b"-m", b"mandato.cli", b"query", b"lead-agencies", b"--param", b"country=\xff\xfe"],
                          capture_output=True, env={**os.environ, "LC_ALL": "C.UTF-8"}, timeout=120)
    assert done.returncode == 2 and b"Traceback" not in done.stderr and b"not valid UTF-8" in done.stderr


def test_bom_and_crlf_turtle_is_accepted(tmp_path):
    path = tmp_path / "ury.ttl"
    good = (DEMO.read_text(encoding="utf-8")).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + good.encode("utf-8"))
    code, err = call(["build", "--no-reason", "--out", str(tmp_path / "b"), "--data", str(JURISDICTIONS), str(path)])
    assert code == 0, err


def test_debug_shows_the_traceback(world):
    code, err = call(["--debug", "query", "lead-agencies", "--build", f"{world}/corrupt"])
    assert code == 2 and "Traceback" in err and "mandato.trig" in err
    code, err = call(["query", "lead-agencies", "--build", f"{world}/corrupt", "--debug"])
    assert code == 2 and "Traceback" in err


def test_an_unexpected_failure_is_one_line_and_exit_2(monkeypatch, world):
    import mandato.queries

    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(mandato.queries, "bind", broken)
    code, err = call(["query", "lead-agencies", "--build", f"{world}/build"])
    assert code == 2 and "Traceback" not in err
    assert err.strip() == "mandato query: error: internal error: KeyError: 'surprise' (please report it) (run again with --debug to see where)"


# ------------------------------------------------------------------------------------------ generated
SLOW = settings(max_examples=int(os.environ.get("MANDATO_HYPOTHESIS_EXAMPLES", "40")), deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SLOW
@given(country=st.text(max_size=12), as_of=st.text(max_size=14))
def test_generated_parameters(world, country, as_of):
    code, err = call(["query", "lead-agencies", "--build", f"{world}/build", "--param", f"country={country}", "--param", f"asOf={as_of}", "--format", "csv"])
    assert "Traceback" not in err
    assert code in (0, 2), err
    if code == 2:
        assert "country" in err or "asOf" in err or "argument" in err or "parameter" in err, err


NUMBER = st.one_of(st.text(max_size=20), st.floats(allow_nan=True, allow_infinity=True).map(repr),
                   st.decimals(allow_nan=True, allow_infinity=True).map(str), st.integers().map(str),
                   st.from_regex(r"-?\d{1,3}(\.\d{1,40})?([eE][+-]?\d{1,12})?", fullmatch=True))


@SLOW
@given(cell=NUMBER, year=st.one_of(st.just("2022"), st.text(max_size=6)), country=st.one_of(st.just("URY"), st.text(max_size=4)))
def test_generated_csv_cells(world, cell, year, country):
    folder = world / "gen-csv"
    folder.mkdir(exist_ok=True)
    csv = folder / "unegov.csv"
    quoted = '"' + cell.replace('"', '""') + '"'
    csv.write_text(UNEGOV_HEADER + f"{country.replace(',', '')},Uruguay,{year.replace(',', '')},35,{quoted},0.5,0.7,0.8,0.8\n", encoding="utf-8", errors="surrogatepass")
    out = world / "gen-imports"
    before = snapshot(out) if out.exists() else {}
    code, err = call(["import", "unegov", str(csv), "--out", str(out)])
    assert "Traceback" not in err
    assert code in (0, 2), err
    if code == 2:
        assert "unegov.csv" in err, err
        assert (snapshot(out) if out.exists() else {}) == before
    else:
        text = (out / "unegov.ttl").read_text(encoding="utf-8")
        assert len(text) < 200_000  # never a gigantic expansion
        shutil.rmtree(out)


FRAGMENT = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(["body:URY-zz", "md:x", "a", "md:PublicOrganisation", ";", ",", ".", "[", "]", "(", ")", '"2015-02-30"^^xsd:date',
                              '"x"@es', "<http://exa mple/>", "<urn:x{y}>", "country:URY", "country:XXX", "_:b", "1e999999", "\"\"\"", "#", "\n",
                              '"1e999999999"^^xsd:decimal', "@prefix", "nope:x", "true", "-5", "\\u0000"]), max_size=14).map(" ".join),
)


@SLOW
@given(fragment=FRAGMENT)
def test_generated_turtle_fragments(world, fragment):
    folder = world / "gen-ttl"
    folder.mkdir(exist_ok=True)
    path = folder / "fragment.ttl"
    path.write_text(PREFIXES + fragment + "\n", encoding="utf-8", errors="surrogatepass")
    code, err = call(["build", "--no-reason", "--out", str(world / "gen-build"), "--data", str(JURISDICTIONS), str(path)])
    assert "Traceback" not in err
    assert code in (0, 2), err
    if code == 2:
        assert "fragment.ttl" in err or "integrity violation" in err, err
    shutil.rmtree(world / "gen-build", ignore_errors=True)


JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["head", "vars", "results", "bindings", "n", "type", "value", "boolean", "datatype", "xml:lang", "x"]), inner, max_size=4)),
    max_leaves=20,
)


@SLOW
@given(status=st.sampled_from([200, 200, 200, 201, 204, 301, 400, 404, 429, 500, 502, 503]), body=st.one_of(JSON_VALUE.map(lambda v: __import__("json").dumps(v).encode()), st.binary(max_size=64)))
def test_generated_endpoint_responses(world, status, body):
    with FaultyServer("ok", status=status, body=body) as server:
        code, err = call(["query", f"{world}/n.rq", "--endpoint", server.url, "--timeout", "2"])
    assert "Traceback" not in err
    assert code in (0, 2), err
    if code == 2:
        assert server.url in err, err
