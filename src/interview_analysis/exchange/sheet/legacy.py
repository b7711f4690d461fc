"""Coding sheets of format 1 (passages x codes), as interview-analysis wrote them before.

Such a sheet has one row per participant passage and one column per code, each coded cell a
code over its whole passage. It is still read, so that sheets filled in before are not lost;
its rows are compared with the coder's codings like any others (a partial span of the
codings file that the sheet shows as its whole passage counts as changed). New sheets are
written in format 2 (:mod:`.write`).
"""
from __future__ import annotations

from openpyxl.utils import get_column_letter

from ...coding.codings import STANCES
from .layout import clean, text_of

FIXED = ["passage_id", "case", "speaker", "text"]
TAIL = ["stance", "memo"]
CELL_VALUES = ("x", *STANCES)
FORMAT_1 = "interview-analysis coding sheet 1"


def is_format_1(header: list[str]) -> bool:
    """A format-1 coder sheet has a ``text`` column and no ``code`` column."""
    return "text" in header and "code" not in header


def _value(cell) -> str:
    return text_of(None if cell is None else cell.value)


def read_coder(sheet, passages: dict, known_codes, problems: list[str]) -> list[dict]:
    header = [_value(c) for c in sheet[1]]
    where = f"sheet '{sheet.title}'"
    missing = [c for c in ("passage_id", "text") if c not in header]
    if missing:
        problems.append(f"{where}, row 1: the header has no {', '.join(missing)} column")
        return []
    col = {name: i for i, name in enumerate(header) if name}
    code_cols = [(i, n) for i, n in enumerate(header) if n and n not in FIXED + TAIL]
    for i, name in code_cols:
        if known_codes is not None and name not in known_codes:
            problems.append(f"{where}, column {get_column_letter(i + 1)}: unknown code {name!r}")
    spans = []
    for r, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        values = [_value(c) for c in row]
        if not any(values):
            continue

        def at(name: str, values=values) -> str:
            return values[col[name]] if name in col and col[name] < len(values) else ""
        pid = at("passage_id")
        passage = passages.get(pid)
        if passage is None:
            problems.append(f"{where}, row {r}: unknown passage ID {pid!r}")
            continue
        if at("text") != clean(passage["text"]).strip():
            problems.append(f"{where}, row {r}: the text of passage {pid} was edited")
        stance = at("stance").lower() or None
        if stance is not None and stance not in STANCES:
            problems.append(f"{where}, row {r}, column stance: {stance!r} is not a stance "
                            "(use positive, negative, mixed or leave it empty)")
            stance = None
        memo = at("memo") or None
        for i, value in enumerate(values):
            if value and (i >= len(header) or not header[i]):
                problems.append(f"{where}, row {r}, column {get_column_letter(i + 1)}: "
                                f"{value!r} is in a column without a heading")
        for i, code in code_cols:
            value = values[i].lower() if i < len(values) else ""
            if not value:
                continue
            if value not in CELL_VALUES:
                problems.append(f"{where}, row {r}, column {get_column_letter(i + 1)} ({code}): "
                                f"{values[i]!r} is not a coding value (use x, positive, "
                                "negative or mixed)")
                continue
            spans.append({"document": passage["document"], "start": int(passage["start"]),
                          "end": int(passage["end"]), "code": code,
                          "stance": stance if value == "x" else value, "memo": memo})
    return spans
