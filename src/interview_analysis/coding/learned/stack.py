"""The second stage of :class:`~..models.ModelCoder`: one small model over every code that
turns the per-code probabilities into final ones, using what a single code cannot see.

For a passage ``i`` and code ``c`` the features are (``l(p)`` is the clipped log-odds):

0. ``l(p_ic)``: the code's own calibrated probability (first stage, out-of-fold);
1. ``l(p_ic) − max_{c'≠c} l(p_ic')``: how it compares with the passage's other codes;
2. whether ``c`` is the passage's most likely code (most units carry at least one code);
3. context: the highest ``l(p_jc)`` of the neighbouring passages ``j`` (before / after, same
   document), or the code's prior log-odds when there is none — codings span sentences;
4. whether the passage has a neighbour at all;
5. label co-occurrence: ``l(q_ic) − l(prior_c)`` with ``q_ic`` the probability of ``c`` implied
   by the passage's other codes, ``Σ_{c'} p_ic' · P(c | c') / Σ_{c'} p_ic'`` (training counts,
   smoothed towards the prior);
6. the code's prior log-odds (its frequency in the training passages);
7. whether the code's rule fired on the passage (0 without rules);
8. the same, times the log-odds of that rule's precision on the training passages (smoothed:
   ``(hits that were coded + 1) / (hits + 2)``): a rule that over-fires for one code is worth
   less there.

The model is a logistic regression shared by all codes (a code with five positives cannot fit
eight weights of its own; all codes together can), on standardised features. It is trained on
out-of-fold first-stage probabilities (stacking, Wolpert 1992) and its own out-of-fold
probabilities choose the thresholds.
"""
from __future__ import annotations

import numpy as np
from scipy.special import logit
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

N_FEATURES = 9
_CLIP = 1e-4


def _logodds(p: np.ndarray) -> np.ndarray:
    return logit(np.clip(p, _CLIP, 1 - _CLIP))


def cooccurrence(labels: np.ndarray, known: np.ndarray, smoothing: float = 2.0
                 ) -> tuple[np.ndarray, np.ndarray]:
    """``(prior, cond)``: each code's frequency and ``cond[a, b] = P(b | a)`` over fully
    known passages, smoothed towards the prior with ``smoothing`` pseudo-passages."""
    full = known.all(1)
    y = labels[full].astype(float) if full.any() else labels.astype(float) * known
    n = max(len(y), 1)
    prior = (y.sum(0) + 0.5) / (n + 1.0)
    both = y.T @ y
    cond = (both + smoothing * prior[None, :]) / (y.sum(0)[:, None] + smoothing)
    np.fill_diagonal(cond, 0.0)
    return prior, cond


def stack_features(P: np.ndarray, nb: np.ndarray, prior: np.ndarray, cond: np.ndarray,
                   hits: np.ndarray | None = None, rule_precision: np.ndarray | None = None
                   ) -> np.ndarray:
    """``(n, codes, N_FEATURES)`` features of every passage × code (see the module docstring).

    ``P`` first-stage probabilities (passages × codes), ``nb`` the ``(n, 2)`` neighbour
    positions from :func:`~.data.neighbours`, ``hits`` rule hits (passages × codes) or None,
    ``rule_precision`` each code's smoothed rule precision (see :func:`rule_precision`).
    """
    n, k = P.shape
    L = _logodds(P)
    prior_l = np.broadcast_to(_logodds(prior)[None, :], (n, k))
    F = np.zeros((n, k, N_FEATURES))
    F[..., 0] = L
    if k > 1:
        top2 = np.sort(L, axis=1)[:, -2:]
        other_max = np.where(L >= top2[:, [1]], top2[:, [0]], top2[:, [1]])
        F[..., 1] = L - other_max
        F[..., 2] = (L >= top2[:, [1]]).astype(float)
    else:
        F[..., 2] = 1.0
    ctx = np.full((n, k), -np.inf)
    for side in (0, 1):
        has = nb[:, side] >= 0
        ctx[has] = np.maximum(ctx[has], L[nb[has, side]])
    has_any = (nb >= 0).any(1)
    F[..., 3] = np.where(has_any[:, None], ctx, prior_l)
    F[..., 4] = has_any[:, None].astype(float)
    mass = P.sum(1, keepdims=True) - P
    implied = (P @ cond - P * np.diag(cond)[None, :]) / np.maximum(mass, 1e-9)
    F[..., 5] = np.where(mass > 1e-9, _logodds(implied) - prior_l, 0.0)
    F[..., 6] = prior_l
    if hits is not None:
        F[..., 7] = hits
        F[..., 8] = hits * _logodds(rule_precision)[None, :]
    return F


def rule_precision(hits: np.ndarray, labels: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Each code's rule precision on the known training cells, ``(tp + 1) / (hits + 2)``."""
    h = hits * known
    return ((h * labels).sum(0) + 1.0) / (h.sum(0) + 2.0)


class Stacker:
    """The shared second-stage logistic regression (``C`` its inverse regularisation)."""

    def __init__(self, C: float = 1.0, seed: int = 0) -> None:
        self.C = C
        self.seed = seed

    def fit(self, F: np.ndarray, y: np.ndarray, mask: np.ndarray) -> "Stacker":
        """``F`` from :func:`stack_features`, ``y`` the labels and ``mask`` the known cells."""
        X, t = F[mask], y[mask]
        self.scaler_ = StandardScaler().fit(X)
        self.constant_ = None
        if t.min() == t.max():
            self.constant_ = float(t[0])
            return self
        self.model_ = LogisticRegression(C=self.C, max_iter=1000, random_state=self.seed)
        self.model_.fit(self.scaler_.transform(X), t)
        return self

    def predict_proba(self, F: np.ndarray) -> np.ndarray:
        """Final probabilities, passages × codes."""
        n, k, d = F.shape
        if self.constant_ is not None:
            return np.full((n, k), self.constant_)
        flat = self.scaler_.transform(F.reshape(n * k, d))
        return self.model_.predict_proba(flat)[:, 1].reshape(n, k)
