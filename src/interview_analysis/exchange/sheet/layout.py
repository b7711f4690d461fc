"""The layout of a coding sheet: its sheets, columns and the values its cells hold."""
from __future__ import annotations

import re

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ...base.tables import EXCEL_CELL_CHARS
from ...errors import ExchangeError

FORMAT = "interview-analysis coding sheet 2"
#: Columns of a coder's sheet, one row per coding. ``id`` ties a row to what was exported
#: (``_baseline``); ``words``, ``case`` and ``speaker`` are shown for context only.
COLUMNS = ["id", "passage_id", "case", "speaker", "words", "code", "stance", "memo",
           "document", "start", "end"]
#: The columns that make a coding (compared with ``_baseline`` to see what was edited).
CODING = ["document", "start", "end", "code", "stance", "memo"]
CODES_SHEET, PASSAGES_SHEET, ABOUT_SHEET, BASELINE_SHEET = \
    "codes", "passages", "_about", "_baseline"
RESERVED = (CODES_SHEET, PASSAGES_SHEET, ABOUT_SHEET, BASELINE_SHEET)
BASELINE_COLUMNS = ["id", "coder", *CODING]
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_CUT = "…"


def clean(text) -> str:
    """Text as a cell can hold it: characters Excel refuses become U+FFFD, and text longer
    than a cell is cut (ending in …). Only context and what was exported are ever cut; an
    unedited row is recognised by this same value and keeps the original."""
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", "" if text is None else str(text))
    return text if len(text) <= EXCEL_CELL_CHARS else text[:EXCEL_CELL_CHARS - 1] + _CUT


def check_sheet_name(coder: str) -> None:
    """A coder becomes a sheet: Excel's rules for sheet names, and not a reserved one."""
    if not coder or len(coder) > 31 or _BAD_SHEET.search(coder) or \
            coder.casefold() in RESERVED:
        raise ExchangeError("this coder name cannot be an Excel sheet name", value=coder,
                            fix="use at most 31 characters, none of [ ] : * ? / \\, and not "
                                "'codes', 'passages' or a name starting with '_'")


def is_coder_sheet(title: str) -> bool:
    return title.casefold() not in RESERVED


def text_of(value) -> str:
    """A cell's value as text (``''`` for an empty cell), without surrounding space."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def offset_of(value):
    """A cell's value as a whole number when it is one, else its text (``''`` when empty)."""
    if isinstance(value, bool):
        return text_of(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = text_of(value)
    return int(text) if re.fullmatch(r"\d+", text) else text


def coding_values(values: dict) -> tuple:
    """``(document, start, end, code, stance, memo)`` of a row, as compared with the
    baseline: text trimmed, offsets as numbers, stance in lower case, empty as ``None``."""
    memo = text_of(values.get("memo"))
    stance = text_of(values.get("stance")).lower()
    return (text_of(values.get("document")), offset_of(values.get("start")),
            offset_of(values.get("end")), text_of(values.get("code")), stance or None,
            memo or None)

