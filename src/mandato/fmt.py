"""`mandato fmt`: canonical Turtle (rdflib longturtle, canonical prefixes) for committed .ttl files.

A file's leading comment block (a header such as the provenance line of a generated import) is kept
above the canonical Turtle; comments elsewhere are not.
"""

from __future__ import annotations

from pathlib import Path

from .paths import DATA_DIR, ONTOLOGY_DIR, SHAPES_DIR, relative
from .rdfio import canonical_turtle, parse_turtle


def committed_turtle_files() -> list[Path]:
    files = []
    for folder in (ONTOLOGY_DIR, SHAPES_DIR, DATA_DIR):
        files += sorted(Path(folder).rglob("*.ttl"))
    return files


def format_files(paths: list[Path], check: bool = False) -> list[str]:
    """Rewrite files canonically (or, with check, only list those that are not). Returns changed names.

    Every file is parsed first; if any fails, nothing is written.
    """
    parsed = [parse_turtle(p) for p in paths]
    changed = []
    pending = []
    for source in parsed:
        text = leading_comments(source.text) + canonical_turtle(source.graph)
        if text != source.text:
            changed.append(relative(source.path))
            pending.append((source.path, text))
    if not check:
        for path, text in pending:
            tmp = Path(str(path) + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
    return changed


def leading_comments(text: str) -> str:
    """The comment lines at the top of a file, followed by one blank line ('' when there are none)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n\n" if lines else ""
