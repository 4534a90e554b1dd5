"""Where things live: one source of truth for the repository layout."""

from __future__ import annotations

import os
import re
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("MANDATO_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in [Path.cwd(), *Path.cwd().parents, *here.parents]:
        if (parent / "pyproject.toml").is_file() and (parent / "ontology").is_dir():
            return parent
    return here.parents[2]


ROOT = _find_root()
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_DIR = ROOT / "shapes"
DATA_DIR = ROOT / "data"
COUNTRIES_DIR = DATA_DIR / "countries"
SUBNATIONAL_DIR = DATA_DIR / "subnational"
QUERIES_DIR = ROOT / "queries"
QC_DIR = QUERIES_DIR / "qc"
EXPLORER_DIR = ROOT / "explorer"
BUILD_DIR = Path(os.environ.get("MANDATO_BUILD", ROOT / "build"))
IMPORTS_DIR = BUILD_DIR / "imports"
BUILD_TRIG = "mandato.trig"
BUILD_MANIFEST = "manifest.json"
BUILD_GAPS = "gaps.json"
REFERENCE_DATA_DIR = ROOT.parent / "shared" / "reference-data"

INTEGRITY_SHAPES = ("prefixes.ttl", "integrity.ttl")
GAP_SHAPES = ("prefixes.ttl", "gaps.ttl")


def read_project_version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "0.0.0"


def relative(path: Path) -> str:
    """A path as users see it: relative to the repository when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
