"""Coding sheets: a study's codings in Excel, one row per coding, and back without loss.

Layout of the ``.xlsx`` written by :func:`export_sheet` (format 2):

* one sheet per coder (the sheet's name is the coder) with one row per coding: ``id``,
  ``passage_id``, ``case``, ``speaker``, ``words`` (the coded words), ``code`` (a drop-down of
  the codebook's codes), ``stance`` (a drop-down), ``memo``, ``document``, ``start``, ``end``.
  Overlapping codings, codings of part of a passage and several codes on one passage are rows
  like any other. Add a coding by filling in a new row: a ``passage_id`` (the whole passage,
  or the ``words`` of it to code) or ``document``, ``start`` and ``end``, and a ``code``;
* ``codes``: the codes in rows (code, label, definition) — any number of them;
* ``passages``: every participant passage, for context (protected against slips);
* ``_about`` and ``_baseline`` (hidden): the format, the passage unit, each transcript's and
  codings file's SHA-256, and every coding as exported.

:func:`import_sheet` compares each row with what was exported and applies exactly what was
added, changed and removed (:mod:`.merge`): an unchanged sheet changes no byte of
``codings/*.csv``. Text starting with ``=``, ``+``, ``-`` or ``@`` is stored as text, never
as a formula. Sheets of format 1 (passages x codes) are still read (:mod:`.legacy`).

Examples
--------
>>> export_sheet(study, "coding.xlsx")                              # doctest: +SKIP
>>> print(import_sheet("coding.xlsx", "corpus/my-study", dry_run=True))  # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...coding.codings import attach_passages, empty_codings
from .importer import import_sheet
from .layout import FORMAT, clean
from .read import read_workbook, resolve
from .write import export_sheet


def read_sheet(path: str | Path, study) -> pd.DataFrame:
    """Every row of a coding sheet as codings in the long contract format (coder = sheet),
    validated against the study; one :class:`~interview_analysis.errors.ExchangeError` lists
    every problem."""
    if not hasattr(study, "transcripts"):
        from ...study.study import load_study
        study = load_study(study)
    book = read_workbook(path)
    corpus = study.corpus(book.unit)
    passages = {p["passage_id"]: p for p in corpus.passages.to_dict("records")}
    codebook = study.codebook() if study.config.codebook is not None else None
    codes = set(codebook.codes) if codebook is not None else None
    frames = []
    for coder, rows in book.rows.items():
        found = [resolve(r, f"sheet '{coder}'", corpus.texts, passages, codes, book.problems)
                 for r in rows]
        spans = pd.DataFrame([c for c in found if c is not None],
                             columns=["document", "start", "end", "code", "stance", "memo"])
        if len(spans):
            frames.append(attach_passages(spans.astype({"start": "int64", "end": "int64"}),
                                          corpus.passages, coder))
    book.fail_if_problems()
    return pd.concat(frames, ignore_index=True) if frames else empty_codings()


__all__ = ["export_sheet", "import_sheet", "read_sheet", "read_workbook", "clean", "FORMAT"]
