"""Write DataFrames as CSV, Excel, Parquet, Markdown or LaTeX — always atomically.

Text is data, never a formula: a cell of an ``.xlsx`` whose text starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is stored as text (and marked so that Excel keeps it
text when the cell is edited), so a transcript line or memo such as ``=HYPERLINK(...)`` cannot
run when the file is opened (OWASP "CSV injection"). CSV files are plain data: a spreadsheet
program that opens one may still read such a cell as a formula, so open CSV exports with
Excel's *Data > From Text/CSV* (or use the ``.xlsx``).
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from ..errors import InterviewAnalysisError, OutputError
from .atomic import atomic_path

FORMATS = ("csv", "xlsx", "parquet", "md", "tex")


def format_from_path(path: str | Path, default: str = "csv") -> str:
    """The table format implied by a file extension."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"markdown": "md", "latex": "tex"}.get(suffix, suffix) if suffix in (
        *FORMATS, "markdown", "latex") else default


def write_table(frame: pd.DataFrame, path: str | Path, fmt: str | None = None,
                index: bool = False) -> Path:
    """Write ``frame`` to ``path`` in ``fmt`` (from the extension when not given)."""
    fmt = fmt or format_from_path(path)
    if fmt not in FORMATS:
        raise InterviewAnalysisError("unknown table format", value=fmt,
                                     fix="use one of: " + ", ".join(FORMATS))
    with atomic_path(path) as tmp:
        if fmt == "csv":
            frame.to_csv(tmp, index=index, encoding="utf-8")
        elif fmt == "xlsx":
            cut = write_xlsx(frame.reset_index() if index else frame, tmp)
            if cut:
                warnings.warn(f"{path}: {cut} text cell(s) longer than Excel's limit of "
                              f"{EXCEL_CELL_CHARS:,} characters were cut; write CSV to keep "
                              "them whole", UserWarning, stacklevel=2)
        elif fmt == "parquet":
            frame.to_parquet(tmp, index=index)
        elif fmt == "md":
            tmp.write_text(to_markdown(frame, index=index), encoding="utf-8")
        else:
            tmp.write_text(to_latex(frame, index=index), encoding="utf-8")
    return Path(path)


#: Excel's limit on the characters of one cell.
EXCEL_CELL_CHARS = 32_767
#: Excel's limit on the columns of a sheet (XFD).
EXCEL_COLUMNS = 16_384
#: What a text cell may not start with unless it is stored as text (a formula, or what a
#: spreadsheet program reads as one).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """True for text that a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def keep_as_text(cell) -> None:
    """Make an openpyxl cell holding ``formula_like`` text store and show it as text."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def _text_cells(ws, row: tuple) -> list:
    """A row for a write-only sheet, formula-like text wrapped in cells kept as text."""
    from openpyxl.cell import WriteOnlyCell
    out = list(row)
    for i, value in enumerate(out):
        if formula_like(value):
            cell = WriteOnlyCell(ws, value=value)
            keep_as_text(cell)
            out[i] = cell
    return out


def _excel_column(values: pd.Series) -> tuple[list, int]:
    """A column as Excel cell values, and how many texts were cut to fit a cell.

    Missing values become empty cells, numpy scalars Python ones; characters Excel cannot
    store (control characters) are removed from text, and text longer than
    :data:`EXCEL_CELL_CHARS` is cut (Excel refuses to open a file with a longer cell).
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    missing = values.isna().to_numpy()
    out = values.astype(object).tolist()
    cut = 0
    for i, value in enumerate(out):
        if missing[i]:
            out[i] = None
        elif isinstance(value, str):
            if ILLEGAL_CHARACTERS_RE.search(value):
                value = out[i] = ILLEGAL_CHARACTERS_RE.sub("", value)
            if len(value) > EXCEL_CELL_CHARS:
                out[i] = value[:EXCEL_CELL_CHARS]
                cut += 1
        elif isinstance(value, (int, float, bool)) or value is None:
            pass
        elif hasattr(value, "item"):  # numpy scalar
            out[i] = value.item()
        elif not hasattr(value, "isoformat"):  # dates stay dates; anything else as text
            out[i] = str(value)[:EXCEL_CELL_CHARS]
    return out, cut


def write_xlsx(frame: pd.DataFrame, path: str | Path, sheet: str = "Sheet1") -> int:
    """``frame`` as one worksheet, header row bold and frozen; returns how many text cells
    were cut to Excel's limit (see :func:`_excel_column`).

    openpyxl's write-only mode streams the rows: about twice as fast as ``DataFrame.to_excel``
    on tables of tens of thousands of rows, with the same cells.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if frame.shape[1] > EXCEL_COLUMNS:
        raise OutputError(f"the table has {frame.shape[1]:,} columns; an Excel sheet holds at "
                          f"most {EXCEL_COLUMNS:,}", file=path,
                          fix="write it as CSV or Parquet (--format csv or parquet)")
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(ws, value=str(name))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    columns, cut = [], 0
    for i in range(frame.shape[1]):
        values, n = _excel_column(frame.iloc[:, i])
        columns.append(values)
        cut += n
    risky = [any(formula_like(v) for v in values) for values in columns]
    for row in zip(*columns):
        ws.append(_text_cells(ws, row) if any(risky) else row)
    book.save(path)
    return cut


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"
    return str(value)


def to_markdown(frame: pd.DataFrame, index: bool = False) -> str:
    """A GitHub-flavoured Markdown table (no extra dependency)."""
    frame = frame.reset_index() if index else frame
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(_cell(v).replace("|", "\\|").replace("\n", " ") for v in row)
            + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows]) + "\n"


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
                  "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                  "\\": r"\textbackslash{}"}


#: Characters pdfLaTeX's ``utf8`` input encoding has no glyph for, as math (the report's
#: tables hold α, κ, ≤ and the minus sign).
_LATEX_MATH = {"≤": r"$\leq$", "≥": r"$\geq$", "≠": r"$\neq$", "±": r"$\pm$", "×": r"$\times$",
               "−": r"$-$", "→": r"$\rightarrow$", "α": r"$\alpha$", "κ": r"$\kappa$",
               "π": r"$\pi$", "χ": r"$\chi$", "·": r"$\cdot$", "²": r"$^2$"}
#: Beyond Latin-1 and Latin Extended-A, these typographic characters compile as they are.
_LATEX_TEXT = set("–—‘’‚“”„…€•†‡‰‹›")


def _latex_char(ch: str) -> str:
    if ch in _LATEX_SPECIAL:
        return _LATEX_SPECIAL[ch]
    if ch in _LATEX_MATH:
        return _LATEX_MATH[ch]
    if ord(ch) <= 0x17F or ch in _LATEX_TEXT:
        return ch
    return "?"  # an emoji or a script pdfLaTeX cannot set: the table still compiles


def _latex_escape(text: str) -> str:
    """Text for a ``tabular`` cell that pdfLaTeX (``T1``, ``utf8``) and LuaLaTeX compile."""
    return "".join(_latex_char(ch) for ch in text)


def to_latex(frame: pd.DataFrame, index: bool = False, caption: str | None = None) -> str:
    """A ``booktabs`` table (``\\toprule``/``\\midrule``/``\\bottomrule``) ready for a thesis."""
    frame = frame.reset_index() if index else frame
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    spec = "".join("r" if n else "l" for n in numeric)
    lines = [r"\begin{table}[htbp]", r"\centering"]
    if caption:
        lines.append(r"\caption{" + _latex_escape(caption) + "}")
    lines += [r"\begin{tabular}{" + spec + "}", r"\toprule",
              " & ".join(_latex_escape(str(c)) for c in frame.columns) + r" \\", r"\midrule"]
    for row in frame.itertuples(index=False):
        lines.append(" & ".join(_latex_escape(_cell(v)) for v in row) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines) + "\n"
