"""Learning curves: how fast the model improves with each hand-coded passage, and whether
choosing the passages it is least sure about (uncertainty sampling, Lewis & Gale 1994) beats
coding passages in random order.

A simulation on a coded study: for each outer fold (grouped like :mod:`.folds`), start from
the codebook alone (0 passages), then "hand-code" passages of the training part in batches —
the reference coding of a chosen passage is revealed whole — refit, and score the test part.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import InterviewAnalysisError
from ..evaluate import score_codings
from ..features import passage_table
from .folds import make_folds

CURVE_COLUMNS = ["strategy", "fold", "n_coded", "micro_f1", "macro_f1"]


def uncertainty(proba: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Per passage, the highest ``1 − |p − t| / max(t, 1 − t)`` over the codes (1: on the
    threshold)."""
    if proba.shape[1] == 0:
        return np.zeros(len(proba))
    return (1 - np.abs(proba - thresholds) / np.maximum(thresholds, 1 - thresholds)).max(1)


def _score(model, corpus, reference, test_ids, codes) -> tuple[float, float]:
    pred = model.transform(corpus)
    pred = pred[pred["passage_id"].isin(test_ids)]
    ref = reference[reference["passage_id"].isin(test_ids)]
    scores = score_codings(pred, ref, codes).set_index("code")
    return float(scores.at["micro", "f1"]), float(scores.at["macro", "f1"])


def _next_batch(strategy, model, corpus, pool, chosen, k, rng) -> list[str]:
    left = [p for p in pool if p not in set(chosen)]
    if k <= 0 or not left:
        return []
    if strategy == "random" or model is None:
        return list(rng.choice(left, size=min(k, len(left)), replace=False))
    proba = model.predict_proba(corpus).reindex(left)
    u = uncertainty(proba.to_numpy(), model.thresholds_.to_numpy()[None, :])
    return [left[i] for i in np.argsort(-u, kind="stable")[:k]]


def _fit(make_model, corpus, reference, train_docs, chosen):
    try:
        return make_model().fit(corpus, reference, documents=train_docs, passages=chosen)
    except InterviewAnalysisError:  # nothing to learn from yet (no codebook, no positives)
        return None


def learning_curve(corpus, reference: pd.DataFrame, make_model, sizes=(0, 10, 20, 40, 80),
                   strategies=("random", "uncertainty"), folds: int = 3, seed: int = 0
                   ) -> pd.DataFrame:
    """Micro- and macro-F1 on held-out passages against the number of hand-coded passages.

    ``make_model`` returns a fresh, unfitted coder (e.g. ``lambda: ModelCoder(codebook)``);
    ``reference`` is the coder's codings. One row per strategy, fold and size.
    """
    table = passage_table(corpus)
    table = table[table["document"].isin(set(reference["document"]))]
    codes = sorted(set(reference["code"]))
    fold_set = make_folds(table["case"], folds, table["document"], seed)
    rows = []
    for f, (train, test) in enumerate(fold_set.splits):
        pool = table["passage_id"].iloc[train].tolist()
        test_ids = set(table["passage_id"].iloc[test])
        train_docs = sorted(set(table["document"].iloc[train]))
        for strategy in strategies:
            rng, chosen, model = np.random.default_rng(seed + f), [], None
            for size in sizes:
                chosen += _next_batch(strategy, model, corpus, pool, chosen,
                                      size - len(chosen), rng)
                model = _fit(make_model, corpus, reference, train_docs, chosen)
                micro, macro = _score(model, corpus, reference, test_ids, codes) \
                    if model is not None else (0.0, 0.0)
                rows.append({"strategy": strategy, "fold": f, "n_coded": len(chosen),
                             "micro_f1": micro, "macro_f1": macro})
    return pd.DataFrame(rows, columns=CURVE_COLUMNS)
