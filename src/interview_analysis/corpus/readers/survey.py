"""Survey tables (``.csv``, ``.xlsx``): one transcript per respondent from open-ended answers.

Each row is a respondent (the table is read by :mod:`.tables`). The free-text answer columns
(option ``text_columns``; by default the columns :mod:`.columns` finds: never IDs, numbers,
dates, codes, labels or instructions, and a note says which were chosen and why) become the
text; the ID column (option ``id_column``, by default the first column named like an ID —
``id``, ``Vastaajan ID``, ``respondent_id``, ``tunnus`` — else the row number ``R0001``, ...)
the document ID; all other columns the case attributes (numbers stay numbers, a decimal comma
too; empty cells are missing). A placeholder answer (``-``, ``N/A``) gives no passage.

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
import warnings
from pathlib import Path

from ...base.encoding import normalise_text
from ...errors import InputError, StudyNote, StudyWarning
from ..transcript import Transcript, Turn
from .columns import KINDS, PLACEHOLDER, column_kind, is_id_name, typed
from .segments import segment_transcript
from .tables import read_csv_rows, read_xlsx_rows, table_of

#: Longest cell read from a CSV file (the csv module's default is 128 KB).
_MAX_FIELD = 2 ** 27


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


def _table(path: Path, fmt: str, options: dict) -> tuple[list[str], list[list[str]], int]:
    if fmt == "xlsx":
        rows, first = read_xlsx_rows(path, options.get("sheet"))
    else:
        # the csv module's limit is process-wide: raised for this table only
        before = csv.field_size_limit(max(csv.field_size_limit(), _MAX_FIELD))
        try:
            rows, first = read_csv_rows(path)
        finally:
            csv.field_size_limit(before)
    header, columns, header_row = table_of(rows, first)
    if fmt != "xlsx":
        _check_widths(path, rows, header, header_row - first)
    return header, columns, header_row


def _check_widths(path: Path, rows: list[list[str]], header: list[str], at: int) -> None:
    """A CSV row with more cells than the header has an unquoted delimiter in an answer."""
    width = len([h for h in header if h.strip()]) or len(header)
    for i, row in enumerate(rows[at + 1:], start=1):
        extra = [v for v in row[width:] if v.strip()]
        if extra:
            raise InputError(f"cannot read the survey table (row {at + 1 + i} has {len(row)} "
                             f"cells but the header has {width} columns)", file=path,
                             value=extra[:3], fix="check the quoting of answers that contain "
                             "the delimiter or line breaks; save the table again as CSV "
                             "(UTF-8) or .xlsx")


def _chosen_columns(path: Path, names: list[str], data: dict, id_column: str | None
                    ) -> tuple[list[str], list[str]]:
    """The free-text answer columns, and the instruction columns (neither passages nor
    attributes); a note says which columns are not passages and why."""
    kinds = {n: ("id" if n == id_column else column_kind(n, data[n])) for n in names}
    chosen = [n for n in names if kinds[n] == "text"]
    others = [f"'{n}' ({KINDS[kinds[n]]})" for n in names if kinds[n] not in ("text", "empty")]
    if chosen:
        warnings.warn(f"{path}: answer columns read as passages: "
                      f"{', '.join(repr(n) for n in chosen)}"
                      + (f"; not passages: {', '.join(others)}" if others else "")
                      + "; to choose yourself, list the answer columns in study.yaml as "
                        "text_columns", StudyNote, stacklevel=3)
    return chosen, [n for n in names if kinds[n] == "instructions"]


def read(path: Path, options: dict) -> list[Transcript]:
    """Read a survey table into one transcript per respondent (a table of timed segments —
    start, end, text — is one transcript instead: :mod:`.segments`).

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
    header, columns, header_row = _table(path, fmt, options)
    names = _names(header)
    data = dict(zip(names, columns))
    if not options.get("text_columns"):  # start, end, text: one timed transcript (Whisper)
        timed = segment_transcript(path, names, data, fmt, options, header_row)
        if timed is not None:
            return [timed]
    keep = [i for i, row in enumerate(zip(*columns)) if any(v.strip() for v in row)]
    if not keep:
        raise InputError("the survey table is empty (no respondent rows)", file=path,
                         fix="export the responses again with a header row and one row per "
                             "respondent")
    id_column = _id_column(path, names, options.get("id_column"), header_row)
    ids = _ids(path, data, keep, id_column, header_row)
    text_columns, left_out = _text_columns(path, names, data, options.get("text_columns"),
                                           id_column, header_row)
    names = [n for n in names if n not in left_out]
    return _respondents(path, fmt, names, data, keep, ids, id_column, text_columns)


def _id_column(path: Path, names: list[str], given, header_row: int) -> str | None:
    """The respondent ID column: the one given, else the first named like an ID."""
    if given is None:
        return next((n for n in names if is_id_name(n)), None)
    given = " ".join(str(given).split())
    if given not in names:
        raise InputError("the survey table has no such ID column", file=path,
                         where=f"row {header_row}", value=given,
                         fix="available columns: " + ", ".join(names))
    return given


def _ids(path: Path, data: dict, keep: list[int], id_column: str | None, header_row: int
         ) -> list[str]:
    """Each kept row's respondent ID (``R0001``... without an ID column), checked unique."""
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
    return ids


def _text_columns(path: Path, names: list[str], data: dict, given, id_column: str | None,
                  header_row: int) -> tuple[list[str], list[str]]:
    """The columns that become passages (the ones given, else the free-text answers) and
    the instruction columns that are left out altogether."""
    if isinstance(given, str):
        given = [given]
    if given:
        given = [" ".join(str(c).split()) for c in given]
        missing = [c for c in given if c not in data]
        if missing:
            raise InputError("text_columns names columns that the survey table does not have",
                             file=path, where=f"row {header_row}", value=missing,
                             fix="available columns: " + ", ".join(names))
        return given, []
    chosen, instructions = _chosen_columns(path, names, data, id_column)
    if not chosen:
        raise InputError("no column of the survey table looks like free-text answers (all "
                         "are IDs, numbers, dates, codes, short labels or instructions)",
                         file=path, value=names,
                         fix="name the answer columns in study.yaml, e.g. text_columns: ["
                             + names[-1] + "]")
    return chosen, instructions


def _respondents(path, fmt, names, data, keep, ids, id_column, text_columns
                 ) -> list[Transcript]:
    attribute_columns = [n for n in names if n != id_column and n not in text_columns]
    answers = [[_answer(data[c][i]) for i in keep] for c in text_columns]
    attributes = [[typed(data[c][i]) for i in keep] for c in attribute_columns]
    transcripts: list[Transcript] = []
    skipped: list[str] = []
    for k, respondent in enumerate(ids):
        pieces, turns, offset = [], [], 0
        for column, values in zip(text_columns, answers):
            if values[k]:
                begin = offset + len(column) + 1
                turns.append(Turn(begin, begin + len(values[k]), None, "participant",
                                  role_from="reader"))
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
                      StudyWarning, stacklevel=3)
    if not transcripts:
        raise InputError("no respondent has an answer in the text columns", file=path,
                         value=text_columns, fix="available columns: " + ", ".join(names))
    return transcripts


def _answer(value: str) -> str:
    """An answer as passage text; a placeholder such as ``-`` or ``N/A`` is no answer."""
    text = normalise_text(value).strip()
    return "" if PLACEHOLDER.fullmatch(text) else text
