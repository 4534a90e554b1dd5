"""Content negotiation: one set of rules, written as Apache configuration for the site and for
w3id.org, and evaluated in Python for local previews and tests.

Every negotiated resource is published in the representations of ``layout.REPRESENTATIONS`` (HTML,
Turtle, JSON-LD, N-Triples, RDF/XML). The choice follows RFC 9110 section 12.5.1:

- the quality of a representation is the q of the most specific media range of the Accept header
  that matches its media type (``text/turtle`` over ``text/*`` over ``*/*``); a range without q
  has q=1, except that when the header carries no q at all, ``*/*`` counts 0.01 and ``type/*`` 0.02
  (Apache mod_negotiation's rule for browsers that send ``*/*`` alongside what they want);
- the representation with the highest quality wins; ties go to the server's order of preference
  (the order of ``layout.REPRESENTATIONS``, HTML first);
- when nothing offered is acceptable (every q is 0), or there is no Accept header, the HTML page
  is served (RFC 9110 allows the server to disregard the header rather than answer 406).

The same steps are rendered as mod_rewrite rules (``RewriteCond`` on ``%{HTTP_ACCEPT}`` set one
environment variable per representation; ``RewriteCond expr`` compares them; q-values are
normalised by the regular expression so that comparing them as strings is comparing numbers) and
run by ``choose`` in Python with the very same regular expressions. Apache is the reference: the
tests serve a published site with Debian's apache2 and require the Python preview server to give
the same answers.

Two .htaccess files are generated from one route table:
- ``w3id/mandato/.htaccess`` (for github.com/perma-id/w3id.org): 303 redirects from
  https://w3id.org/mandato/<path> to the file of the site that suits the Accept header;
- ``.htaccess`` at the site root: the same choice as an internal rewrite, for an Apache that serves
  the site with ``AllowOverride FileInfo Indexes`` (see docs/hosting.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import FILE_TYPES, REPRESENTATIONS

#: a q-value (RFC 9110 section 12.4.2), captured without trailing zeros ("0.500" -> "0.5", "1.0" -> "1")
_QVALUE = r"(1|0(?:\.\d{0,2}[1-9])?)(?:\.?0{0,3})?(?=\s*(?:[;,]|$))"
#: the parameters of a media range before its q (e.g. ;charset=utf-8)
_PARAMS = r"(?:;(?!\s*q\s*=)[^;,]*)*"
_ANY_Q = r";\s*q\s*="
#: variable names used by the rules (env: MD_Q_<ext> per representation, MD_EXT the choice)
QUALITY_VAR = "MD_Q_"
CHOICE_VAR = "MD_EXT"
BEST_VAR = "MD_QB"


@dataclass(frozen=True)
class Step:
    """Set the quality of ``targets`` when ``pattern`` matches the Accept header (case-insensitively).

    ``value`` is the q to set; None means the q captured by the pattern. ``header_has_q``: the step
    applies only when the header has (True) or has not (False) some q parameter; None: always.
    """

    pattern: str
    targets: tuple[str, ...]
    value: str | None = None
    header_has_q: bool | None = None


def _range_regex(media_range: str) -> str:
    return r"(?:^|,)\s*" + re.escape(media_range) + r"\s*" + _PARAMS


def _covered(media_range: str) -> tuple[str, ...]:
    """The representations a media range matches."""
    kind, _, sub = media_range.partition("/")
    return tuple(
        ext for ext, media in REPRESENTATIONS.items() if media_range == "*/*" or media == media_range or (sub == "*" and media.split("/")[0] == kind)
    )


def _ranges() -> list[str]:
    """The media ranges that matter, least specific first (a later step overrides an earlier one)."""
    kinds = sorted({media.split("/")[0] for media in REPRESENTATIONS.values()})
    return ["*/*", *(f"{kind}/*" for kind in kinds), *REPRESENTATIONS.values()]


def steps() -> list[Step]:
    """The ordered steps that set the q of each representation."""
    out = []
    for media_range in _ranges():
        targets = _covered(media_range)
        base = _range_regex(media_range)
        out.append(Step(base + _ANY_Q + r"\s*" + _QVALUE, targets))
        plain = base + r"\s*(?:,|$)"
        if media_range.endswith("/*"):
            out.append(Step(plain, targets, "0.01" if media_range == "*/*" else "0.02", header_has_q=False))
            out.append(Step(plain, targets, "1", header_has_q=True))
        else:
            out.append(Step(plain, targets, "1"))
    return out


def _acceptable(q: str | None) -> bool:
    return bool(q) and (q == "1" or q.startswith("0."))


def qualities(accept: str | None) -> dict[str, str]:
    """The normalised q of each representation (missing: not acceptable), as the rules compute it."""
    header = accept or ""
    has_q = re.search(_ANY_Q, header, re.IGNORECASE) is not None
    values: dict[str, str] = {}
    for step in steps():
        if step.header_has_q is not None and step.header_has_q != has_q:
            continue
        match = re.search(step.pattern, header, re.IGNORECASE)
        if not match:
            continue
        value = step.value if step.value is not None else match.group(1)
        for ext in step.targets:
            values[ext] = value
    return values


def choose(accept: str | None) -> str:
    """The extension of the representation to serve for this Accept header."""
    values = qualities(accept)
    exts = list(REPRESENTATIONS)
    best, best_q = exts[0], values.get(exts[0], "")
    for ext in exts[1:]:
        q = values.get(ext, "")
        if _acceptable(q) and q > best_q:
            best, best_q = ext, q
    return best


# ------------------------------------------------------------------------------------ routes
#: (pattern on the path below the base, target without extension, negotiated?)
ROUTES = (
    (r"^(id|vocab|dumps|release|id/[^/]+)/?$", "$1/index", False),
    (r"^$", "index", True),
    (r"^(ontology|shapes|vocab/[^/]+)/?$", "$1/index", True),
    (r"^\.well-known/void$", "void", True),
    (r"^(.+?)/?$", "$1", True),
)
EXPLICIT_FILE = r"^(.+\.(?:" + "|".join(sorted(FILE_TYPES)) + r"))$"


def route(path: str) -> tuple[str, bool] | None:
    """(file path without extension, negotiated?) for a path below the base, as the rules map it."""
    for pattern, target, negotiated in ROUTES:
        match = re.search(pattern, path)
        if match:
            return re.sub(r"\$(\d)", lambda m: match.group(int(m.group(1))) or "", target), negotiated
    return None


def _negotiation_rules() -> list[str]:
    lines = [
        "# Content negotiation: the q of each representation from the Accept header (RFC 9110 12.5.1),",
        f"# in {QUALITY_VAR}<ext>; the most specific media range wins, so the steps go from */* to the exact type.",
    ]
    for step in steps():
        if step.header_has_q is not None:
            lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {'' if step.header_has_q else '!'}{_ANY_Q} [NC]")
        lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {step.pattern} [NC]")
        value = step.value if step.value is not None else "%1"
        flags = ",".join(f"E={QUALITY_VAR}{ext}:{value}" for ext in step.targets)
        lines.append(f"RewriteRule ^ - [{flags}]")
    exts = list(REPRESENTATIONS)
    lines += [
        f"# The choice, in {CHOICE_VAR}: the highest q (compared as normalised strings); ties go to the first in",
        f"# the order {', '.join(exts)}; HTML when nothing offered is acceptable.",
        f"RewriteRule ^ - [E={CHOICE_VAR}:{exts[0]},E={BEST_VAR}:%{{ENV:{QUALITY_VAR}{exts[0]}}}]",
    ]
    for ext in exts[1:]:
        lines += [
            f"RewriteCond %{{ENV:{QUALITY_VAR}{ext}}} ^(?:1|0\\.)",
            f'RewriteCond expr "%{{reqenv:{QUALITY_VAR}{ext}}} > %{{reqenv:{BEST_VAR}}}"',
            f"RewriteRule ^ - [E={CHOICE_VAR}:{ext},E={BEST_VAR}:%{{ENV:{QUALITY_VAR}{ext}}}]",
        ]
    return lines


def _route_rules(target_prefix: str, redirect: bool) -> tuple[list[str], list[str]]:
    """(rules for the pages that are not negotiated, rules for the negotiated ones)."""
    end = "[R=303,L]" if redirect else "[END]"
    fixed, negotiated = [], []
    for pattern, target, is_negotiated in ROUTES:
        if is_negotiated:
            negotiated.append(f"RewriteRule {pattern} {target_prefix}{target}.%{{ENV:{CHOICE_VAR}}} {end}")
        else:
            fixed.append(f"RewriteRule {pattern} {target_prefix}{target}.html {end}")
    return fixed, negotiated


def _media_types() -> list[str]:
    """AddType lines: text types carry their charset; .gz files (dumps) stay application/gzip."""
    lines = []
    for ext, media in sorted(FILE_TYPES.items()):
        value = f'"{media}; charset=utf-8"' if media.startswith("text/") else media
        lines.append(f"AddType {value} .{ext}")
    return lines


def w3id_htaccess(site_url: str, version: str) -> str:
    """The .htaccess for the mandato/ folder of github.com/perma-id/w3id.org."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    fixed, negotiated = _route_rules(site_url, redirect=True)
    lines = [
        "# https://w3id.org/mandato/ : Mandato, an open knowledge graph of who governs digital government",
        "# in Latin America and the Caribbean.",
        f"# Generated by `mandato publish` (version {version}); redirects to the static site {site_url}",
        f"# 303 See Other to the representation that suits the Accept header: {_summary()}.",
        "",
        "Options +FollowSymLinks",
        "<IfModule mod_headers.c>",
        f'Header always merge Vary Accept "expr=-n %{{reqenv:{CHOICE_VAR}}}"',
        "</IfModule>",
        "RewriteEngine on",
        "",
        "# Files asked for by name are where they are",
        f"RewriteRule {EXPLICIT_FILE} {site_url}$1 [R=302,L]",
        "# Folder listings (HTML only)",
        *fixed,
        "",
        *_negotiation_rules(),
        "",
        *negotiated,
    ]
    return "\n".join(lines) + "\n"


def site_htaccess(base_path: str, version: str) -> str:
    """The .htaccess at the root of the site, for sites served by Apache (internal rewrites)."""
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    fixed, negotiated = _route_rules("", redirect=False)
    lines = [
        f"# Mandato static site: content negotiation (generated by `mandato publish`, version {version}).",
        f"# {_summary()}.",
        "# Needs mod_rewrite and `AllowOverride FileInfo Indexes` (mod_headers adds Vary: Accept); see docs/hosting.md.",
        "",
        "DirectoryIndex index.html",
        "DirectorySlash Off",
        *_media_types(),
        "RemoveEncoding .gz",
        f"ErrorDocument 404 {base_path}404.html",
        "<IfModule mod_headers.c>",
        f'Header always merge Vary Accept "expr=-n %{{reqenv:REDIRECT_{CHOICE_VAR}}}"',
        "</IfModule>",
        "",
        "RewriteEngine On",
        f"RewriteBase {base_path}",
        "",
        "# Files asked for by name are served as they are",
        "RewriteCond %{REQUEST_FILENAME} -f",
        "RewriteRule ^ - [END]",
        "# Folder listings (HTML only)",
        *fixed,
        "",
        *_negotiation_rules(),
        "",
        *negotiated,
    ]
    return "\n".join(lines) + "\n"


def _summary() -> str:
    return ", ".join(f"{media} -> .{ext}" for ext, media in REPRESENTATIONS.items()) + " (highest q wins; HTML by default)"
