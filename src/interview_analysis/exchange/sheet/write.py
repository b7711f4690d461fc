"""Write a coding sheet: one row per coding, passages and codes for context and drop-downs."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ...base.atomic import atomic_path
from ...base.tables import keep_as_text
from ...coding.codings import STANCES, attach_passages
from ...study.anchoring import file_sha256, text_sha256
from .layout import (
    ABOUT_SHEET,
    BASELINE_COLUMNS,
    BASELINE_SHEET,
    CODES_SHEET,
    CODING,
    COLUMNS,
    FORMAT,
    PASSAGES_SHEET,
    check_sheet_name,
    clean,
)

_CONTEXT = PatternFill("solid", fgColor="EEEEEE")
_WIDTHS = {"words": 60, "memo": 40, "code": 30, "passage_id": 11, "speaker": 14}


def _put(sheet, values: list) -> None:
    """Append a row, text that looks like a formula kept as text (``sheet[sheet.max_row]``
    would rescan the whole sheet for every row)."""
    row = getattr(sheet, "_ia_rows", 0) + 1
    sheet._ia_rows = row
    for column, value in enumerate(values, start=1):
        keep_as_text(sheet.cell(row=row, column=column, value=value))


def _codes(study, codebook, spans_of: dict[str, pd.DataFrame]) -> list[tuple[str, str, str]]:
    """``(id, label, definition)`` of every code: the codebook's, then any other in use."""
    used = sorted(set().union(*(set(s["code"]) for s in spans_of.values())) if spans_of else [])
    if codebook is None:
        return [(c, c, "") for c in used]
    lang = study.language
    rows = [(c.id, c.label(lang), c.text("definition", lang)) for c in codebook]
    known = {r[0] for r in rows}
    return rows + [(c, c, "") for c in used if c not in known]


def _coding_rows(spans: pd.DataFrame, corpus, first_id: int) -> list[list]:
    """The coder sheet's rows (``COLUMNS``) for ``spans``, ids from ``first_id``."""
    if spans.empty:
        return []
    hits = attach_passages(spans.reset_index(drop=True), corpus.passages, "x")
    first = hits.drop_duplicates(["document", "start", "end", "code"])
    where = {(r.document, r.start, r.end, r.code): r.passage_id
             for r in first.itertuples(index=False)}
    passages = corpus.passages.set_index("passage_id")
    rows = []
    for n, r in enumerate(spans.itertuples(index=False)):
        pid = where.get((r.document, r.start, r.end, r.code))
        known = isinstance(pid, str) and pid in passages.index
        stance = r.stance if isinstance(r.stance, str) else None
        memo = r.memo if isinstance(r.memo, str) else None
        rows.append([first_id + n, pid if known else None,
                     clean(passages.at[pid, "case"]) if known else None,
                     clean(passages.at[pid, "speaker"]) if known else None,
                     clean(corpus.texts[r.document][r.start:r.end]), r.code, stance,
                     clean(memo) or None, r.document, int(r.start), int(r.end)])
    return rows


def _coder_sheet(book, coder: str, rows: list[list], n_codes: int) -> None:
    sheet = book.create_sheet(coder)
    _put(sheet, COLUMNS)
    for row in rows:
        _put(sheet, row)
    last = len(rows) + 1001  # room for new rows with the drop-downs
    col = {name: get_column_letter(i + 1) for i, name in enumerate(COLUMNS)}
    codes = DataValidation(type="list", formula1=f"{CODES_SHEET}!$A$2:$A${n_codes + 1}",
                           allow_blank=True, showErrorMessage=False)
    codes.add(f"{col['code']}2:{col['code']}{last}")
    stances = DataValidation(type="list", formula1='"' + ",".join(STANCES) + '"',
                             allow_blank=True, error="use positive, negative or mixed")
    stances.add(f"{col['stance']}2:{col['stance']}{last}")
    sheet.add_data_validation(codes)
    sheet.add_data_validation(stances)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name in ("id", "case", "speaker", "words"):
        for (cell,) in sheet.iter_rows(min_row=2, max_row=len(rows) + 1,
                                       min_col=COLUMNS.index(name) + 1,
                                       max_col=COLUMNS.index(name) + 1):
            cell.fill = _CONTEXT
            if name == "words":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for name, width in _WIDTHS.items():
        sheet.column_dimensions[col[name]].width = width
    sheet.freeze_panes = "F2"


def _listing(book, title: str, header: list[str], rows) -> None:
    sheet = book.create_sheet(title)
    _put(sheet, header)
    for row in rows:
        _put(sheet, [clean(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.protection.sheet = True  # context: protected (without a password) from slips
    sheet.protection.autoFilter = False


def build_workbook(study, spans_of: dict[str, pd.DataFrame], corpus, codebook,
                   file_hashes: dict[str, str | None]) -> Workbook:
    """The coding sheet of ``spans_of`` (``{coder: file rows at today's offsets}``)."""
    codes = _codes(study, codebook, spans_of)
    book = Workbook()
    book.remove(book.active)
    baseline, next_id = [], 1
    for coder, spans in spans_of.items():
        rows = _coding_rows(spans, corpus, next_id)
        next_id += len(rows)
        _coder_sheet(book, coder, rows, len(codes))
        baseline += [[row[0], coder, *row[8:11], row[5], row[6], row[7]] for row in rows]
    _listing(book, CODES_SHEET, ["code", "label", "definition"], codes)
    participant = corpus.participant_passages
    _listing(book, PASSAGES_SHEET, ["passage_id", "case", "speaker", "text"],
             participant[["passage_id", "case", "speaker", "text"]].itertuples(index=False))
    about = book.create_sheet(ABOUT_SHEET)
    for row in [("format", FORMAT), ("study", study.title), ("unit", corpus.unit),
                *((f"document:{d}", text_sha256(t)) for d, t in corpus.texts.items()),
                *((f"codings:{c}", h or "") for c, h in file_hashes.items())]:
        _put(about, [clean(v) for v in row])
    about.sheet_state = "hidden"
    base = book.create_sheet(BASELINE_SHEET)
    _put(base, BASELINE_COLUMNS)
    for row in baseline:
        _put(base, row)
    base.sheet_state = "hidden"
    return book


def export_sheet(study, out: str | Path, coders: list[str] | None = None,
                 unit: str | None = None) -> Path:
    """Write the coding sheet of ``coders`` (default: every coder; a study without codings
    gets one empty sheet ``coder`` to rename) to ``out``; returns its path.

    Codings in a transcript edited since they were made are exported where their words are
    now (see :meth:`~interview_analysis.study.study.Study.coder_spans`).
    """
    corpus = study.corpus(unit)
    codebook = study.codebook() if study.config.codebook is not None else None
    coders = list(coders) if coders else (study.coders() or ["coder"])
    folder = study.config.codings or study.root / "codings"
    spans_of, hashes = {}, {}
    for coder in coders:
        check_sheet_name(coder)
        path = folder / f"{coder}.csv"
        spans_of[coder] = study.coder_spans(coder) if path.is_file() else \
            pd.DataFrame(columns=CODING)
        hashes[coder] = file_sha256(path)
    book = build_workbook(study, spans_of, corpus, codebook, hashes)
    with atomic_path(out) as tmp:
        book.save(tmp)
    return Path(out)
