"""A small HTTP server on 127.0.0.1 that answers like Apache with the site's two .htaccess files:
the site at /, and w3id.org/mandato/ (its 303 redirects to the site URL) under /w3id/mandato/.

It applies the route table and the negotiation of ``negotiation`` (the same rules the .htaccess
files are generated from); the tests require it to answer the conneg table exactly as Debian's
Apache does with the generated files (tests/test_conneg.py), so a local preview shows what the
deployed site will do.

Preview a site:  python -m mandato.publish.preview SITE_DIR [--port 8000]
"""

from __future__ import annotations

import argparse
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .layout import FILE_TYPES
from .negotiation import EXPLICIT_FILE, choose, route

W3ID_PREFIX = "/w3id/mandato/"


@dataclass
class Outcome:
    status: int
    location: str | None = None
    file: Path | None = None
    headers: dict[str, str] = field(default_factory=dict)


def media_type(name: str) -> str:
    """The Content-Type the site's .htaccess gives a file (the last known extension wins, as in mod_mime)."""
    media = "application/octet-stream"
    for ext in name.split(".")[1:]:
        media = FILE_TYPES.get(ext, media)
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


def site_url_of(site: Path) -> str:
    """The site URL the w3id rules redirect to (the target of their first rule)."""
    text = (Path(site) / "w3id" / "mandato" / ".htaccess").read_text(encoding="utf-8")
    match = re.search(r"^RewriteRule \S+ (\S+)\$1 \[R=302,L\]$", text, re.MULTILINE)
    if not match:
        raise ValueError(f"{site}/w3id/mandato/.htaccess has no rule for explicit files")
    return match.group(1)


class Resolver:
    """Answers (path, Accept) for a published site."""

    def __init__(self, root: Path, site_url: str | None = None) -> None:
        self.root = Path(root).resolve()
        self.site_url = site_url or site_url_of(self.root)

    def resolve(self, url_path: str, accept: str | None = None) -> Outcome:
        path = urllib.parse.unquote(url_path.split("?", 1)[0])
        if ".." in path.split("/"):
            return Outcome(400)
        if path.rsplit("/", 1)[-1].startswith(".ht"):
            return Outcome(403)  # Debian's apache2.conf: <FilesMatch "^\.ht"> Require all denied
        if path.startswith(W3ID_PREFIX):
            return self._w3id(path[len(W3ID_PREFIX):], accept)
        return self._site(path.lstrip("/"), accept)

    def _w3id(self, rest: str, accept: str | None) -> Outcome:
        if re.search(EXPLICIT_FILE, rest):
            return Outcome(302, location=self.site_url + rest)
        target, negotiated = route(rest)
        ext = choose(accept) if negotiated else "html"
        return Outcome(303, location=f"{self.site_url}{target}.{ext}", headers={"Vary": "Accept"} if negotiated else {})

    def _site(self, rel: str, accept: str | None) -> Outcome:
        path = self.root / rel
        if rel and path.is_file():
            return self._file(path)
        target, negotiated = route(rel)
        ext = choose(accept) if negotiated else "html"
        vary = {"Vary": "Accept"} if negotiated else {}
        file = self.root / f"{target}.{ext}"
        if file.is_file():
            outcome = self._file(file)
            outcome.headers.update(vary)
            return outcome
        return Outcome(404, file=self.root / "404.html", headers={"Content-Type": media_type("404.html")})

    def _file(self, path: Path) -> Outcome:
        return Outcome(200, file=path, headers={"Content-Type": media_type(path.name)})


class PreviewServer:
    """A threaded HTTP server on 127.0.0.1 that serves a site through ``Resolver``."""

    def __init__(self, root: Path, port: int = 0, site_url: str | None = None) -> None:
        resolver = Resolver(root, site_url)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                self._answer(body=True)

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer(body=False)

            def _answer(self, body: bool) -> None:
                outcome = resolver.resolve(self.path, self.headers.get("Accept"))
                data = outcome.file.read_bytes() if outcome.file and outcome.file.is_file() else b""
                self.send_response(outcome.status)
                for name, value in outcome.headers.items():
                    self.send_header(name, value)
                if outcome.location:
                    self.send_header("Location", outcome.location)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def log_message(self, *args) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "PreviewServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - manual preview
    parser = argparse.ArgumentParser(description="Serve a published Mandato site on 127.0.0.1 as Apache would with its .htaccess files.")
    parser.add_argument("site")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    with PreviewServer(Path(args.site), args.port) as server:
        print(f"serving {args.site} at {server.url}/ (w3id rules under {server.url}{W3ID_PREFIX}); Ctrl-C stops")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":  # pragma: no cover
    main()
