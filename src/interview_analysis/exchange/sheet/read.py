"""Read a filled-in coding sheet: its rows, what was exported, and every problem in it.

Rows become codings here (:func:`resolve`); which of them were added, edited or deleted is
decided in :mod:`.merge`. Every problem is collected with sheet, row, column and value, and
reported together in one :class:`ExchangeError`: nothing is imported while any remains.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from ...coding.codings import STANCES, check_coder_name
from ...domain import UNITS
from ...errors import ExchangeError
from . import legacy
from .layout import (
    ABOUT_SHEET,
    BASELINE_SHEET,
    COLUMNS,
    coding_values,
    is_coder_sheet,
    text_of,
)

_MAX_SHEET_CELLS = 5_000_000
_SHOWN = 50


@dataclass
class Row:
    """One filled row of a coder's sheet: its number, its ``id`` (``None`` for a row added in
    the sheet) and its cells by column name."""

    number: int
    id: int | None
    cells: dict

    @property
    def coding(self) -> tuple:
        return coding_values(self.cells)


@dataclass
class Workbook:
    """What a coding sheet holds."""

    path: Path
    unit: str | None = None
    documents: dict[str, str] = field(default_factory=dict)   # {document: sha256 at export}
    files: dict[str, str] = field(default_factory=dict)       # {coder: csv sha256 at export}
    rows: dict[str, list[Row]] = field(default_factory=dict)  # {coder: rows}
    baseline: dict[int, tuple] = field(default_factory=dict)  # {id: (coder, coding values)}
    legacy: dict[str, object] = field(default_factory=dict)   # {coder: format-1 sheet}
    problems: list[str] = field(default_factory=list)

    def fail_if_problems(self) -> None:
        if not self.problems:
            return
        shown = "\n  - ".join(self.problems[:_SHOWN])
        more = f"\n  ... and {len(self.problems) - _SHOWN} more" \
            if len(self.problems) > _SHOWN else ""
        raise ExchangeError(f"{len(self.problems)} problems in the coding sheet:\n  - {shown}"
                            f"{more}", file=self.path,
                            fix="correct these cells (or export a fresh sheet) and import "
                                "again; nothing was imported")


def open_book(path: Path):
    """The workbook, checked to be a safe, readable ``.xlsx`` of a sensible size."""
    from ...base.ziplimits import XLSX, SafeZip
    with SafeZip(path, kind=XLSX):  # names and sizes checked before openpyxl unpacks anything
        pass
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        reason = " ".join(str(exc).split())  # openpyxl's messages run over several lines
        raise ExchangeError(f"this is not a readable .xlsx workbook ({reason})", file=path,
                            fix="save it again in Excel as .xlsx") from None
    for sheet in book.worksheets:
        # reading a row creates every cell up to the last column: one stray value in the
        # sheet's last cell (XFD1048576) would create billions
        cells = sheet.max_row * sheet.max_column
        if cells > _MAX_SHEET_CELLS:
            raise ExchangeError(f"sheet '{sheet.title}' is too large: it spans {sheet.max_row:,} "
                                f"rows and {sheet.max_column:,} columns (at most "
                                f"{_MAX_SHEET_CELLS:,} cells)", file=path,
                                fix="delete stray cells far below or to the right of the "
                                    "coding table (Excel: Ctrl+End shows the last used cell), "
                                    "or export a fresh sheet")
    return book


def _about(book, found: Workbook) -> None:
    if ABOUT_SHEET not in book.sheetnames:
        return
    for row in book[ABOUT_SHEET].iter_rows(values_only=True):
        key, value = (text_of(row[0]), text_of(row[1])) if len(row) > 1 else ("", "")
        if key == "unit":
            found.unit = value or None
        elif key.startswith("document:"):
            found.documents[key[len("document:"):]] = value
        elif key.startswith("codings:"):
            found.files[key[len("codings:"):]] = value or None
    if found.unit is not None and found.unit not in UNITS:
        raise ExchangeError("sheet '_about': unknown passage unit", file=found.path,
                            value=found.unit, fix="the unit is one of " + ", ".join(UNITS)
                            + "; export a fresh sheet, or correct the 'unit' row")


def _baseline(book, found: Workbook) -> None:
    if BASELINE_SHEET not in book.sheetnames:
        return
    rows = book[BASELINE_SHEET].iter_rows(values_only=True)
    header = [text_of(v) for v in next(rows, ())]
    for values in rows:
        cells = dict(zip(header, values))
        ident = cells.get("id")
        if isinstance(ident, int):
            found.baseline[ident] = (text_of(cells.get("coder")), coding_values(cells))


def _coder_rows(sheet, found: Workbook) -> list[Row]:
    rows = sheet.iter_rows(values_only=True)
    header = [text_of(v) for v in next(rows, ())]
    where = f"sheet '{sheet.title}'"
    if "code" not in header:
        found.problems.append(f"{where}, row 1: the header has no code column (expected: "
                              + ", ".join(COLUMNS) + ")")
        return []
    out = []
    for number, values in enumerate(rows, start=2):
        if not any(text_of(v) for v in values):
            continue
        cells = {name: value for name, value in zip(header, values) if name}
        stray = [i for i, v in enumerate(values) if text_of(v) and
                 (i >= len(header) or not header[i])]
        for i in stray:
            from openpyxl.utils import get_column_letter
            found.problems.append(f"{where}, row {number}, column {get_column_letter(i + 1)}: "
                                  f"{text_of(values[i])!r} is in a column without a heading")
        ident = cells.get("id")
        out.append(Row(number, ident if isinstance(ident, int) and not
                       isinstance(ident, bool) else None, cells))
    return out


def read_workbook(path: str | Path) -> Workbook:
    """Every sheet of a coding sheet file (format 2, or format 1 sheets kept for later)."""
    path = Path(path)
    book = open_book(path)
    found = Workbook(path)
    _about(book, found)
    _baseline(book, found)
    for sheet in book.worksheets:
        if not is_coder_sheet(sheet.title):
            continue
        check_coder_name(sheet.title, ExchangeError, file=path, where=f"sheet '{sheet.title}'")
        header = [text_of(c.value) for c in sheet[1]] if sheet.max_row else []
        if legacy.is_format_1(header):
            found.legacy[sheet.title] = sheet
        else:
            found.rows[sheet.title] = _coder_rows(sheet, found)
    return found


def resolve(row: Row, where: str, texts, passages: dict, codes, problems: list[str]
            ) -> dict | None:
    """The coding a row asks for (``document, start, end, code, stance, memo``), or ``None``
    after adding what is wrong with it to ``problems``.

    A row names its span by ``document``, ``start`` and ``end``, or by ``passage_id`` (the
    whole passage, or the ``words`` found in it).
    """
    document, start, end, code, stance, memo = row.coding
    at = f"{where}, row {row.number}"
    before = len(problems)
    if document or start != "" or end != "":
        if document not in texts:
            problems.append(f"{at}, column document: unknown document {document!r}")
        elif not (isinstance(start, int) and isinstance(end, int)
                  and 0 <= start < end <= len(texts[document])):
            problems.append(f"{at}: start and end ({start!r}, {end!r}) must be whole numbers "
                            f"with 0 <= start < end <= {len(texts[document])} (the length of "
                            f"{document})")
    else:
        found = _from_passage(row, at, passages, problems)
        if found is not None:
            document, start, end = found
    if not code:
        problems.append(f"{at}, column code: no code")
    elif codes is not None and code not in codes:
        problems.append(f"{at}, column code: unknown code {code!r}")
    if stance is not None and stance not in STANCES:
        problems.append(f"{at}, column stance: {stance!r} is not a stance (use positive, "
                        "negative, mixed or leave it empty)")
    if len(problems) > before:
        return None
    return {"document": document, "start": start, "end": end, "code": code, "stance": stance,
            "memo": memo}


def _from_passage(row: Row, at: str, passages: dict, problems: list[str]):
    pid = text_of(row.cells.get("passage_id"))
    if not pid:
        problems.append(f"{at}: give a passage_id (and, to code part of it, its words), or "
                        "document, start and end")
        return None
    passage = passages.get(pid)
    if passage is None:
        problems.append(f"{at}, column passage_id: unknown passage ID {pid!r}")
        return None
    words = text_of(row.cells.get("words"))
    start, end = int(passage["start"]), int(passage["end"])
    if words:
        found = passage["text"].find(words)
        if found < 0:
            problems.append(f"{at}, column words: {words[:60]!r} is not in passage {pid}")
            return None
        start, end = start + found, start + found + len(words)
    return passage["document"], start, end
