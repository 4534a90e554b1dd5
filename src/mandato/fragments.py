"""Query fragments: one definition of each time-dependent concept, shared by queries and shapes.

Whether an instrument is in force, or a mandate or strategy holds, on a date is derived from the
dates recorded, at query time (never stored). Each derivation is written once, as a fragment in
queries/fragments/NAME.rq whose header declares its signature:

    # fragment: in-force
    # signature: ?law ?at -> ?status

and is used in a stored query or a SPARQL-based shape by an include line:

    INCLUDE in-force(?law, ?param_asOf, ?law_status)

`expand` replaces the include by the fragment's graph pattern with the signature's variables renamed
to the caller's, and the fragment's own variables (spelled ?_name) renamed apart per include, so a
query can include the same fragment twice. INCLUDE is not SPARQL: a query that was not expanded
fails to parse instead of silently answering something else.

An input may also be given as a value rather than a variable bound elsewhere in the query, because
SPARQL evaluates OPTIONAL, UNION and sub-query groups bottom-up: a BIND inside them cannot see a
variable bound outside. So:
- a query parameter (?param_asOf) bound when the query runs is written into the fragment as its typed
  literal (the same validated term the VALUES block binds; no user text is pasted);
- the word TODAY stands for the current date, `STRDT(SUBSTR(STR(NOW()), 1, 10), xsd:date)`, which is what
  the shapes use: they judge the data as of the day they run.

A fragment may itself include other fragments (coverage includes higher-tier-law, which includes in-force,
and higher-tier-solution, which includes operating): they are expanded when the fragments are read, with the including fragment's
variables as arguments, and a cycle is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .errors import UsageError
from .paths import QUERIES_DIR, relative

FRAGMENTS_DIR = QUERIES_DIR / "fragments"
_INCLUDE = re.compile(r"\bINCLUDE\s+([a-z][a-z0-9-]*)\s*\(([^()]*)\)", re.IGNORECASE)
_VAR = r"[?$][A-Za-z_][A-Za-z0-9_]*"
TODAY = "STRDT(SUBSTR(STR(NOW()), 1, 10), xsd:date)"
_SIGNATURE = re.compile(r"^#\s*signature\s*:\s*(.+?)\s*->\s*(.+?)\s*$", re.MULTILINE)
_INTERNAL = re.compile(r"\?(_[A-Za-z0-9_]+)\b")


@dataclass(frozen=True)
class Fragment:
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    body: str
    path: Path

    @property
    def signature(self) -> tuple[str, ...]:
        return self.inputs + self.outputs


def _variables(text: str, path: Path) -> tuple[str, ...]:
    names = tuple(text.split())
    for name in names:
        if not re.fullmatch(_VAR, name):
            raise UsageError(f"fragment signature: {name!r} is not a variable", file=relative(path))
    return tuple(n[1:] for n in names)


def parse_fragment(path: Path) -> Fragment:
    text = Path(path).read_text(encoding="utf-8")
    match = _SIGNATURE.search(text)
    if not match:
        raise UsageError("a fragment needs a '# signature: ?in ... -> ?out ...' header line", file=relative(path), line=1)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).strip()
    return Fragment(Path(path).stem, _variables(match.group(1), path), _variables(match.group(2), path), body, Path(path))


@lru_cache(maxsize=None)
def _fragments(directory: str) -> dict[str, Fragment]:
    parsed = {p.stem: parse_fragment(p) for p in sorted(Path(directory).glob("*.rq"))}
    resolved: dict[str, Fragment] = {}

    def resolve(name: str, stack: tuple[str, ...]) -> Fragment:
        if name in resolved:
            return resolved[name]
        if name in stack:
            raise UsageError(f"fragments include each other in a cycle: {' -> '.join((*stack, name))}")
        fragment = parsed[name]
        if "INCLUDE" in fragment.body.upper():
            lookup = {n: (lambda n=n: resolve(n, (*stack, name))) for n in parsed}
            body = _expand(fragment.body, lookup, f"fragment {relative(fragment.path)}", {})
            fragment = replace(fragment, body=body)
        resolved[name] = fragment
        return fragment

    return {name: resolve(name, ()) for name in parsed}


def fragments(directory: Path = FRAGMENTS_DIR) -> dict[str, Fragment]:
    return _fragments(str(directory))


def _instantiate(fragment: Fragment, args: list[str], serial: int, constants: dict[str, str]) -> str:
    mapping = {}
    for name, arg in zip(fragment.signature, args):
        if arg.upper() == "TODAY":
            mapping[name] = f"({TODAY})"
        elif arg[1:] in constants and name in fragment.inputs:
            mapping[name] = constants[arg[1:]]
        else:
            mapping[name] = "?" + arg[1:]
    body = _INTERNAL.sub(lambda m: f"?{m.group(1)}_{serial}", fragment.body)

    def rename(match: re.Match) -> str:
        name = match.group(0)[1:]
        return mapping.get(name, match.group(0))

    return re.sub(_VAR + r"\b", rename, body)


def expand(text: str, directory: Path = FRAGMENTS_DIR, where: str = "query", constants: dict[str, str] | None = None) -> str:
    """The text with every INCLUDE replaced by its fragment (unchanged when there is none).

    ``constants`` maps variable names (without '?') to SPARQL terms written in place of an input
    given as that variable.
    """
    if "INCLUDE" not in text.upper():
        return text
    known = fragments(directory)
    return _expand(text, {name: (lambda f=f: f) for name, f in known.items()}, where, constants or {})


def _expand(text: str, lookup: dict, where: str, constants: dict[str, str]) -> str:
    serial = 0

    def substitute(match: re.Match) -> str:
        nonlocal serial
        name, raw_args = match.group(1).lower(), match.group(2)
        if name not in lookup:
            raise UsageError(f"{where}: unknown fragment {name!r} in INCLUDE (fragments: {', '.join(sorted(lookup)) or 'none'})")
        fragment = lookup[name]()
        args = [a.strip() for a in raw_args.split(",") if a.strip()]
        if len(args) != len(fragment.signature) or not all(re.fullmatch(_VAR, a) or a.upper() == "TODAY" for a in args):
            wanted = ", ".join("?" + v for v in fragment.signature)
            raise UsageError(f"{where}: INCLUDE {name} takes {len(fragment.signature)} variables ({wanted}), got ({raw_args.strip()})")
        serial += 1
        return "\n" + _instantiate(fragment, args, serial, constants) + "\n"

    return _INCLUDE.sub(substitute, text)
