"""The assessment checklist: a CSV with one row per variable, `code,score,evidence,source`.

`template()` writes it with the 35 codes filled in (optionally with the variable's text in a last
column, `variable`, which the reader ignores). `read_checklist()` reads a filled-in checklist and
rejects bad input with one message naming the file and the row (the header is row 1):

- an unknown column set (code and score are required; evidence, source and variable are optional);
- an empty code or score; a code that is not one of the 35; a code given twice;
- a score that is not a whole number from 1 to 4; a source that is not an http(s) URL;
- variables without a row, listed together in one message.

Nothing is returned (and so nothing written) unless the whole file is valid.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..paths import relative
from .instrument import Instrument

COLUMNS = ("code", "score", "evidence", "source")
OPTIONAL = ("evidence", "source", "variable")
MAX_BYTES = 1_000_000  # a checklist has 35 rows; anything larger is not one
MAX_CELL = 5_000
_SCORE = re.compile(r"[1-4]")
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True)
class Row:
    number: int  # row number in the file, the header being row 1
    code: str
    score: int
    evidence: str = ""
    source: str = ""


def template(instrument: Instrument, with_text: bool = False, lang: str = "en") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*COLUMNS, "variable"] if with_text else COLUMNS)
    for variable in instrument.variables:
        writer.writerow([variable.code, "", "", "", variable.label(lang)] if with_text else [variable.code, "", "", ""])
    return buffer.getvalue()


def _fail(name: str, row: int | None, message: str) -> InputError:
    where = f"{name}, row {row}" if row is not None else name
    return InputError(f"{where}: {message}")


def _text(path: Path) -> str:
    name = relative(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _fail(name, None, f"too large for a checklist ({path.stat().st_size:,} bytes; a checklist has one row per variable)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, None, "file not found") from None
    except IsADirectoryError:
        raise _fail(name, None, "is a folder, not a CSV file") from None
    except OSError as exc:
        raise _fail(name, None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise _fail(name, row, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the checklist as CSV UTF-8") from None


def read_checklist(path: Path, instrument: Instrument) -> list[Row]:
    """The rows of a valid checklist, in the instrument's order; InputError naming the row otherwise."""
    path = Path(path)
    name = relative(path)
    text = _text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise _fail(name, 1, f"not a readable CSV header: {exc}") from None
    if not header or not any(cell.strip() for cell in header):
        raise _fail(name, 1, f"empty file: the first row must name the columns {','.join(COLUMNS)} (see `mandato maturity template`)")
    names = [cell.strip().lower() for cell in header]
    unknown = [n for n in names if n not in COLUMNS and n != "variable"]
    missing = [c for c in ("code", "score") if c not in names]
    if missing or unknown:
        found = ",".join(names)
        raise _fail(name, 1, f"the header must name the columns {','.join(COLUMNS)} (found {found!r})")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise _fail(name, 1, f"column {repeated[0]!r} appears twice in the header")
    index = {n: i for i, n in enumerate(names)}
    known = set(instrument.codes)
    seen: dict[str, int] = {}
    rows: list[Row] = []
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _fail(name, number + 1, f"not readable as CSV: {exc}") from None
        number += 1
        if not any(cell.strip() for cell in cells):
            continue

        def cell(column: str) -> str:
            i = index.get(column)
            value = cells[i].strip() if i is not None and i < len(cells) else ""
            if len(value) > MAX_CELL:
                raise _fail(name, number, f"the {column} cell is longer than {MAX_CELL:,} characters")
            return value

        code = cell("code").rstrip(".")
        if not code:
            raise _fail(name, number, "empty code: every row needs the code of a variable (1.1.1 ... 3.3.4)")
        if code not in known:
            raise _fail(name, number, f"unknown variable code {code!r}: the instrument's codes run from {instrument.codes[0]} to {instrument.codes[-1]} (see `mandato maturity template`)")
        if code in seen:
            raise _fail(name, number, f"duplicate code {code}: already given on row {seen[code]}")
        seen[code] = number
        raw = cell("score")
        if not raw:
            raise _fail(name, number, f"empty score for {code}: give a whole number from 1 (not present) to 4 (advanced)")
        if not _SCORE.fullmatch(raw):
            raise _fail(name, number, f"score {raw!r} for {code} is not a whole number from 1 to 4")
        source = cell("source")
        if source and not _URL.fullmatch(source):
            raise _fail(name, number, f"source {source!r} for {code} is not an http(s) URL")
        rows.append(Row(number, code, int(raw), cell("evidence"), source))
    absent = [c for c in instrument.codes if c not in seen]
    if absent:
        raise _fail(name, None, f"{len(absent)} of the {len(known)} variables have no row: {', '.join(absent)} (every variable needs a score)")
    order = {c: i for i, c in enumerate(instrument.codes)}
    return sorted(rows, key=lambda r: order[r.code])
