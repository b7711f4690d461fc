"""``cases.csv``: one row per case, the documents it owns and its free attributes.

A case is usually one transcript (``cases_from: document``). With ``cases_from: speaker``
(focus groups, group interviews) each named participant speaker is a case: ``MARGARET`` and
``GEORGE`` of a focus group are two cases, the moderator's turns stay with the transcript's
own case. A label that appears in several transcripts is one person, one case; bare role
labels (``Haastateltava``, ``A``, ``R``) and unlabelled text are the transcript's case.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from ..errors import StudyError, StudyNote, StudyWarning
from .labels import KNOWN_LABELS
from .readers.columns import typed
from .readers.tables import read_csv_rows, read_xlsx_rows, table_of
from .transcript import Transcript



#: Workbook formats a cases table may be saved in (the first sheet is read).
WORKBOOKS = (".xlsx", ".xlsm")


def _read_table(path: Path) -> tuple[list[str], str, list[tuple[str, dict[str, str]]]]:
    """``(columns, where the header is, [(where, {column: value}), ...])`` of a cases table,
    CSV or workbook, read as survey tables are (:mod:`.readers.tables`: Excel's ``sep=;``
    line, the delimiter, a title row above the header) and checked for shape; ``where`` is
    ``row N`` as a spreadsheet program shows it."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise StudyError(f"a cases table saved as {path.suffix} cannot be read", file=path,
                         fix="save it again as an Excel workbook (.xlsx) or as CSV (UTF-8), "
                             "and name that file in study.yaml ('cases:')")
    workbook = suffix in WORKBOOKS
    rows, first = read_xlsx_rows(path, None) if workbook else \
        read_csv_rows(path, "the cases table")
    header, columns, header_row = table_of(rows, first)
    if not any(h.strip() for h in header):
        raise StudyError("the cases table is empty", file=path,
                         fix="write a header row 'case' (then 'document' and attribute "
                             "columns) and one row per case; to go without one, write "
                             "cases: '' in study.yaml")
    header = [h.strip() for h in header]
    named = [h for h in header if h]
    twice = sorted({h for h in named if named.count(h) > 1})
    if twice:
        raise StudyError("a column appears twice in the header of the cases table", file=path,
                         where=f"row {header_row}", value=twice[0],
                         fix="give every column its own name")
    for j in (j for j, h in enumerate(header) if not h):
        i = next((i for i, v in enumerate(columns[j]) if v.strip()), None)
        if i is not None:
            raise StudyError("a value stands in a column without a heading", file=path,
                             where=f"row {header_row + 1 + i}", value=columns[j][i],
                             fix="give the column a heading in the header row, or delete the "
                                 "value" + ("" if workbook else "; a value that contains the "
                                            "delimiter must be in double quotes"))
    records = [(f"row {header_row + 1 + i}", {h: v for h, v in zip(header, values) if h})
               for i, values in enumerate(zip(*columns)) if any(v.strip() for v in values)]
    return named, f"row {header_row}", records


def _named_columns(path: Path, columns: list[str], records: list, documents: list[str]
                   ) -> tuple[list[str], list]:
    """The table with its ``case`` and ``document`` columns found as researchers write them:
    ``Case``/``DOCUMENT`` in any letter case, or, with no ``case`` column, the one column whose
    every value is a transcript's name (``Haastateltava: H1, H2``; a note says so)."""
    names = {}
    for wanted in ("case", "document"):
        close = [c for c in columns if c.casefold() == wanted]
        if wanted not in columns and len(close) == 1:
            names[close[0]] = wanted
    if "case" not in columns and "case" not in names.values() and records:
        known = set(documents)
        named = [c for c in columns if c not in names and all(
            row.get(c, "").strip() in known for _, row in records)]
        if len(named) == 1:
            names[named[0]] = "case"
            warnings.warn(f"{path}: column '{named[0]}' is read as the case IDs (every value "
                          "is a transcript's name); call it 'case' to say so", StudyNote,
                          stacklevel=3)
    if not names:
        return columns, records
    return ([names.get(c, c) for c in columns],
            [(where, {names.get(k, k): v for k, v in row.items()}) for where, row in records])


def read_cases(path: Path, documents: list[str]) -> pd.DataFrame:
    """Read ``cases.csv`` and check it against the transcripts found.

    Returns one row per case, indexed by ``case``, with a ``documents`` column (list of
    document IDs) and the attributes. Rows in messages are numbered as a spreadsheet program
    shows them (header = 1). An empty ``document`` cell, or no ``document`` column at all,
    means the document ID is the case ID.
    """
    columns, header_line, records = _read_table(path)
    columns, records = _named_columns(path, columns, records, documents)
    if "case" not in columns:
        raise StudyError("the cases table has no 'case' column", file=path, where=header_line,
                         value=columns,
                         fix="the header must start with 'case' (then 'document' when a "
                             "transcript is named otherwise, and attributes such as industry "
                             "or role)")
    if "documents" in columns:  # the column that lists each case's documents in memory
        raise StudyError("'documents' cannot be an attribute name (it is reserved)", file=path,
                         where=header_line, value="documents",
                         fix="list a case's documents in the 'document' column, separated by "
                             "';', and rename the 'documents' column")
    known = set(documents)
    owner: dict[str, tuple[str, int]] = {}
    seen_cases: dict[str, int] = {}
    rows = []
    for i, row in records:
        case = row["case"].strip()
        if not case:
            raise StudyError("a case has no ID", file=path, where=i, value=row["case"],
                             fix="give every row a case ID such as H1")
        if case in seen_cases:
            raise StudyError("the same case appears twice", file=path, where=i,
                             value=case, fix=f"merge it with {seen_cases[case]}: list both "
                                             "documents in one row, separated by ';'")
        seen_cases[case] = i
        docs = [d.strip() for d in row.get("document", "").replace(",", ";").split(";")
                if d.strip()]
        for doc in docs or [case]:
            if doc not in known:
                raise StudyError(f"case '{case}' names a document that has no transcript",
                                 file=path, where=i, value=doc,
                                 fix="transcripts found: " + (", ".join(sorted(known)) or "none")
                                     + " (the document ID is the file name without extension)")
            if doc in owner:
                raise StudyError("the same document belongs to two cases", file=path,
                                 where=i, value=doc,
                                 fix=f"{owner[doc][1]} already gives it to case "
                                     f"'{owner[doc][0]}'; a document belongs to one case")
            owner[doc] = (case, i)
        attrs = {k: typed(v) for k, v in row.items() if k not in ("case", "document")}
        rows.append({"case": case, "documents": docs or [case], **attrs})
    for doc in sorted(known - set(owner)):
        warnings.warn(f"{path}: transcript '{doc}' has no row in the cases table; it is its own "
                      f"case '{doc}' with no attributes", StudyWarning, stacklevel=2)
        rows.append({"case": doc, "documents": [doc]})
    return pd.DataFrame(rows).set_index("case")


def default_cases(documents: list[str]) -> pd.DataFrame:
    """One case per document when a study has no cases table."""
    return pd.DataFrame({"case": documents, "documents": [[d] for d in documents]}).set_index("case")


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def named_speaker(label: str | None) -> bool:
    """Whether ``label`` names a person (``MARGARET``, ``Participant 12``), not a bare role
    (``Haastateltava``, ``A``) or nobody."""
    return bool(label) and _fold(label).rstrip(".") not in KNOWN_LABELS


def speaker_cases(transcripts: dict[str, Transcript], role_of
                  ) -> tuple[dict[str, list[str]], set[str]]:
    """``({case: [documents]}, cases with participant text)`` when cases come from speakers,
    in order of appearance.

    ``role_of(speaker, turn)`` is the role a turn's speaker ends up with. Every named
    participant speaker is a case; a transcript is a case of its own when it has other text
    (the interviewer's turns, unlabelled answers) — a focus group's own case holds only the
    moderator's turns, so it has no participant text.
    """
    owners: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    speaking: set[str] = set()
    for doc, tr in transcripts.items():
        own = not tr.turns
        for turn in tr.turns:
            role = role_of(turn.speaker, turn)
            if role == "participant" and named_speaker(turn.speaker):
                case = names.setdefault(_fold(turn.speaker), " ".join(turn.speaker.split()))
                if doc not in owners.setdefault(case, []):
                    owners[case].append(doc)
                speaking.add(case)
            else:
                own = True
                if role == "participant":
                    speaking.add(doc)
        if own and doc not in owners.setdefault(doc, []):
            owners[doc].append(doc)
        if not tr.turns:
            speaking.add(doc)
    return {case: docs for case, docs in owners.items() if docs}, speaking


def read_speaker_cases(path: Path, owners: dict[str, list[str]], speaking: set[str]
                       ) -> pd.DataFrame:
    """Read ``cases.csv`` when cases come from speakers (``cases_from: speaker``).

    ``case`` names a participant speaker as the transcripts write it (or a transcript whose
    participant is unlabelled); ``document``, when filled in, must be where that speaker
    speaks. Speakers without a row are cases without attributes (with a warning when they
    have participant text, ``speaking``).
    """
    columns, header_line, records = _read_table(path)
    columns, records = _named_columns(path, columns, records, [])  # 'Case' is 'case'
    if "case" not in columns:
        raise StudyError("the cases table has no 'case' column", file=path,
                         where=header_line, value=columns,
                         fix="the header must start with 'case' (the speaker's label, e.g. "
                             "MARGARET), then 'document' and attributes")
    known = {_fold(c): c for c in owners}
    rows, seen = [], {}
    for line, row in records:
        case = _speaker_row_case(path, line, row, known, owners, seen)
        attrs = {k: typed(v) for k, v in row.items() if k not in ("case", "document")}
        rows.append({"case": case, "documents": owners[case], **attrs})
    for case in [c for c in owners if c not in seen]:
        if case in speaking:
            warnings.warn(f"{path}: speaker '{case}' has no row in the cases table; it is its "
                          f"own case with no attributes", StudyWarning, stacklevel=2)
        rows.append({"case": case, "documents": owners[case]})
    return pd.DataFrame(rows).set_index("case")


def _speaker_row_case(path, line, row, known, owners, seen) -> str:
    name = row["case"].strip()
    case = known.get(_fold(name))
    if case is None:
        raise StudyError(f"case '{name}' is not a participant speaker of any transcript",
                         file=path, where=line, value=name,
                         fix="cases (participant speakers, as the speaker summary of "
                             "'interview-analysis passages' lists them): " + ", ".join(owners))
    if case in seen:
        raise StudyError("the same case appears twice", file=path, where=line,
                         value=name, fix=f"merge it with {seen[case]}")
    seen[case] = line
    docs = [d.strip() for d in row.get("document", "").replace(",", ";").split(";")
            if d.strip()]
    for doc in docs:
        if doc not in owners[case]:
            raise StudyError(f"speaker '{case}' does not speak in document '{doc}'", file=path,
                             where=line, value=doc,
                             fix=f"'{case}' speaks in: {', '.join(owners[case])}; correct the "
                                 "document or leave it empty")
    return case


def default_speaker_cases(owners: dict[str, list[str]]) -> pd.DataFrame:
    """One case per participant speaker (and per transcript with other text), no cases
    table."""
    return pd.DataFrame({"case": list(owners), "documents": list(owners.values())}
                        ).set_index("case")
