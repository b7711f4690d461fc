"""Case attributes found inside transcript files, merged into the cases table by meaning.

A Word transcript's header table (``Date: 2021-03-03``, ``Duration: 38 min``) and an
e-mailed answer's date say what ``cases.csv`` usually says already under its own names
(``interview_date``, ``duration_min``). Such a value fills the gap in the column that means
the same (see :data:`interview_analysis.domain.INTERVIEW_ATTRIBUTES`) and never becomes a
second column filled for one case only; other file attributes become columns of their own.
"""
from __future__ import annotations

import re

import pandas as pd

from ..domain import INTERVIEW_ATTRIBUTES, attribute_meaning

#: Column names of the cases table that attributes found inside files must not replace.
RESERVED_ATTRIBUTES = {"case", "document", "documents"}

_MINUTES = re.compile(r"^\s*(?:(\d+)\s*(?:h|t|hours?|tuntia?)\s*)?(?:(\d+(?:[.,]\d+)?)\s*"
                      r"(?:min\.?|minutes?|minuuttia?)?)?\s*$", re.IGNORECASE)


def minutes(value: object) -> object:
    """``"38 min"`` → ``38``, ``"1 h 5 min"`` → ``65``; anything else unchanged.

    >>> minutes("38 min"), minutes("1 h 5 min"), minutes("about an hour")
    (38, 65, 'about an hour')
    """
    match = _MINUTES.match(str(value))
    if not match or not any(match.groups()):
        return value
    hours, mins = match.groups()
    total = int(hours or 0) * 60 + float((mins or "0").replace(",", "."))
    return int(total) if float(total).is_integer() else total


def target_column(key: str, columns) -> str:
    """The cases-table column a file attribute ``key`` goes to: the column that means the
    same, else the meaning's own name, else ``key`` itself."""
    meaning = attribute_meaning(key)
    if meaning is None:
        return f"{key} (from file)" if key in RESERVED_ATTRIBUTES else key
    same = [c for c in columns if attribute_meaning(c) == meaning]
    return same[0] if same else INTERVIEW_ATTRIBUTES[meaning][0]


def merge_file_attributes(cases: pd.DataFrame, transcripts: dict, case_of: dict[str, str]
                          ) -> pd.DataFrame:
    """Attributes found inside files (survey columns, docx metadata, e-mail dates) fill gaps
    in the cases table, in the column that means the same."""
    cases = cases.copy()
    for doc, tr in transcripts.items():
        case = case_of.get(doc)
        if case not in cases.index:
            continue  # cases from speakers: a transcript with no text of its own
        for key, value in tr.attributes.items():
            column = target_column(key, cases.columns)
            if attribute_meaning(column) == "duration_min":
                value = minutes(value)
            if column not in cases.columns:
                cases[column] = None
            if pd.isna(cases.at[case, column]):
                cases.at[case, column] = value
    return cases
