"""What a learned coder learns from: training passages, their labels, and codings out.

Every learned coder (:class:`~..models.ModelCoder` and the baselines) sees the same training
data: the participant passages of the documents a coder has coded, each positive for the codes
whose coded spans overlap it and negative for the others. Accepted and rejected suggestions
(``feedback``) add single labels: a passage of an uncoded document is then known for that one
code only (``known`` is ``False`` elsewhere on its row).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...corpus.corpus import Corpus
from ...errors import CodingsError
from ..codings import CODING_COLUMNS, empty_codings
from ..features import passage_table
from ..learn import code_order, label_matrix

FEEDBACK_COLUMNS = ["passage_id", "code", "accepted"]


@dataclass
class TrainingData:
    """Training passages (a :func:`~..features.passage_table`), labels and what is known.

    ``labels`` and ``known`` are passages × codes (0/1 and bool); ``positives`` counts each
    code's known positive passages.
    """

    table: pd.DataFrame
    labels: pd.DataFrame
    known: np.ndarray

    @property
    def codes(self) -> list[str]:
        return list(self.labels.columns)

    @property
    def positives(self) -> pd.Series:
        return (self.labels.where(self.known, 0)).sum().astype(int)


def _feedback_frame(feedback) -> pd.DataFrame:
    if feedback is None or len(feedback) == 0:
        return pd.DataFrame(columns=FEEDBACK_COLUMNS)
    missing = [c for c in FEEDBACK_COLUMNS if c not in feedback.columns]
    if missing:
        raise CodingsError("feedback needs the columns passage_id, code, accepted",
                           value=list(feedback.columns),
                           fix="one row per accepted or rejected suggestion: "
                               "passage_id, code, accepted (True/False)")
    return feedback[FEEDBACK_COLUMNS].drop_duplicates(["passage_id", "code"], keep="last")


def training_data(corpus: Corpus, codings: pd.DataFrame, documents=None, codebook=None,
                  feedback: pd.DataFrame | None = None, passages=None) -> TrainingData:
    """The participant passages of ``documents`` (default: those ``codings`` touch; only the
    passage IDs in ``passages`` when given), labelled by ``codings`` and corrected by
    ``feedback`` (``passage_id, code, accepted``)."""
    coded = codings.dropna(subset=["passage_id"])
    docs = set(documents) if documents is not None else set(coded["document"])
    notes = _feedback_frame(feedback)
    everything = passage_table(corpus)
    extra_ids = set(notes["passage_id"])
    table = everything[everything["document"].isin(docs)
                       | everything["passage_id"].isin(extra_ids)]
    if passages is not None:
        table = table[table["passage_id"].isin(set(passages))]
    codes = code_order(set(coded["code"]) | set(notes["code"]), codebook)
    labels = label_matrix(table, coded, codes)
    in_coded = table["document"].isin(docs).to_numpy()
    known = np.repeat(in_coded[:, None], len(codes), axis=1)
    if len(notes):
        row = {pid: i for i, pid in enumerate(table["passage_id"])}
        col = {c: j for j, c in enumerate(codes)}
        for pid, code, accepted in notes.itertuples(index=False):
            if pid in row and code in col:
                known[row[pid], col[code]] = True
                labels.iat[row[pid], col[code]] = int(bool(accepted))
    return TrainingData(table, labels, known)


def neighbours(table: pd.DataFrame) -> np.ndarray:
    """``(n, 2)`` positions of the passage before and after each row of ``table`` in the same
    document (``-1`` when there is none)."""
    docs = table["document"].to_numpy()
    n = len(docs)
    same_prev = np.r_[False, docs[1:] == docs[:-1]]
    same_next = np.r_[docs[:-1] == docs[1:], False]
    pos = np.arange(n)
    return np.stack([np.where(same_prev, pos - 1, -1), np.where(same_next, pos + 1, -1)], 1)


def codings_from(corpus: Corpus, table: pd.DataFrame, accepted: np.ndarray,
                 proba: np.ndarray, codes: list[str], coder: str, evidence=None
                 ) -> pd.DataFrame:
    """Long-format codings (``origin = model``) for the accepted cells of a passages × codes
    matrix; ``score`` is the probability, ``matched`` ``evidence(row, code)`` when given."""
    rows_, cols_ = np.nonzero(accepted)
    if len(rows_) == 0:
        return empty_codings()
    passages = corpus.passages.loc[table.index].iloc[rows_]
    n = len(rows_)
    code_arr = np.asarray(codes, dtype=object)[cols_]
    matched = ["; ".join(evidence(r, c)) for r, c in zip(rows_.tolist(), code_arr)] \
        if evidence is not None else [""] * n
    return pd.DataFrame({
        "document": passages["document"].to_numpy(), "case": passages["case"].to_numpy(),
        "passage_id": passages["passage_id"].to_numpy(),
        "start": passages["start"].astype("int64").to_numpy(),
        "end": passages["end"].astype("int64").to_numpy(), "code": code_arr,
        "origin": ["model"] * n, "coder": [coder] * n, "stance": [None] * n,
        "score": proba[rows_, cols_].astype(float), "matched": matched, "memo": [None] * n,
        "text": passages["text"].to_numpy()}, columns=CODING_COLUMNS)
