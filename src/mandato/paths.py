"""Where things live: one source of truth for the layout.

The ontology, shapes, stored queries, explorer and committed data ship inside the package, in
``mandato/_resources/``. In a source checkout that folder holds symbolic links to the repository's
``ontology/``, ``shapes/``, ``queries/``, ``data/`` and ``explorer/``; in a built wheel it holds the
files themselves. ``ROOT`` is the folder that holds them: the repository in a checkout, the
``_resources`` folder of an installed package (``MANDATO_HOME`` overrides it).

Outputs are relative to the current folder: ``build/`` (or ``MANDATO_BUILD``). Nothing here refers
to a folder beside the checkout; public datasets are read from a path or URL given on the command
line (``mandato import``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES = PACKAGE_DIR / "_resources"


def _find_root() -> Path:
    env = os.environ.get("MANDATO_HOME")
    if env:
        return Path(env).resolve()
    # in a checkout _resources/ontology is a link to <repository>/ontology; in a wheel, a folder
    return (RESOURCES / "ontology").resolve().parent


ROOT = _find_root()
#: the repository, when running from a source checkout (None for an installed package)
CHECKOUT = ROOT if (ROOT / "pyproject.toml").is_file() else None
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_DIR = ROOT / "shapes"
DATA_DIR = ROOT / "data"
COUNTRIES_DIR = DATA_DIR / "countries"
INDICATORS_DIR = DATA_DIR / "indicators"
SUBNATIONAL_DIR = DATA_DIR / "subnational"
QUERIES_DIR = ROOT / "queries"
QC_DIR = QUERIES_DIR / "qc"
EXPLORER_DIR = ROOT / "explorer"
BUILD_DIR = Path(os.environ.get("MANDATO_BUILD", "build"))
IMPORTS_DIR = BUILD_DIR / "imports"
#: the released IRI lists: committed in the repository; in the current folder for an installed package
RELEASES_DIR = (CHECKOUT or Path.cwd()) / "releases"
BUILD_TRIG = "mandato.trig"
BUILD_MANIFEST = "manifest.json"
BUILD_GAPS = "gaps.json"

INTEGRITY_SHAPES = ("prefixes.ttl", "integrity.ttl")
GAP_SHAPES = ("prefixes.ttl", "gaps.ttl")


def read_project_version() -> str:
    path = ROOT / "pyproject.toml"
    if not path.is_file():
        return "0.0.0"
    match = re.search(r'^version\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else "0.0.0"


def relative(path: Path) -> str:
    """A path as users see it: relative to the repository (or the packaged resources) when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
