"""Coding sheets: passages x codes in Excel, for people who code in a spreadsheet.

Layout of the ``.xlsx`` written by :func:`export_sheet`:

* one sheet per coder (the sheet name is the coder): ``passage_id, case, speaker, text`` (locked;
  the sheet is protected without a password so the text cannot be changed by accident), then
  one column per code with a drop-down of ``x`` (coded), ``positive``, ``negative``, ``mixed``
  (coded with that stance), then ``stance`` (the stance of this row's ``x`` cells) and ``memo``;
* ``codes``: code IDs, labels and definitions;
* ``_about`` (hidden): the study, the passage unit and the format version.

Rows are the participant passages. A coder's existing ``codings/<coder>.csv`` is filled in at
passage level (a span marks every passage it overlaps). :func:`read_sheet` reads the sheets
back as codings in the long contract format, each coded cell a span over its whole passage,
and reports every problem (unknown passage ID, bad cell value, edited text) with sheet, row,
column and value in one :class:`ExchangeError`.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..base.atomic import atomic_path
from ..coding.codings import (
    STANCES,
    attach_passages,
    check_coder_name,
    empty_codings,
    read_codings_file,
)
from ..domain import UNITS
from ..errors import ExchangeError

FIXED = ["passage_id", "case", "speaker", "text"]
TAIL = ["stance", "memo"]
CELL_VALUES = ("x", *STANCES)
CODES_SHEET, ABOUT_SHEET = "codes", "_about"
FORMAT = "interview-analysis coding sheet 1"
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_MAX_CELL = 32767
_MAX_SHEET_CELLS = 5_000_000


def clean(text) -> str:
    """Text as a cell can hold it (characters Excel refuses become U+FFFD)."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", "" if text is None else str(text))


def _check_coder(coder: str) -> None:
    if not coder or len(coder) > 31 or _BAD_SHEET.search(coder) or \
            coder.casefold() in (CODES_SHEET, ABOUT_SHEET):
        raise ExchangeError("this coder name cannot be an Excel sheet name", value=coder,
                            fix="use at most 31 characters, none of [ ] : * ? / \\, and not "
                                "'codes'")


def _prefill(spans: pd.DataFrame, passages: pd.DataFrame) -> dict[str, dict]:
    """``{passage_id: {"codes": {code: cell value}, "memo": text}}`` from a coder's spans."""
    out: dict[str, dict] = {}
    hits = attach_passages(spans, passages, "x")
    for pid, group in hits.dropna(subset=["passage_id"]).groupby("passage_id", sort=False):
        codes = {}
        for code, rows in group.groupby("code", sort=False):
            stances = {s for s in rows["stance"] if isinstance(s, str)}
            codes[code] = stances.pop() if len(stances) == 1 else ("mixed" if stances else "x")
        memos = list(dict.fromkeys(m for m in group["memo"] if isinstance(m, str) and m))
        out[pid] = {"codes": codes, "memo": "\n".join(memos)}
    return out


def _codes(study, codebook, coders: list[str], texts) -> list[tuple[str, str, str]]:
    """``(id, label, definition)`` of the code columns: the leaves, plus codes in use."""
    used: set[str] = set()
    for coder in coders:
        path = (study.config.codings or study.root / "codings") / f"{coder}.csv"
        if path.is_file():
            used |= set(read_codings_file(path, texts)["code"])
    if codebook is None:
        return [(c, c, "") for c in sorted(used)]
    leaves = {c.id for c in codebook.leaves()}
    lang = study.language
    return [(c.id, c.label(lang), c.text("definition", lang)) for c in codebook
            if c.id in leaves or c.id in used]


def _coder_sheet(book, coder: str, passages: pd.DataFrame, codes, filled: dict) -> None:
    sheet = book.create_sheet(coder)
    header = FIXED + [c[0] for c in codes] + TAIL
    sheet.append(header)
    for pid, case, speaker, text in passages[["passage_id", "case", "speaker", "text"]] \
            .itertuples(index=False):
        if len(text) > _MAX_CELL:
            raise ExchangeError(f"passage {pid} has {len(text):,} characters; an Excel cell "
                                f"holds at most {_MAX_CELL:,}",
                                fix="use a smaller passage unit (--unit paragraph or sentence)")
        row = filled.get(pid, {"codes": {}, "memo": ""})
        sheet.append([pid, clean(case), clean(speaker), clean(text),
                      *(row["codes"].get(c[0]) for c in codes), None, clean(row["memo"]) or None])
    last = sheet.max_row
    first_free, tail_col = len(FIXED) + 1, len(FIXED) + len(codes) + 1
    for column in range(first_free, len(header) + 1):
        for (cell,) in sheet.iter_rows(min_row=2, max_row=last, min_col=column, max_col=column):
            cell.protection = Protection(locked=False)
    if codes:
        values = DataValidation(type="list", formula1='"' + ",".join(CELL_VALUES) + '"',
                                allow_blank=True, error="use x, positive, negative or mixed",
                                errorTitle="coding value")
        values.add(f"{get_column_letter(first_free)}2:{get_column_letter(tail_col - 1)}"
                   f"{max(last, 2)}")
        sheet.add_data_validation(values)
    stance = DataValidation(type="list", formula1='"' + ",".join(STANCES) + '"',
                            allow_blank=True, error="use positive, negative or mixed")
    stance.add(f"{get_column_letter(tail_col)}2:{get_column_letter(tail_col)}{max(last, 2)}")
    sheet.add_data_validation(stance)
    _style(sheet, len(header), tail_col)


def _style(sheet, width: int, tail_col: int) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for (cell,) in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["D"].width = 70
    sheet.column_dimensions[get_column_letter(tail_col + 1)].width = 40
    sheet.freeze_panes = "E2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False


def export_sheet(study, out: str | Path, coders: list[str] | None = None,
                 codes: list[str] | None = None, unit: str | None = None) -> Path:
    """Write a coding sheet (see the module docstring); returns its path.

    ``coders`` default to the study's coders, or one sheet ``coder`` to rename. ``codes``
    default to the codebook's leaves plus any code already used.
    """
    corpus = study.corpus(unit)
    passages = corpus.participant_passages
    codebook = study.codebook() if study.config.codebook is not None else None
    coders = list(coders) if coders else (study.coders() or ["coder"])
    for coder in coders:
        _check_coder(coder)
    columns = _codes(study, codebook, coders, corpus.texts)
    if codes is not None:
        known = {c[0]: c for c in columns}
        columns = [known.get(c, (c, codebook.label(c, study.language) if codebook else c, ""))
                   for c in codes]
    if not columns:
        raise ExchangeError("there are no codes to make columns of",
                            fix="add a codebook to study.yaml, or give the codes")
    book = Workbook()
    book.remove(book.active)
    for coder in coders:
        path = (study.config.codings or study.root / "codings") / f"{coder}.csv"
        spans = read_codings_file(path, corpus.texts) if path.is_file() else None
        filled = _prefill(spans, corpus.passages) if spans is not None and len(spans) else {}
        _coder_sheet(book, coder, passages, columns, filled)
    listing = book.create_sheet(CODES_SHEET)
    listing.append(["code", "label", "definition"])
    for row in columns:
        listing.append([clean(v) for v in row])
    listing.protection.sheet = True
    about = book.create_sheet(ABOUT_SHEET)
    for row in (("format", FORMAT), ("study", study.title), ("unit", corpus.unit)):
        about.append(row)
    about.sheet_state = "hidden"
    with atomic_path(out) as tmp:
        book.save(tmp)
    return Path(out)


# -- reading back ---------------------------------------------------------------------------
def _open(path: Path):
    from ..base.ziplimits import XLSX, SafeZip
    with SafeZip(path, kind=XLSX):  # names and sizes checked before openpyxl unpacks anything
        pass
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        reason = " ".join(str(exc).split())  # openpyxl's messages run over several lines
        raise ExchangeError(f"this is not a readable .xlsx workbook ({reason})", file=path,
                            fix="save it again in Excel as .xlsx") from None
    for sheet in book.worksheets:
        # reading a row creates every cell up to the last column: one stray value in the
        # sheet's last cell (XFD1048576) would create billions
        cells = sheet.max_row * sheet.max_column
        if cells > _MAX_SHEET_CELLS:
            raise ExchangeError(f"sheet '{sheet.title}' is too large: it spans {sheet.max_row:,} "
                                f"rows and {sheet.max_column:,} columns (at most "
                                f"{_MAX_SHEET_CELLS:,} cells)", file=path,
                                fix="delete stray cells far below or to the right of the "
                                    "coding table (Excel: Ctrl+End shows the last used cell), "
                                    "or export a fresh sheet")
    return book


def _value(cell) -> str:
    return "" if cell is None or cell.value is None else str(cell.value).strip()


def _read_coder(sheet, passages: dict, known_codes, problems: list[str]) -> list[dict]:
    header = [_value(c) for c in sheet[1]]
    where = f"sheet '{sheet.title}'"
    missing = [c for c in ("passage_id", "text") if c not in header]
    if missing:
        problems.append(f"{where}, row 1: the header has no {', '.join(missing)} column")
        return []
    col = {name: i for i, name in enumerate(header) if name}
    code_cols = [(i, n) for i, n in enumerate(header) if n and n not in FIXED + TAIL]
    for i, name in code_cols:
        if known_codes is not None and name not in known_codes:
            problems.append(f"{where}, column {get_column_letter(i + 1)}: unknown code {name!r}")
    spans = []
    for r, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        values = [_value(c) for c in row]
        if not any(values):
            continue

        def at(name: str, values=values) -> str:
            return values[col[name]] if name in col and col[name] < len(values) else ""
        pid = at("passage_id")
        passage = passages.get(pid)
        if passage is None:
            problems.append(f"{where}, row {r}: unknown passage ID {pid!r}")
            continue
        if at("text") != clean(passage["text"]).strip():
            problems.append(f"{where}, row {r}: the text of passage {pid} was edited")
        stance = at("stance").lower() or None
        if stance is not None and stance not in STANCES:
            problems.append(f"{where}, row {r}, column stance: {stance!r} is not a stance "
                            "(use positive, negative, mixed or leave it empty)")
            stance = None
        memo = at("memo") or None
        for i, value in enumerate(values):
            if value and (i >= len(header) or not header[i]):
                problems.append(f"{where}, row {r}, column {get_column_letter(i + 1)}: "
                                f"{value!r} is in a column without a heading")
        for i, code in code_cols:
            value = values[i].lower() if i < len(values) else ""
            if not value:
                continue
            if value not in CELL_VALUES:
                problems.append(f"{where}, row {r}, column {get_column_letter(i + 1)} ({code}): "
                                f"{values[i]!r} is not a coding value (use x, positive, "
                                "negative or mixed)")
                continue
            spans.append({"document": passage["document"], "start": int(passage["start"]),
                          "end": int(passage["end"]), "code": code,
                          "stance": stance if value == "x" else value, "memo": memo})
    return spans


def read_sheet_spans(path: str | Path, study) -> tuple[dict[str, pd.DataFrame], object]:
    """``({coder: spans}, corpus)`` from a coding sheet, validated against the study (the
    corpus is the study's, by the passage unit the sheet was made with)."""
    path = Path(path)
    book = _open(path)
    unit = None
    if ABOUT_SHEET in book.sheetnames:
        about = {_value(r[0]): _value(r[1]) for r in book[ABOUT_SHEET].iter_rows() if len(r) > 1}
        unit = about.get("unit") or None
    if unit is not None and unit not in UNITS:
        raise ExchangeError(f"sheet '{ABOUT_SHEET}': unknown passage unit", file=path,
                            value=unit, fix="the unit is one of " + ", ".join(UNITS) + "; export "
                                            "a fresh sheet, or correct the 'unit' row")
    for sheet in book.worksheets:
        if sheet.title.casefold() not in (CODES_SHEET, ABOUT_SHEET):
            check_coder_name(sheet.title, ExchangeError, file=path,
                             where=f"sheet '{sheet.title}'")
    corpus = study.corpus(unit)
    passages = {p["passage_id"]: p for p in corpus.passages.to_dict("records")}
    codebook = study.codebook() if study.config.codebook is not None else None
    known = set(codebook.codes) if codebook is not None else None
    problems: list[str] = []
    out = {}
    for sheet in book.worksheets:
        if sheet.title.casefold() in (CODES_SHEET, ABOUT_SHEET):
            continue
        rows = _read_coder(sheet, passages, known, problems)
        out[sheet.title] = pd.DataFrame(rows, columns=["document", "start", "end", "code",
                                                       "stance", "memo"])
    if problems:
        shown = "\n  - ".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise ExchangeError(f"{len(problems)} problems in the coding sheet:\n  - {shown}{more}",
                            file=path, fix="correct these cells (or export a fresh sheet) and "
                                           "import again; nothing was imported")
    return out, corpus


def read_sheet(path: str | Path, study) -> pd.DataFrame:
    """Codings of a coding sheet in the long contract format (coder = sheet name)."""
    if not hasattr(study, "transcripts"):
        from ..study.study import load_study
        study = load_study(study)
    by_coder, corpus = read_sheet_spans(path, study)
    frames = [attach_passages(spans, corpus.passages, coder)
              for coder, spans in by_coder.items() if len(spans)]
    return pd.concat(frames, ignore_index=True) if frames else empty_codings()


def import_sheet(path: str | Path, into: str | Path, overwrite: bool = False):
    """Write each sheet's codings to ``codings/<coder>.csv`` of the study ``into`` (all or
    nothing); returns an :class:`~interview_analysis.exchange.refi.ImportReport`."""
    from ..base.importreport import ImportReport
    from ..study.study import load_study
    from .refi.studywriter import codings_csv, commit_files
    path = Path(path)
    study = load_study(into)
    folder = study.config.codings or study.root / "codings"
    report = ImportReport(path, origin="coding sheet")
    files = {}
    for coder, spans in read_sheet_spans(path, study)[0].items():
        files[folder / f"{coder}.csv"] = codings_csv(spans).encode("utf-8")
        report.codings[coder] = len(spans)
    commit_files(files, report, overwrite)
    if sum(report.codings.values()):
        report.adjust("codings", "a spreadsheet codes whole passages: each coded cell became "
                                 "a span over its passage", count=sum(report.codings.values()))
    return report
