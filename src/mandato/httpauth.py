"""HTTP authentication for writing to a triple store: Basic and Digest (RFC 7617, RFC 7616), with the
credentials given on the command line or found in ~/.netrc (or $NETRC) for the server's host.

Virtuoso's authenticated endpoints (/sparql-auth, /sparql-graph-crud-auth) use Digest. A Digest
challenge is fetched first with a request that has no body (a GET of the same URL), so a large
upload is sent once, with its Authorization header, instead of being cut off by the 401.
"""

from __future__ import annotations

import base64
import hashlib
import netrc
import os
import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import UsageError


@dataclass
class Credentials:
    user: str
    password: str = field(repr=False)


def credentials_for(url: str, user: str | None = None, password: str | None = None) -> Credentials | None:
    """--user/--password, else the netrc entry of the URL's host, else None (anonymous)."""
    if user is not None or password is not None:
        if not user or password is None:
            raise UsageError("give both --user and --password (or put the credentials in ~/.netrc)")
        return Credentials(user, password)
    host = urlsplit(url).hostname or ""
    path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise UsageError(f"cannot read the credentials in {path}: {exc}") from None
    if entry is None:
        return None
    login, _account, secret = entry
    return Credentials(login or "", secret or "")


_PARAM = re.compile(r'(\w+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]+)')


def parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    """('digest'|'basic', parameters) of a WWW-Authenticate header (the first scheme offered)."""
    scheme, _, rest = header.strip().partition(" ")
    params = {k.lower(): v[1:-1].replace('\\"', '"') if v.startswith('"') else v for k, v in _PARAM.findall(rest)}
    return scheme.lower(), params


class Authenticator:
    """Computes the Authorization header of each request from the server's last challenge."""

    def __init__(self, credentials: Credentials) -> None:
        self.credentials = credentials
        self.scheme: str | None = None
        self.params: dict[str, str] = {}
        self.count = 0

    def challenged(self, header: str) -> None:
        self.scheme, self.params = parse_challenge(header)
        self.count = 0
        if self.scheme not in ("basic", "digest"):
            raise UsageError(f"the server asks for {self.scheme or 'an unknown'} authentication; Mandato speaks Basic and Digest")

    @property
    def ready(self) -> bool:
        return self.scheme is not None

    def header(self, method: str, url: str) -> str:
        user, password = self.credentials.user, self.credentials.password
        if self.scheme == "basic":
            return "Basic " + base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        parts = urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        realm, nonce = self.params.get("realm", ""), self.params.get("nonce", "")
        algorithm = self.params.get("algorithm", "MD5")
        digest = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}.get(algorithm.upper().replace("-SESS", ""))
        if digest is None:
            raise UsageError(f"the server asks for Digest with {algorithm}; Mandato speaks MD5 and SHA-256")

        def h(text: str) -> str:
            return digest(text.encode("utf-8")).hexdigest()

        cnonce = secrets.token_hex(8)
        ha1 = h(f"{user}:{realm}:{password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        qops = [q.strip() for q in self.params.get("qop", "").split(",") if q.strip()]
        self.count += 1
        nc = f"{self.count:08x}"
        if "auth" in qops:
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            extra = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")
            extra = ""
        opaque = f', opaque="{self.params["opaque"]}"' if "opaque" in self.params else ""
        return (
            f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", algorithm={algorithm}, '
            f'response="{response}"{extra}{opaque}'
        )
