"""``cases.csv``: one row per case, the documents it owns and its free attributes."""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from .errors import StudyError
from .io.encoding import read_text_file


class StudyWarning(UserWarning):
    """Something in a study looks unintended but does not stop the analysis."""


def _read_table(path: Path) -> pd.DataFrame:
    from io import StringIO
    text = read_text_file(path)
    try:
        table = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False, sep=None,
                            engine="python")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise StudyError(f"cannot read the cases table ({exc})", file=path,
                         fix="save it as CSV with a header row 'case,document,...'") from None
    table.columns = [str(c).strip() for c in table.columns]
    return table


def read_cases(path: Path, documents: list[str]) -> pd.DataFrame:
    """Read ``cases.csv`` and check it against the transcripts found.

    Returns one row per case, indexed by ``case``, with a ``documents`` column (list of
    document IDs) and the attributes. Row numbers in messages are file lines (header = 1).
    """
    table = _read_table(path)
    for column in ("case", "document"):
        if column not in table.columns:
            raise StudyError(f"the cases table has no '{column}' column", file=path, where="line 1",
                             value=list(table.columns),
                             fix="the header must start with 'case,document' followed by "
                                 "attributes such as industry or role")
    known = set(documents)
    owner: dict[str, tuple[str, int]] = {}
    seen_cases: dict[str, int] = {}
    rows = []
    for i, row in enumerate(table.to_dict("records"), start=2):
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
        for doc in docs:
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
