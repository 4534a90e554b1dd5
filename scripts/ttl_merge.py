"""A git merge driver for Mandato's Turtle files: a three-way merge of triples, not of lines.

Two curators who add facts to the same country file touch neighbouring lines of its canonical form,
which a line merge reports as a conflict although the triples do not clash. This driver takes the
base, ours and theirs versions, keeps every triple that both sides kept, adds every triple either
side added, drops every triple either side removed, and writes the result in canonical form. A real
clash (say both sides gave one assessment different statuses) survives as two values, which
`mandato validate` then reports with the file and line.

Enable it once per clone:

    git config merge.rdf.name "Mandato triple-level merge"
    git config merge.rdf.driver ".venv/bin/python scripts/ttl_merge.py %O %A %B"

(.gitattributes already routes *.ttl to it). Exit 1, leaving ours untouched, when a version does not parse.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import BNode, Graph


def _parse(path: str) -> Graph | None:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # a broken side: let git report a conflict
        sys.stderr.write(f"ttl_merge: {path}: {exc}\n")
        return None
    return graph


def merge(base: Graph, ours: Graph, theirs: Graph) -> Graph:
    if any(isinstance(term, BNode) for g in (base, ours, theirs) for triple in g for term in triple):
        raise ValueError("blank nodes cannot be merged triple by triple")
    b, o, t = set(base), set(ours), set(theirs)
    merged = (o | t) - ((b - o) | (b - t))
    out = Graph()
    for prefix, namespace in ours.namespaces():
        out.bind(prefix, namespace)
    for triple in merged:
        out.add(triple)
    return out


def main(argv: list[str]) -> int:
    base_path, ours_path, theirs_path = argv[1:4]
    graphs = [_parse(p) for p in (base_path, ours_path, theirs_path)]
    if any(g is None for g in graphs):
        return 1
    try:
        merged = merge(*graphs)
    except ValueError as exc:
        sys.stderr.write(f"ttl_merge: {ours_path}: {exc}\n")
        return 1
    from mandato.rdfio import canonical_turtle

    Path(ours_path).write_text(canonical_turtle(merged), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
