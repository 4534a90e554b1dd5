"""Reading a dataset's CSV file with the line number of every row, and checking its cells.

Every check raises an InputError that names the file and the row (the line on which the row starts,
header = line 1), so a bad file is rejected before anything is written.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError
from ..paths import relative

_YEAR = re.compile(r"^(19|20)\d\d$", re.ASCII)
MAX_FILE_BYTES = 50 * 1024 * 1024  # the largest dataset extract is under 1 MB
MAX_NUMBER_CHARS = 32
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Row:
    """One data row: the line on which it starts and its cells by column name."""

    file: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def fail(self, message: str) -> InputError:
        return InputError(f"row {self.line}: {message}", file=self.file, line=self.line)


def read_rows(path: Path, required: tuple[str, ...]) -> list[Row]:
    """All non-empty rows of a CSV file whose header has every required column."""
    path = Path(path)
    name = relative(path)
    try:
        size = path.stat().st_size
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError as exc:
        raise InputError("file not found", file=name) from exc
    except IsADirectoryError as exc:
        raise InputError("is a folder, not a CSV file", file=name) from exc
    except PermissionError as exc:
        raise InputError("permission denied: cannot read the file", file=name) from exc
    if path.is_dir():
        handle.close()
        raise InputError("is a folder, not a CSV file", file=name)
    if size > MAX_FILE_BYTES:
        handle.close()
        raise InputError(
            f"the file is {size / 1024**2:.1f} MB; an import accepts at most {MAX_FILE_BYTES // 1024**2} MB "
            "(the published extracts are under 1 MB): import the Latin American and Caribbean rows only",
            file=name,
        )
    rows: list[Row] = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError("empty file: no header row", file=name, line=1)
            header = [h.strip() for h in header]
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(
                    f"row 1 (header): missing column(s) {', '.join(missing)}; the header has {', '.join(header)}",
                    file=name,
                    line=1,
                )
            previous_end = reader.line_num
            for cells in reader:
                start, previous_end = previous_end + 1, reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    raise InputError(f"row {start}: {len(cells)} cells, but the header has {len(header)} columns", file=name, line=start)
                for column, cell in zip(header, cells):
                    control = _CONTROL.search(cell)
                    if control:
                        raise InputError(f"row {start}: column {column} holds a control character ({control.group(0)!r})", file=name, line=start)
                rows.append(Row(name, start, dict(zip(header, cells))))
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason})", file=name) from exc
        except csv.Error as exc:
            raise InputError(f"row {reader.line_num}: malformed CSV ({exc})", file=name, line=reader.line_num) from exc
    if not rows:
        raise InputError("no data rows after the header", file=name, line=1)
    return rows


def country(row: Row, column: str, known: set[str]) -> str:
    code = row.get(column)
    if code not in known:
        raise row.fail(f'unknown country code "{code}" in column {column}: not one of the {len(known)} countries in data/jurisdictions.ttl')
    return code


def year(row: Row, column: str) -> int:
    text = row.get(column)
    if not _YEAR.match(text):
        raise row.fail(f'"{text}" in column {column} is not a year (four digits, 1900-2099)')
    return int(text)


def decimal(row: Row, column: str, lowest: Decimal | int | None = None, highest: Decimal | int | None = None,
            whole: bool = False) -> Decimal | None:
    """The cell as a decimal number within [lowest, highest], None when the cell is empty.

    A value outside the plausible range of its indicator is a row error: it is never expanded
    (a cell such as 1e999999999 would otherwise become a number with a billion digits).
    """
    text = row.get(column)
    if text == "":
        return None
    shown = text if len(text) <= MAX_NUMBER_CHARS else text[:MAX_NUMBER_CHARS] + "…"
    if len(text) > MAX_NUMBER_CHARS:
        raise row.fail(f'"{shown}" in column {column} is not a number of at most {MAX_NUMBER_CHARS} characters')
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise row.fail(f'"{text}" in column {column} is not a number') from exc
    if not value.is_finite():
        raise row.fail(f'"{text}" in column {column} is not a finite number')
    sign, digits, exponent = value.as_tuple()
    fixed = len(digits) + max(exponent, 0) if exponent >= 0 else max(len(digits), -exponent) + 2
    if fixed > MAX_NUMBER_CHARS:  # 1e-999999999 is short to write but has a billion digits once written out
        raise row.fail(f'"{text}" in column {column} is not a plausible number (it has {fixed:,} digits once written out)')
    if (lowest is not None and value < lowest) or (highest is not None and value > highest):
        raise row.fail(f'"{text}" in column {column} is outside the plausible range {lowest} to {highest}')
    if whole and value != value.to_integral_value():
        raise row.fail(f'"{text}" in column {column} is not a whole number')
    return value


def one_of(row: Row, column: str, allowed: tuple[str, ...]) -> str:
    text = row.get(column)
    if text not in allowed:
        raise row.fail(f'"{text}" in column {column} is not one of: {", ".join(allowed)}')
    return text
