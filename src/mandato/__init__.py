"""Mandato: an open knowledge graph of who governs digital government in Latin America and the Caribbean."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("mandato")
except PackageNotFoundError:  # running from a source tree that was not installed
    from .paths import read_project_version

    __version__ = read_project_version()
