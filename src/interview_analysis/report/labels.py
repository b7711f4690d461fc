"""Case attributes as a reader sees them: labelled columns and values in the report language.

A name or value is looked up in the study's ``attributes:`` labels (``study.yaml``), then in
the messages catalogue's well-known names (``interview_mode`` → *Haastattelutapa*, ``email`` →
*sähköposti*), and is otherwise shown as ``cases.csv`` writes it (``interview_mode`` →
*Interview mode*).

Examples
--------
>>> names = CaseLabels(None, "fi")
>>> names.column("interview_mode"), names.value("interview_mode", "email")
('Haastattelutapa', 'sähköposti')
"""
from __future__ import annotations

import pandas as pd

from ..domain import attribute_meaning
from ..messages import attribute_value_word, attribute_word, label, language


def column_title(name: str) -> str:
    """``interview_mode`` → ``Interview mode`` (attribute names from cases.csv)."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class CaseLabels:
    """Names of case attributes and their values in one language.

    ``attributes`` is the study's :class:`~interview_analysis.study.attribute_labels.
    AttributeLabels` (or ``None``).
    """

    def __init__(self, attributes, lang: str, group: str | None = None) -> None:
        self.attributes = attributes
        self.lang = language(lang)
        self.group = group

    def __call__(self, kind: str, value: object) -> object:
        """An interview mode (``kind="modes"``) or a group (``"groups"``) of the method
        facts, labelled (see :func:`.method.method_table`)."""
        return self.value(self.group if kind == "groups" else "interview_mode", value)

    def _own(self, name: str, value: object) -> str | None:
        """The study's label of ``value``: under ``name``, else under an attribute that means
        the same (``mode`` for ``interview_mode``)."""
        if not self.attributes:
            return None
        found = self.attributes.value(name, value, self.lang)
        meaning = attribute_meaning(name)
        for other in self.attributes.values if found is None and meaning else ():
            if attribute_meaning(other) == meaning:
                found = found or self.attributes.value(other, value, self.lang)
        return found

    def column(self, name: str) -> str:
        """The heading of attribute ``name``."""
        own = self.attributes.label(name, self.lang) if self.attributes else None
        return own or attribute_word(name, self.lang) or column_title(name)

    def value(self, name: str, value: object) -> object:
        """``value`` of attribute ``name`` as the reader sees it; numbers and missing values
        are returned unchanged."""
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return value
        own = self._own(str(name), value) if name is not None else None
        if own:
            return own
        if isinstance(value, str):
            return attribute_value_word(value, self.lang) or value
        return value

    def frame(self, cases: pd.DataFrame) -> pd.DataFrame:
        """``cases`` (index ``case``) with labelled values and headings; the case column
        first, headed "Interviewee" in the report language."""
        out = pd.DataFrame({label("case", self.lang): cases.index.astype(str)})
        for name in cases.columns:
            out[self.column(name)] = [self.value(name, v) for v in cases[name]]
        return out


def case_attributes(cases: pd.DataFrame, max_columns: int = 8, max_chars: int = 40
                    ) -> tuple[pd.DataFrame, list[str]]:
    """The case attributes that fit a report table, and the names of those left out.

    Attributes in cases-table order; free-text ones (long values, e.g. an e-mail subject) and
    those beyond ``max_columns`` stay in ``tables/cases.xlsx``. Columns that repeat another
    column's values exactly are left out too.
    """
    frame = cases.drop(columns=["documents"], errors="ignore")
    keep: list[str] = []
    for column in frame.columns:
        values = frame[column].dropna().astype(str)
        short = (values.str.len().mean() if len(values) else 0) <= max_chars
        twin = any(frame[column].astype(str).equals(frame[k].astype(str)) for k in keep)
        if len(keep) < max_columns and short and len(values) and not twin:
            keep.append(column)
    left_out = [c for c in frame.columns if c not in keep]
    return frame[keep], left_out
