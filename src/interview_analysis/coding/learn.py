"""Small learning utilities shared by the learned coders: labels, case folds, calibration,
thresholds and evidence terms."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.model_selection import GroupKFold, KFold


def label_matrix(table: pd.DataFrame, codings: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """0/1 matrix (passages of ``table`` × codes): 1 when the passage carries the code."""
    coded = codings.dropna(subset=["passage_id"])
    coded = coded[coded["passage_id"].isin(set(table["passage_id"]))]
    labels = pd.DataFrame(0, index=table["passage_id"].to_numpy(), columns=codes, dtype=np.int8)
    for code, ids in coded.groupby("code")["passage_id"]:
        if code in labels.columns:
            labels.loc[ids.unique(), code] = 1
    return labels


def code_order(codes, codebook=None) -> list[str]:
    """Codes in codebook order, then the others alphabetically."""
    codes = set(codes)
    first = [c.id for c in codebook if c.id in codes] if codebook is not None else []
    return first + sorted(codes - set(first))


def case_splits(groups: np.ndarray, folds: int, seed: int = 0) -> list[tuple]:
    """Train/test index pairs that never put passages of one case on both sides.

    ``GroupKFold`` by case; with more folds than cases, one fold per case. With a single case
    there is nothing to group by and passages are split at random (``KFold``).
    """
    n_groups = len(np.unique(groups))
    if n_groups >= 2:
        return list(GroupKFold(n_splits=min(folds, n_groups)).split(groups, groups=groups))
    if len(groups) < 2:
        return []
    return list(KFold(n_splits=min(folds, len(groups)), shuffle=True,
                      random_state=seed).split(groups))


def platt_scaling(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """``(a, b)`` with ``P(y=1 | s) = sigmoid(a·s + b)``, fitted with Platt's (1999) smoothed
    targets; ``a`` is kept ≥ 0 so a higher score never means a lower probability."""
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    target = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

    def loss(params):
        a, b = params
        p = np.clip(expit(a * scores + b), 1e-12, 1 - 1e-12)
        grad = p - target
        return (-(target * np.log(p) + (1 - target) * np.log(1 - p)).sum(),
                np.array([(grad * scores).sum(), grad.sum()]))

    start = np.array([1.0, np.log((n_pos + 1) / (n_neg + 1))])
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[(0, None), (None, None)])
    return float(result.x[0]), float(result.x[1])


def best_threshold(proba: np.ndarray, y: np.ndarray, default: float) -> float:
    """The threshold maximising F1 of ``proba >= t``; the middle of the best plateau."""
    if y.sum() == 0 or len(np.unique(proba)) < 2:
        return default
    # Cut k predicts positive for proba >= values[k], i.e. any threshold in
    # (values[k-1], values[k]]; TP and predicted counts per cut by cumulative sums (n log n).
    values, inverse = np.unique(proba, return_inverse=True)
    positives = np.bincount(inverse, weights=(y == 1), minlength=len(values))
    counts = np.bincount(inverse, minlength=len(values))
    tp = np.cumsum(positives[::-1])[::-1]
    predicted = np.cumsum(counts[::-1])[::-1]
    f1 = 2 * tp / (predicted + y.sum())
    best = np.flatnonzero(f1 >= f1.max() - 1e-12)
    lo = values[best[0] - 1] if best[0] > 0 else 0.0
    return float(np.clip((lo + values[best[-1]]) / 2, 0.02, 0.98))


def top_terms(row_values, row_columns, weights: np.ndarray, names: np.ndarray,
              n_lemma: int, n: int) -> list[str]:
    """Features that push one passage towards a code the most (value × weight > 0): lemmas
    first, character n-grams only when no lemma contributes."""
    contrib = row_values * weights[row_columns]
    keep = contrib > 0
    cols, contrib = row_columns[keep], contrib[keep]
    words = cols < n_lemma
    if words.any():
        cols, contrib = cols[words], contrib[words]
    order = np.argsort(-contrib, kind="stable")[:n]
    return [str(names[c]) for c in cols[order]]
