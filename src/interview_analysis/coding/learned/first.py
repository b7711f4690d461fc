"""The first stage of :class:`~..models.ModelCoder`: one balanced logistic regression per code
on the passage features (plus the codebook's seed texts), with out-of-fold scores.

Kept apart from the model class so the loop over codes and folds reads on its own.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression


def classifier(C: float, seed: int) -> LogisticRegression:
    # liblinear's dual solver: same solution as the primal, several times faster when
    # passages are fewer than features (always, with character n-grams).
    return LogisticRegression(C=C, class_weight="balanced", solver="liblinear", dual=True,
                              max_iter=2000, random_state=seed)


def _with_seeds(X, y, Xs, ys, seed_weight: float):
    """Passage rows plus the seed rows (weighted ``seed_weight``)."""
    if Xs is None or Xs.shape[0] == 0 or seed_weight <= 0:
        return X, y, None
    weights = np.r_[np.ones(X.shape[0]), np.full(Xs.shape[0], seed_weight)]
    return sp.vstack([X, Xs], "csr"), np.r_[y, ys], weights


def fit_code(X, y, Xs, ys, seed_weight: float, C: float, seed: int):
    """One code's classifier, or None when its training rows are all one class."""
    Xa, ya, w = _with_seeds(X, y, Xs, ys, seed_weight)
    if not 0 < ya.sum() < len(ya) or Xa.shape[1] == 0:  # one class, or texts without a word
        return None
    return classifier(C, seed).fit(Xa, ya, sample_weight=w)


def oof_scores(X, y, known: np.ndarray, Xs, ys, splits, seed_weight: float, C: float,
               seed: int) -> np.ndarray:
    """Out-of-fold decision scores of one code for *every* row of ``X`` (trained on the known
    rows of the other folds and the seeds); rows whose fold could not be fitted get the
    lowest score seen (``-5`` when there is none)."""
    scores = np.full(X.shape[0], np.nan)
    for train, test in splits:
        tr = train[known[train]]
        model = fit_code(X[tr], y[tr], Xs, ys, seed_weight, C, seed)
        if model is not None and 0 < y[tr].sum():
            scores[test] = model.decision_function(X[test])
    floor = np.nanmin(scores) if not np.isnan(scores).all() else -5.0
    return np.where(np.isnan(scores), floor, scores)


def first_stage(X, labels: np.ndarray, known: np.ndarray, Xs, seed_codes: np.ndarray,
                codes: list[str], splits, seed_weight: float, C: float, seed: int):
    """Weights, intercepts and out-of-fold scores (passages × codes) of every code."""
    weights = np.zeros((X.shape[1], len(codes)), np.float32)
    intercepts = np.zeros(len(codes))
    oof = np.zeros((X.shape[0], len(codes)))
    for j, code in enumerate(codes):
        ys = (seed_codes == code).astype(int) if Xs is not None else None
        y, rows = labels[:, j], known[:, j]
        model = fit_code(X[rows], y[rows], Xs, ys, seed_weight, C, seed)
        if model is None:
            intercepts[j] = -5.0
        else:
            weights[:, j], intercepts[j] = model.coef_[0], model.intercept_[0]
        oof[:, j] = oof_scores(X, y, rows, Xs, ys, splits, seed_weight, C, seed) \
            if splits else X @ weights[:, j] + intercepts[j]
    return weights, intercepts, oof
