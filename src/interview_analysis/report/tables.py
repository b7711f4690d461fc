"""Every analysis table as Excel, CSV, LaTeX (booktabs) and Markdown in ``OUT/tables/``.

The files keep the analysis column names (``code, n_cases, positive, …``) so that scripts can
read them back; labels in the study language are in a ``label`` column where it helps. Excel
files get fixed dates (see :func:`.export.normalise_zip`) so re-runs are byte-identical.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..base.atomic import write_text
from ..base.tables import EXCEL_COLUMNS, to_latex, write_table
from .export import normalise_zip
from .method import method_table
from .recommendations import export_frame

FORMATS = ("xlsx", "csv", "tex", "md")
#: LaTeX and Markdown versions are for pasting into a thesis; a table longer than this would
#: not fit one, so only the data formats (xlsx, csv) are written for it.
MAX_DOCUMENT_ROWS = 300
#: ... nor would a table wider than this (a case × code matrix of a 5,000-code codebook).
MAX_DOCUMENT_COLUMNS = 100
#: A table of more cells than this is written only as CSV: openpyxl writes some 50,000 cells
#: a second, so the millions of cells of a 50,000-code study took minutes as ``.xlsx``; Excel
#: opens the CSV as well (issue #23).
MAX_XLSX_CELLS = 100_000
#: A text cell longer than this is cut in the LaTeX and Markdown versions (a list of
#: thousands of new code IDs fits no page); the data formats keep it whole.
MAX_DOCUMENT_CELL_CHARS = 1_000


def _cell(value):
    """Lists, sets and dicts as readable text; everything else unchanged."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in (sorted(value) if isinstance(value, (set, frozenset))
                                          else value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with container cells turned into text (the Excel writer cuts a cell longer than
    Excel allows and says so; the CSV keeps it whole)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(_cell)
    return out


def _short(value, whole: str):
    if not isinstance(value, str) or len(value) <= MAX_DOCUMENT_CELL_CHARS:
        return value
    cut = value[:MAX_DOCUMENT_CELL_CHARS]
    cut = cut[:max(cut.rfind(" "), MAX_DOCUMENT_CELL_CHARS // 2)].rstrip(" ,;")
    return f"{cut} … ({len(value):,} characters; the whole cell is in {whole})"


def document_cells(frame: pd.DataFrame, whole: str) -> pd.DataFrame:
    """``frame`` for a document version (LaTeX, Markdown): text cells longer than
    :data:`MAX_DOCUMENT_CELL_CHARS` cut at a space and saying where the whole cell is."""
    long = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c]) and
            frame[c].map(lambda v: isinstance(v, str) and len(v) > MAX_DOCUMENT_CELL_CHARS).any()]
    if not long:
        return frame
    out = frame.copy()
    for column in long:
        out[column] = out[column].map(lambda v: _short(v, whole))
    return out


def table_formats(rows: int, columns: int) -> tuple[str, ...]:
    """The formats :func:`write_tables` writes a table of ``rows`` × ``columns`` in.

    >>> table_formats(60, 8), table_formats(4_000, 21), table_formats(40_000, 5)
    (('xlsx', 'csv', 'tex', 'md'), ('xlsx', 'csv'), ('csv',))
    """
    fits = rows <= MAX_DOCUMENT_ROWS and columns <= MAX_DOCUMENT_COLUMNS
    formats = FORMATS if fits else ("xlsx", "csv")
    if columns > EXCEL_COLUMNS or rows * columns > MAX_XLSX_CELLS:
        formats = tuple(f for f in formats if f != "xlsx")
    return formats


def data_file(frame: pd.DataFrame, name: str, index: bool = False) -> str:
    """Where a reader finds the whole table: ``tables/NAME.xlsx``, or ``tables/NAME.csv`` for
    a table written only as CSV."""
    columns = frame.shape[1] + (frame.index.nlevels if index else 0)
    return f"tables/{name}.{table_formats(len(frame), columns)[0]}"


def write_tables(frame: pd.DataFrame, folder: str | Path, name: str,
                 caption: str | None = None, index: bool = False) -> dict[str, Path]:
    """Write ``frame`` as ``folder/name.{xlsx,csv,tex,md}``; returns ``{format: path}``.

    Tables longer than :data:`MAX_DOCUMENT_ROWS` or wider than :data:`MAX_DOCUMENT_COLUMNS`
    get only ``xlsx`` and ``csv``; tables of more than :data:`MAX_XLSX_CELLS` cells (or more
    columns than an Excel sheet has) only ``csv`` (see :func:`table_formats`).
    """
    folder = Path(folder)
    frame = plain(frame.reset_index() if index else frame)
    paths = {}
    formats = table_formats(*frame.shape)
    # the LaTeX and Markdown versions (tables short enough for a page) cut very long cells
    document = document_cells(frame, f"tables/{name}.{formats[0]}") if "md" in formats \
        else frame
    for fmt in formats:
        path = folder / f"{name}.{fmt}"
        if fmt == "tex":
            write_text(path, to_latex(document, caption=caption))
        elif fmt == "md":
            write_table(document, path, fmt)
        else:
            write_table(frame, path, fmt)
            if fmt == "xlsx":
                normalise_zip(path)
        paths[fmt] = path
    return paths


def _with_labels(frame: pd.DataFrame, codebook, lang: str, column: str = "code") -> pd.DataFrame:
    if column not in frame.columns or "label" in frame.columns:
        return frame
    frame = frame.copy()
    labels = [codebook.label(c, lang) if c in codebook else c for c in frame[column]]
    frame.insert(frame.columns.get_loc(column) + 1, "label", labels)
    return frame


def analysis_tables(results) -> dict[str, tuple[pd.DataFrame, bool]]:
    """``{name: (frame, keep index)}`` of every table a :class:`.results.Results` holds."""
    r, cb, lang = results, results.codebook, results.lang
    tables = {
        "agreement": (r.agreement, False),
        "case_stances": (_with_labels(r.stances, cb, lang), False),
        "matrix_presence": (r.presence, True),
        "matrix_counts": (r.counts, True),
        "framework_matrix": (r.framework, True),
        "cooccurrence": (r.cooccurrence, False),
        "saturation_curve": (r.curve, False),
        "saturation_windows": (r.guest.get("windows", pd.DataFrame()), False),
        "quotes": (_with_labels(r.quotes, cb, lang), False),
        "recommendations": (export_frame(r.recommendations), False),
        "method": (method_table(r.method, lang), False),
        "cases": (r.study.cases.loc[r.cases], True),
    }
    if r.development is not None and not r.development.empty:  # no codebook recommendations
        tables["development_points"] = (export_frame(r.development), False)
    if r.speakers is not None:  # the method section's speaker table, every row
        tables["speakers"] = (r.speakers, False)
    if r.groups is not None:
        tables["group_comparison"] = (_with_labels(r.groups, cb, lang), False)
    if r.reliability is not None:
        tables["reliability"] = (_with_labels(r.reliability, cb, lang, "name"), False)
        tables["disagreements"] = (r.disagreements, False)
    return tables


def write_analysis_tables(results, folder: str | Path) -> dict[str, dict[str, Path]]:
    """Write every analysis table to ``folder``; returns ``{name: {format: path}}``."""
    from ..base.progress import progress
    tables = analysis_tables(results)
    return {name: write_tables(frame, folder, name, index=index)
            for name, (frame, index) in progress(tables.items(), "tables", len(tables),
                                                 unit="table")}
