"""User-facing errors: each names the file and line (or row, or IRI) and maps to an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2


class MandatoError(Exception):
    """An error caused by the user's input or invocation; printed without a traceback, exit 2."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, iri: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.iri = iri

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        suffix = f" ({self.iri})" if self.iri and self.iri not in self.message else ""
        return f"{where}{self.message}{suffix}"


class InputError(MandatoError):
    """Malformed or inconsistent input data."""


class UsageError(MandatoError):
    """Wrong arguments, unknown query, bad parameter value."""


class EndpointError(MandatoError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""
