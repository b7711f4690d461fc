"""The blocks a results chapter is made of, shared by the HTML and Word writers.

:func:`~.document.build_document` decides what the chapter says; :mod:`.html` and
:mod:`.docx` only render these blocks. Each kind of paragraph has a name (``kind``) that both
writers map to a style — a Word paragraph style a thesis template can restyle, an HTML class —
so no writer formats text by hand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: Kinds of paragraph and what they are: ``body`` text, a theme's ``definition``, the
#: ``evidence`` line under a recommendation, a table ``note``, a numbered research
#: ``question``, a numbered ``recommendation`` title, a ``bullet`` list item, the ``intro``
#: of a list.
PARAGRAPH_KINDS = ("body", "definition", "evidence", "note", "question", "recommendation",
                   "bullet", "intro")


def anchor(*parts: object) -> str:
    """An HTML id / Word bookmark name from ``parts``: ``theme-personalisation``,
    ``passage-H1-0007`` (letters, digits, ``-`` and ``_`` only)."""
    text = "-".join(str(p) for p in parts if str(p))
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


@dataclass
class Heading:
    text: str
    level: int
    anchor: str = ""


@dataclass
class Paragraph:
    text: str
    kind: str = "body"
    keep: bool = False  # keep on the same page as the next block
    number: int | None = None  # the item number of a ``question`` or ``recommendation``


@dataclass
class Quote:
    text: str
    case: str
    passage_id: str | None = None


@dataclass
class Figure:
    name: str
    number: int
    caption: str
    png: Path
    alt: str = ""  # what the figure shows, for readers who cannot see it

    @property
    def anchor(self) -> str:
        return anchor("figure", self.name)


@dataclass
class Table:
    name: str
    number: int
    caption: str
    frame: pd.DataFrame
    note: str = ""
    numeric: list[str] = field(default_factory=list)  # columns aligned right

    @property
    def anchor(self) -> str:
        return anchor("table", self.name)


@dataclass
class Contents:
    """Where the table of contents goes."""


@dataclass
class Context:
    """A quoted passage in context: the turn before it and the passage itself."""

    passage_id: str
    case: str
    speaker: str
    text: str
    before: list[tuple[str, str]] = field(default_factory=list)  # (speaker, text)

    @property
    def anchor(self) -> str:
        return anchor("passage", self.passage_id)


@dataclass
class Document:
    title: str
    lang: str
    blocks: list = field(default_factory=list)
    contexts: list[Context] = field(default_factory=list)

    def headings(self, level: int | None = None) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Heading)
                and (level is None or b.level == level)]


def cell_text(value, lang: str = "en") -> str:
    """A table cell as text: empty for missing, ``25`` for ``25.0``, comma decimals in fi."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        text = f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
        return text.replace(".", ",") if lang == "fi" else text
    return str(value)


_NUMBER = re.compile(r"^[−-]?\d+(?:[.,]\d+)?(?:\s*%)?$|^\d+\s*/\s*\d+$")


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    """Columns of numbers (``25``, ``0,85``, ``3/5``, ``98 %``): every filled cell a number.
    Dates and years-as-text stay left-aligned only when they are not plain numbers."""
    numeric = []
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) and \
                not pd.api.types.is_bool_dtype(frame[column]):
            numeric.append(column)
            continue
        texts = [str(v).strip() for v in frame[column]
                 if v is not None and not (not isinstance(v, str) and pd.isna(v))]
        texts = [t for t in texts if t]
        if texts and all(_NUMBER.match(t) for t in texts):
            numeric.append(column)
    return numeric
