"""Survey tables (``.csv``, ``.xlsx``): one transcript per respondent from open-ended answers.

Each row is a respondent. The open-ended answer columns (option ``text_columns``, by default
every column of text whose non-empty values are 40 characters long on average) become the text;
the ID column (option ``id_column``, by default a column named ``id``, ``respondent``, ``case``,
``respondent_id`` or ``vastaaja``, else the row number ``R0001``, ``R0002``, ...) the document
ID; all other columns the case attributes (numbers stay numbers, empty cells are missing).

The canonical text of a respondent has one block per non-empty answer, the column name (the
question) on the first line and the answer below it, blocks separated by a blank line::

    What does customer management mean to you?
    Knowing our regular customers by name.

    What would you change?
    Better follow-up after a sale.

Each answer is one turn (speaker ``None``, role ``participant``) spanning the answer only.
Respondents without any answer are left out, with a warning.
"""
from __future__ import annotations

import csv
import io
import warnings
import zipfile
import zlib
from pathlib import Path

from ...base.encoding import normalise_text, read_text_file
from ...base.ziplimits import XLSX_TABLE, check_archive
from ...errors import InputError
from ..transcript import Transcript, Turn

_ID_NAMES = ("id", "respondent", "case", "respondent_id", "vastaaja")
_MIN_MEAN_LENGTH = 40


def _cell(value) -> str:
    """A spreadsheet value as text: ``3.0`` -> ``"3"``, dates in ISO format, empty -> ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return str(value)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]], int]:
    import pandas as pd

    text = read_text_file(path)
    first_line = text.split("\n", 1)[0]
    if first_line.lower().startswith("sep=") and len(first_line.strip()) == 5:
        delimiter, header_row = first_line.strip()[4], 2
    else:
        header_row = 1
        sample = text[:65536].rsplit("\n", 1)[0] if len(text) > 65536 else text
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ""
        if not delimiter or delimiter not in first_line:
            delimiter = max(",;\t", key=first_line.count)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=True, skiprows=header_row - 1)
    except pd.errors.EmptyDataError:
        return [], [], header_row
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"cannot read the survey table ({str(exc).strip()})", file=path,
                         fix="check the quoting of answers that contain the delimiter "
                             f"{delimiter!r} or line breaks; save the table again as CSV "
                             "(UTF-8) or .xlsx") from None
    header = ["" if name.startswith("Unnamed: ") else name for name in map(str, frame.columns)]
    return header, [frame[c].tolist() for c in frame.columns], header_row


#: What openpyxl and the zip and XML libraries under it raise for a damaged workbook (it is
#: read lazily, so reading the rows can raise too).
_DAMAGED = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, IndexError,
            AttributeError, EOFError, OSError, SyntaxError, RuntimeError, NotImplementedError)


def _cannot_open_xlsx(path: Path) -> InputError:
    return InputError("cannot open this Excel file (it is damaged or not an .xlsx file)",
                      file=path, fix="open and re-save it in Excel/LibreOffice as .xlsx, or "
                                     "save the table as CSV (UTF-8)")


#: Largest table read from a workbook (rows x columns, counting the empty cells in between).
MAX_CELLS = 5_000_000


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


def _read_xlsx(path: Path, sheet) -> tuple[list[str], list[list[str]], int]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_archive(path, XLSX_TABLE)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *_DAMAGED):
        raise _cannot_open_xlsx(path) from None
    try:
        if not book.worksheets:
            raise InputError("the workbook has no worksheet (only charts)", file=path,
                             fix="put the table on a worksheet, or save it as CSV (UTF-8)")
        if sheet is None:
            ws = book.worksheets[0]
        elif isinstance(sheet, int) and 0 <= sheet < len(book.sheetnames):
            ws = book.worksheets[sheet]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise InputError("the workbook has no such sheet", file=path, value=sheet,
                             fix="sheets: " + ", ".join(book.sheetnames))
        rows = _sheet_rows(ws, path)
    except _DAMAGED:
        raise _cannot_open_xlsx(path) from None
    finally:
        book.close()
    header_row = 1
    while rows and all(v is None or str(v).strip() == "" for v in rows[0]):
        rows.pop(0)  # leading empty rows above the header
        header_row += 1
    if not rows:
        return [], [], header_row
    width = max(len(row) for row in rows)
    header = [_cell(v) for v in rows[0]] + [""] * (width - len(rows[0]))
    body = [row + [None] * (width - len(row)) for row in rows[1:]]
    columns = [[_cell(v) for v in column] for column in zip(*body)]
    return header, columns or [[] for _ in header], header_row


def _names(header: list[str]) -> list[str]:
    """Column names: whitespace collapsed, empty ones numbered, duplicates made unique."""
    names: list[str] = []
    for i, name in enumerate(header, start=1):
        name = " ".join(name.split()) or f"column {i}"
        base, n = name, 0
        while name in names:
            n += 1
            name = f"{base}.{n}"
        names.append(name)
    return names


def _is_text(values: list[str]) -> bool:
    filled = [v for v in values if v.strip()]
    if not filled or sum(len(v.strip()) for v in filled) / len(filled) < _MIN_MEAN_LENGTH:
        return False
    for value in filled:
        try:
            float(value)
        except ValueError:
            return True
    return False


def _typed(value: str):
    """Numbers stay numbers so that attributes sort and plot naturally; empty means missing."""
    value = value.strip()
    if not value:
        return None
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def read(path: Path, options: dict) -> list[Transcript]:
    """Read a survey table into one transcript per respondent.

    Parameters
    ----------
    path:
        A ``.csv`` (delimiter ``,``, ``;`` or tab, detected) or ``.xlsx`` file.
    options:
        ``text_columns`` (list of answer column names), ``id_column`` (respondent ID column),
        ``sheet`` (``.xlsx`` sheet name or 0-based index; default the first sheet).

    Returns
    -------
    list of Transcript
        One transcript per respondent with at least one answer, format ``csv`` or ``xlsx``.

    Raises
    ------
    InputError
        On an empty or unreadable table, unknown ``text_columns``/``id_column`` names, no
        answer columns, a missing or duplicate respondent ID.
    """
    path = Path(path)
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    header, columns, header_row = (_read_xlsx(path, options.get("sheet")) if fmt == "xlsx"
                                   else _read_csv(path))
    names = _names(header)
    data = dict(zip(names, columns))
    keep = [i for i, row in enumerate(zip(*columns)) if any(v.strip() for v in row)]
    if not keep:
        raise InputError("the survey table is empty (no respondent rows)", file=path,
                         fix="export the responses again with a header row and one row per "
                             "respondent")
    available = "available columns: " + ", ".join(names)
    id_column = options.get("id_column")
    id_column = " ".join(str(id_column).split()) if id_column is not None else None
    if id_column is not None and id_column not in data:
        raise InputError("the survey table has no such ID column", file=path,
                         where=f"row {header_row}",
                         value=id_column, fix=available)
    if id_column is None:
        id_column = next((n for n in names if n.casefold() in _ID_NAMES), None)
    width = max(4, len(str(len(keep))))
    ids = ([data[id_column][i].strip() for i in keep] if id_column
           else [f"R{n:0{width}d}" for n in range(1, len(keep) + 1)])
    seen: dict[str, int] = {}
    for i, respondent in zip(keep, ids):
        row = header_row + 1 + i
        if not respondent:
            raise InputError("a respondent has no ID", file=path, where=f"row {row}",
                             value=data[id_column][i], fix=f"fill in the '{id_column}' column")
        if respondent in seen:
            raise InputError(f"the same respondent ID is in rows {seen[respondent]} and {row}",
                             file=path, where=f"row {row}", value=respondent,
                             fix=f"give every row its own '{id_column}', or merge the two rows")
        seen[respondent] = row
    text_columns = options.get("text_columns")
    if isinstance(text_columns, str):
        text_columns = [text_columns]
    if text_columns:
        text_columns = [" ".join(str(c).split()) for c in text_columns]
        missing = [c for c in text_columns if c not in data]
        if missing:
            raise InputError("text_columns names columns that the survey table does not have",
                             file=path, where=f"row {header_row}", value=missing, fix=available)
    else:
        text_columns = [n for n in names if n != id_column and _is_text(data[n])]
        if not text_columns:
            raise InputError("no column of the survey table looks like open-ended answers (text "
                             f"of {_MIN_MEAN_LENGTH} characters or more on average)", file=path,
                             value=names, fix="name the answer columns in study.yaml, e.g. "
                                              "text_columns: [" + names[-1] + "]")
    attribute_columns = [n for n in names if n != id_column and n not in text_columns]
    answers = [[normalise_text(data[c][i]).strip() for i in keep] for c in text_columns]
    attributes = [[_typed(data[c][i]) for i in keep] for c in attribute_columns]
    transcripts: list[Transcript] = []
    skipped: list[str] = []
    for k, respondent in enumerate(ids):
        pieces, turns, offset = [], [], 0
        for column, values in zip(text_columns, answers):
            if values[k]:
                begin = offset + len(column) + 1
                turns.append(Turn(begin, begin + len(values[k]), None, "participant"))
                piece = f"{column}\n{values[k]}\n\n"
                pieces.append(piece)
                offset += len(piece)
        if not turns:
            skipped.append(respondent)
            continue
        transcripts.append(Transcript(
            document=respondent, text="".join(pieces)[:-1], turns=tuple(turns), source=path,
            format=fmt, attributes={c: v[k] for c, v in zip(attribute_columns, attributes)}))
    if skipped:
        warnings.warn(f"{path}: {len(skipped)} respondent(s) gave no open-ended answer and are "
                      f"left out: {', '.join(skipped[:10])}{' ...' if len(skipped) > 10 else ''}",
                      UserWarning, stacklevel=2)
    if not transcripts:
        raise InputError("no respondent has an answer in the text columns", file=path,
                         value=text_columns, fix=available)
    return transcripts
