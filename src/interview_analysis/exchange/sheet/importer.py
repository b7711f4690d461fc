"""Import a filled-in coding sheet into ``codings/<coder>.csv``: exactly what changed, or
nothing.

For each coder sheet the rows are compared with what was exported (:mod:`.merge`); a coder
whose codings do not change keeps the file byte for byte. Additions need no ``overwrite``;
changing or removing codings the file holds does (``dry_run`` shows them first). While a
study's project database exists, its write lock is held from reading the files to writing
them, so a notebook coding at the same time cannot lose a change.
"""
from __future__ import annotations

import contextlib
from pathlib import Path

import pandas as pd

from ...base.filetxn import replace_files
from ...base.importreport import ImportReport
from ...study.anchoring import StoredTexts, db_path, read_coder_codings, text_sha256
from ...study.study import load_study
from ..refi.studywriter import codings_csv, pin_codings_to_texts
from . import legacy
from .merge import Merge
from .read import read_workbook, resolve


@contextlib.contextmanager
def _locked(study, source: str, dry_run: bool = False):
    """The project database's write lock (and connection) while it exists, else ``None``
    (a dry run takes no lock: it writes nothing, not even a migration)."""
    if dry_run or not db_path(study.root).is_file():
        yield None
        return
    from ...store import ProjectStore
    store = ProjectStore.connect(db_path(study.root))
    try:
        with store.transaction(source) as conn:
            yield conn
    finally:
        store.close()


class _Context:
    """The study as a sheet's rows are checked against it."""

    def __init__(self, study, book) -> None:
        corpus = study.corpus(book.unit)
        self.texts = corpus.texts
        self.passages = {p["passage_id"]: p for p in corpus.passages.to_dict("records")}
        codebook = study.codebook() if study.config.codebook is not None else None
        self.codes = set(codebook.codes) if codebook is not None else None
        self.folder = study.config.codings or study.root / "codings"
        self.book = book

    def resolve(self, row, coder: str) -> dict | None:
        coding = resolve(row, f"sheet '{coder}'", self.texts, self.passages, self.codes,
                         self.book.problems)
        exported = self.book.documents.get(coding["document"]) if coding else None
        if exported and exported != text_sha256(self.texts[coding["document"]]):
            self.book.problems.append(
                f"sheet '{coder}', row {row.number}: transcript {coding['document']} has "
                "changed since this sheet was exported, so the row's offsets may point at "
                "other words (export a fresh sheet and copy the row's code, stance and memo)")
            return None
        return coding


def _current(context: _Context, coder: str, stored) -> pd.DataFrame:
    path = context.folder / f"{coder}.csv"
    if not path.is_file():
        return pd.DataFrame(columns=["document", "start", "end", "code", "stance", "memo"])
    return read_coder_codings(path, coder, context.texts, None, stored)[0]


def _merge_rows(context: _Context, coder: str, rows, stored) -> Merge:
    merge = Merge(coder, context.folder / f"{coder}.csv", _current(context, coder, stored))
    seen: set[int] = set()
    for row in rows:
        owner, exported = context.book.baseline.get(row.id, (None, None))
        if owner == coder and row.id not in seen:
            seen.add(row.id)
            if row.coding == exported:
                merge.unchanged(row.number, exported)
            elif (coding := context.resolve(row, coder)) is not None:
                merge.edit(row.number, exported, coding)
        elif (coding := context.resolve(row, coder)) is not None:
            merge.add(row.number, coding)
    for ident, (owner, exported) in context.book.baseline.items():
        if owner == coder and ident not in seen:
            merge.remove(exported)
    return merge


def _merge_format_1(context: _Context, coder: str, sheet, stored) -> Merge:
    """A format-1 sheet is the coder's whole set of codings, at passage level."""
    merge = Merge(coder, context.folder / f"{coder}.csv", _current(context, coder, stored))
    merge.replace_all(legacy.read_coder(sheet, context.passages, context.codes,
                                        context.book.problems))
    return merge


def _refuse_destructive(merges: list[Merge], path: Path) -> None:
    from ...errors import ExchangeError
    hit = [m.changes for m in merges if m.changes.destructive]
    if hit:
        raise ExchangeError(
            "the coding sheet changes or removes codings that the codings files hold: "
            + "; ".join(f"{c.coder}: {len(c.changed)} changed, {len(c.removed)} removed"
                        for c in hit), file=path,
            fix="see them with --dry-run; import with --overwrite to apply them (additions "
                "alone need no --overwrite); nothing was imported")


def import_sheet(path: str | Path, into: str | Path, overwrite: bool = False,
                 dry_run: bool = False) -> ImportReport:
    """Apply a coding sheet to the study ``into`` (see the module docstring); returns an
    :class:`~interview_analysis.base.importreport.ImportReport` with each coder's added,
    changed and removed codings."""
    path = Path(path)
    study = load_study(into)
    book = read_workbook(path)
    context = _Context(study, book)
    report = ImportReport(path, origin="coding sheet", dry_run=dry_run)
    with _locked(study, f"import:{path.name}", dry_run) as conn:
        stored = StoredTexts(conn) if conn is not None else study.stored_texts()
        merges = [_merge_rows(context, c, rows, stored) for c, rows in book.rows.items()]
        merges += [_merge_format_1(context, c, s, stored) for c, s in book.legacy.items()]
        book.fail_if_problems()
        files = {}
        for merge in merges:
            frame = merge.frame()
            report.changes[merge.changes.coder] = merge.changes
            report.codings[merge.changes.coder] = len(frame)
            if merge.differs:
                files[merge.changes.file] = codings_csv(frame).encode("utf-8")
        report.documents = sorted(context.texts)
        if dry_run:
            report.planned = list(files)
            if not overwrite and any(m.changes.destructive for m in merges):
                report.notes.append("changing and removing codings needs --overwrite")
            return report
        if not overwrite:
            _refuse_destructive(merges, path)
        replace_files(study.root, files)
        report.written = list(files)
        if conn is not None and files:
            pin_codings_to_texts(conn, [m.changes.coder for m in merges if m.differs],
                                 context.texts)
    return report
