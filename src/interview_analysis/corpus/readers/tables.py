"""Survey tables as a researcher gets them: a header and rows of text cells, from CSV or Excel.

* CSV and TSV: any encoding (UTF-8 with or without BOM, cp1252 from Finnish Excel), comma,
  semicolon, tab or ``|`` between cells (chosen by which splits the first rows into a
  consistent number of columns; Excel's ``sep=;`` line is honoured), quoted cells with line
  breaks and delimiters inside.
* ``.xlsx``: the first sheet (or a named one), values as text (numbers without ``.0``, dates
  ISO), Excel's ``_x000D_`` escapes decoded and line ends made ``\\n``.
* A title or instruction row above the header (one filled cell, e.g. a merged banner) is
  skipped: the header is the first row with two or more filled cells.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from ...base.encoding import normalise_text, read_text_file
from ...base.ziplimits import XLSX_TABLE, check_archive
from ...errors import InputError
from .ole2 import refuse_ole2

_DELIMITERS = (";", "\t", ",", "|")
#: Rows looked at to choose the delimiter.
_SAMPLE_ROWS = 50
#: Excel writes a carriage return inside a cell as ``_x000D_``; ``_x005F_`` escapes ``_``.
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Largest table read from a workbook (rows x columns, counting the empty cells in between).
MAX_CELLS = 5_000_000
#: What openpyxl and the zip and XML libraries under it raise for a damaged workbook (it is
#: read lazily, so reading the rows can raise too).
_DAMAGED = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, IndexError,
            AttributeError, EOFError, OSError, SyntaxError, RuntimeError, NotImplementedError)


def cell_text(value) -> str:
    """A spreadsheet value as text: ``3.0`` -> ``"3"``, dates ISO, ``_x000D_`` decoded."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text.replace("T", " ")
    if isinstance(value, str):
        return normalise_text(_EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value))
    return str(value)


def _records(text: str, delimiter: str, limit: int | None = None, strict: bool = True
             ) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    rows = []
    for row in reader:
        rows.append(row)
        if limit is not None and len(rows) >= limit:
            break
    return rows


def choose_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most consistent, widest table."""
    best, best_score = ",", (-1, 0)
    for delimiter in _DELIMITERS:
        try:
            rows = [r for r in _records(text, delimiter, _SAMPLE_ROWS, strict=False) if any(r)]
        except csv.Error:  # a NUL byte, a field over the size limit
            continue
        widths = Counter(len(r) for r in rows)
        width, agreeing = max(widths.items(), key=lambda kv: (kv[1], kv[0])) if widths \
            else (0, 0)
        score = (agreeing if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def excel_separator(line: str) -> str | None:
    """The delimiter an Excel ``sep=;`` first line names, else ``None``.

    >>> excel_separator("sep=;"), excel_separator("case;document")
    (';', None)
    """
    line = line.strip()
    return line[4] if line.lower().startswith("sep=") and len(line) == 5 else None


def header_delimiter(line: str, delimiters: str = ",;\t") -> str:
    """The delimiter of a header line of known column names: the most frequent of
    ``delimiters`` (``,`` when there is none, a one-column table).

    >>> header_delimiter("document;start;end;code"), header_delimiter("case")
    (';', ',')
    """
    best = max(delimiters, key=line.count)
    return best if line.count(best) else ","


def read_csv_rows(path: Path, what: str = "the survey table") -> tuple[list[list[str]], int]:
    """``(rows, file row of the first row)`` of a CSV/TSV file (``what`` it is, for the
    message about bad quoting)."""
    text = read_text_file(path)
    first_line = text.split("\n", 1)[0]
    first_row = 1
    if excel_separator(first_line):
        delimiter = excel_separator(first_line)
        text, first_row = text.split("\n", 1)[1] if "\n" in text else "", 2
    else:
        delimiter = choose_delimiter(text)
    try:
        rows = _records(text, delimiter)
    except csv.Error as exc:
        raise InputError(f"cannot read {what} ({exc})", file=path,
                         fix="check the quoting of answers that contain the delimiter "
                             f"{delimiter!r} or line breaks; save the table again as CSV "
                             "(UTF-8) or .xlsx") from None
    return rows, first_row


def _cannot_open_xlsx(path: Path) -> InputError:
    return InputError("cannot open this Excel file (it is damaged or not an .xlsx file)",
                      file=path, fix="open and re-save it in Excel/LibreOffice as .xlsx, or "
                                     "save the table as CSV (UTF-8)")


def _sheet_rows(ws, path: Path) -> list[list]:
    """The rows of a read-only worksheet.

    openpyxl pads every row to the size the file declares; a declared size of more than
    :data:`MAX_CELLS` (``<dimension ref="A1:XFD1048576"/>``) is ignored, and a table whose cells
    really span more (one value in the last cell of the sheet) is refused before it is padded.
    """
    declared = (ws.max_row or 0) * (ws.max_column or 0)
    if declared > MAX_CELLS and hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows: list[list] = []
    width = 0
    for row in ws.iter_rows(values_only=True):
        rows.append(list(row))
        filled = len(row)
        while filled and row[filled - 1] is None:
            filled -= 1
        width = max(width, filled)
        if filled and len(rows) * width > MAX_CELLS:
            raise InputError(f"the table is too large: it spans {len(rows):,} rows and "
                             f"{width:,} columns (at most {MAX_CELLS:,} cells are read)",
                             file=path, fix="delete stray cells far below or to the right of "
                                            "the table (Excel: Ctrl+End shows the last used "
                                            "cell), or save the table as CSV")
    return rows


def _worksheet(book, sheet, path: Path):
    if not book.worksheets:
        raise InputError("the workbook has no worksheet (only charts)", file=path,
                         fix="put the table on a worksheet, or save it as CSV (UTF-8)")
    if sheet is None:
        return book.worksheets[0]
    if isinstance(sheet, int) and 0 <= sheet < len(book.sheetnames):
        return book.worksheets[sheet]
    if sheet in book.sheetnames:
        return book[sheet]
    raise InputError("the workbook has no such sheet", file=path, value=sheet,
                     fix="sheets: " + ", ".join(book.sheetnames))


def read_xlsx_rows(path: Path, sheet) -> tuple[list[list[str]], int]:
    """``(rows as text, sheet row of the first row)`` of a workbook's sheet."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    refuse_ole2(path, "Excel", ".xlsx")
    check_archive(path, XLSX_TABLE)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *_DAMAGED):
        raise _cannot_open_xlsx(path) from None
    try:
        rows = _sheet_rows(_worksheet(book, sheet, path), path)
    except _DAMAGED:
        raise _cannot_open_xlsx(path) from None
    finally:
        book.close()
    return [[cell_text(v) for v in row] for row in rows], 1


def _filled(row: list[str]) -> int:
    return sum(1 for v in row if v.strip())


def table_of(rows: list[list[str]], first_row: int) -> tuple[list[str], list[list[str]], int]:
    """``(header, columns, header row)``: leading empty rows and a one-cell banner above the
    header skipped, rows padded to the header's width (``columns[j][i]`` is row ``i``)."""
    start = 0
    while start < len(rows) and _filled(rows[start]) == 0:
        start += 1
    if start < len(rows) and _filled(rows[start]) == 1:
        below = [r for r in rows[start + 1:start + 6] if _filled(r)]
        if below and _filled(below[0]) >= 2:
            start = rows.index(below[0], start + 1)
    if start >= len(rows):
        return [], [], first_row + start
    width = max(len(r) for r in rows[start:])
    header = rows[start] + [""] * (width - len(rows[start]))
    body = [r + [""] * (width - len(r)) for r in rows[start + 1:]]
    columns = [list(c) for c in zip(*body)] if body else [[] for _ in header]
    return header, columns, first_row + start
