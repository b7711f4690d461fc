"""``cases.csv``: one row per case, the documents it owns and its free attributes."""
from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pandas as pd

from ..base.encoding import read_text_file
from ..errors import StudyError, StudyWarning

_DELIMITERS = ",;\t"


def _delimiter(header_line: str) -> str:
    """The delimiter of the header line: the most frequent of ``,``, ``;`` and tab."""
    best = max(_DELIMITERS, key=header_line.count)
    return best if header_line.count(best) else ","


def _read_table(path: Path) -> tuple[list[str], int, list[tuple[int, dict[str, str]]]]:
    """``(columns, header line, [(line, {column: value}), ...])`` of a cases table, checked
    for shape."""
    text = read_text_file(path)
    if not text.strip():
        raise StudyError("the cases table is empty", file=path,
                         fix="write a header row 'case,document' (plus attribute columns) and "
                             "one row per case, or remove 'cases:' from study.yaml")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    delimiter = _delimiter(lines[first])
    reader = csv.reader(io.StringIO("\n".join(lines[first:]), newline=""),
                        delimiter=delimiter, strict=True)
    offset = first  # file line = offset + reader.line_num
    records: list[tuple[int, dict[str, str]]] = []
    try:
        header = [h.strip() for h in next(reader)]
        twice = sorted({h for h in header if h and header.count(h) > 1})
        if twice:
            raise StudyError("a column appears twice in the header of the cases table",
                             file=path, where=f"line {offset + 1}", value=twice[0],
                             fix="give every column its own name")
        done = reader.line_num
        for fields in reader:
            line, done = offset + done + 1, reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) > len(header):
                raise StudyError(f"the row has {len(fields)} fields but the header has "
                                 f"{len(header)} columns", file=path, where=f"line {line}",
                                 value=fields[len(header):],
                                 fix=f"put values that contain {delimiter!r} in double quotes, "
                                     "or add a heading for the extra column")
            fields = fields + [""] * (len(header) - len(fields))
            records.append((line, dict(zip(header, fields))))
    except csv.Error as exc:
        raise StudyError(f"cannot read the cases table ({exc})", file=path,
                         where=f"line {offset + reader.line_num}",
                         fix="check the double quotes near that line (a value that starts with "
                             "\" must end with \"), and save the table as CSV (UTF-8)") from None
    return header, offset + 1, records


def read_cases(path: Path, documents: list[str]) -> pd.DataFrame:
    """Read ``cases.csv`` and check it against the transcripts found.

    Returns one row per case, indexed by ``case``, with a ``documents`` column (list of
    document IDs) and the attributes. Row numbers in messages are file lines (header = 1).
    The delimiter may be ``,``, ``;`` or tab (as the header line uses); an empty ``document``
    cell means the document ID is the case ID.
    """
    columns, header_line, records = _read_table(path)
    for column in ("case", "document"):
        if column not in columns:
            close = [c for c in columns if c.lower() == column]
            raise StudyError(f"the cases table has no '{column}' column", file=path,
                             where=f"line {header_line}",
                             value=columns,
                             fix=(f"rename '{close[0]}' to '{column}' (column names are "
                                  "lower-case); " if close else "")
                                 + "the header must start with 'case,document' followed by "
                                   "attributes such as industry or role")
    if "documents" in columns:  # the column that lists each case's documents in memory
        raise StudyError("'documents' cannot be an attribute name (it is reserved)", file=path,
                         where=f"line {header_line}", value="documents",
                         fix="list a case's documents in the 'document' column, separated by "
                             "';', and rename the 'documents' column")
    known = set(documents)
    owner: dict[str, tuple[str, int]] = {}
    seen_cases: dict[str, int] = {}
    rows = []
    for i, row in records:
        case = row["case"].strip()
        if not case:
            raise StudyError("a case has no ID", file=path, where=f"line {i}", value=row["case"],
                             fix="give every row a case ID such as H1")
        if case in seen_cases:
            raise StudyError("the same case appears twice", file=path, where=f"line {i}",
                             value=case, fix=f"merge it with line {seen_cases[case]}: list both "
                                             "documents in one row, separated by ';'")
        seen_cases[case] = i
        docs = [d.strip() for d in row["document"].replace(",", ";").split(";") if d.strip()]
        for doc in docs or [case]:
            if doc not in known:
                raise StudyError(f"case '{case}' names a document that has no transcript",
                                 file=path, where=f"line {i}", value=doc,
                                 fix="transcripts found: " + (", ".join(sorted(known)) or "none")
                                     + " (the document ID is the file name without extension)")
            if doc in owner:
                raise StudyError("the same document belongs to two cases", file=path,
                                 where=f"line {i}", value=doc,
                                 fix=f"line {owner[doc][1]} already gives it to case "
                                     f"'{owner[doc][0]}'; a document belongs to one case")
            owner[doc] = (case, i)
        attrs = {k: _typed(v) for k, v in row.items() if k not in ("case", "document")}
        rows.append({"case": case, "documents": docs or [case], **attrs})
    for doc in sorted(known - set(owner)):
        warnings.warn(f"{path}: transcript '{doc}' has no row in the cases table; it is its own "
                      f"case '{doc}' with no attributes", StudyWarning, stacklevel=2)
        rows.append({"case": doc, "documents": [doc]})
    return pd.DataFrame(rows).set_index("case")


def _typed(value: str):
    """Numbers stay numbers so that attributes sort and plot naturally; empty means missing."""
    value = value.strip()
    if value == "":
        return None
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            continue
    return value


def default_cases(documents: list[str]) -> pd.DataFrame:
    """One case per document when a study has no cases table."""
    return pd.DataFrame({"case": documents, "documents": [[d] for d in documents]}).set_index("case")
