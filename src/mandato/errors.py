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


def describe_failure(exc: BaseException) -> tuple[str, int]:
    """One line (or a MandatoError's own lines) for any failure, naming the file, URL or value at fault."""
    import errno

    if isinstance(exc, MandatoError):
        return str(exc), exc.exit_code
    if isinstance(exc, OSError):
        where = _where(exc)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"no space left on the device{where}: nothing was replaced, the previous output is intact; free some space and run again", EXIT_INPUT
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"permission denied{where}", EXIT_INPUT
        if exc.errno == errno.EROFS:
            return f"read-only file system{where}", EXIT_INPUT
        if exc.errno == errno.ENOENT:
            return f"not found{where}", EXIT_INPUT
        if exc.errno == errno.EISDIR:
            return f"is a folder, not a file{where}", EXIT_INPUT
        if exc.errno == errno.ENOTDIR:
            return f"not a folder{where}", EXIT_INPUT
        if exc.errno == errno.EMFILE:
            return f"too many open files{where}", EXIT_INPUT
        return f"{exc.strerror or type(exc).__name__}{where}", EXIT_INPUT
    if isinstance(exc, MemoryError):
        return "ran out of memory (the input is too large for this machine)", EXIT_INPUT
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to be processed", EXIT_INPUT
    detail = " ".join(str(exc).split())[:300]
    return f"internal error: {type(exc).__name__}{': ' + detail if detail else ''} (please report it)", EXIT_INPUT


def _where(exc: OSError) -> str:
    from .paths import relative

    names = [n for n in (exc.filename, exc.filename2) if n]
    return (" (" + " -> ".join(relative(n) if isinstance(n, str) else repr(n) for n in names) + ")") if names else ""
