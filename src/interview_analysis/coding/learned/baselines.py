"""Honest baselines every learned coder is reported against (same folds, same passages).

* :class:`PriorCoder` reads no text: it gives every passage the codes that are frequent enough
  to be worth guessing (the top-k codes by training frequency, ``k`` maximising training
  micro-F1). A model that does not beat it has learnt nothing from the words.
* :class:`TfidfCoder` is what anyone would try first: word 1–2-gram TF-IDF of the raw text,
  one ``LogisticRegression(class_weight="balanced")`` per code, and a per-code F1-optimal
  threshold chosen on out-of-fold probabilities *inside the training data* (inner folds grouped
  like the outer ones). ``threshold="pooled"`` uses one threshold for all codes instead.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from ...corpus.corpus import Corpus
from ...errors import InterviewAnalysisError
from ..features import passage_table
from ..learn import best_threshold
from .data import codings_from, training_data
from .folds import make_folds


def _check(coder) -> None:
    if not hasattr(coder, "codes_"):
        raise InterviewAnalysisError(f"the {type(coder).__name__} has not been fitted",
                                     fix="call fit(corpus, codings) first")


class PriorCoder:
    """No text: the most frequent codes for every passage (see the module docstring)."""

    def __init__(self, codebook=None, coder: str = "prior") -> None:
        self.codebook = codebook
        self.coder = coder

    def fit(self, corpus: Corpus, codings: pd.DataFrame, documents=None, feedback=None,
            passages=None) -> "PriorCoder":
        """Choose the codes to give every passage (arguments as in ``ModelCoder.fit``)."""
        data = training_data(corpus, codings, documents, self.codebook, feedback, passages)
        y = data.labels.to_numpy() * data.known
        rate = y.sum(0) / np.maximum(data.known.sum(0), 1)
        order = np.argsort(-rate, kind="stable")
        total, tp, f1 = y.sum(), 0.0, []
        for k, j in enumerate(order, start=1):
            tp += y[:, j].sum()
            f1.append(2 * tp / (k * len(y) + total) if total else 0.0)
        k = int(np.argmax(f1)) + 1 if total else 0
        self.codes_ = data.codes
        self.chosen_ = [data.codes[j] for j in order[:k]]
        self.rate_ = pd.Series(rate, index=data.codes)
        return self

    def transform(self, corpus: Corpus) -> pd.DataFrame:
        _check(self)
        table = passage_table(corpus)
        chosen = np.isin(self.codes_, self.chosen_)
        accepted = np.repeat(chosen[None, :], len(table), 0)
        proba = np.repeat(self.rate_.to_numpy()[None, :], len(table), 0)
        return codings_from(corpus, table, accepted, proba, self.codes_, self.coder)

    def fit_transform(self, corpus, codings, documents=None) -> pd.DataFrame:
        return self.fit(corpus, codings, documents).transform(corpus)


class TfidfCoder:
    """TF-IDF + balanced logistic regression with thresholds tuned in the training folds.

    Parameters
    ----------
    threshold:
        ``"code"`` (each code's own F1-optimal threshold) or ``"pooled"`` (one for all).
    ngram_range, C, inner_folds, solver:
        Word n-grams of the vectoriser, regularisation, folds for the out-of-fold scores and
        the scikit-learn solver (the default ``lbfgs`` leaves the intercept unpenalised).
    """

    def __init__(self, codebook=None, threshold: str = "code", ngram_range=(1, 2),
                 C: float = 1.0, inner_folds: int = 5, solver: str = "lbfgs",
                 coder: str = "tfidf", seed: int = 0) -> None:
        self.codebook = codebook
        self.threshold = threshold
        self.ngram_range = ngram_range
        self.C = C
        self.inner_folds = inner_folds
        self.solver = solver
        self.coder = coder
        self.seed = seed

    def _classifier(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight="balanced", solver=self.solver,
                                  max_iter=1000, random_state=self.seed)

    def _scores(self, X, y, train, test) -> np.ndarray:
        """Out-of-fold probabilities; NaN when the training part has one class only (no
        classifier to score with: those rows say nothing about a threshold)."""
        if 0 < y[train].sum() < len(train):
            return self._classifier().fit(X[train], y[train]).predict_proba(X[test])[:, 1]
        return np.full(len(test), np.nan)

    def fit(self, corpus: Corpus, codings: pd.DataFrame, documents=None, feedback=None,
            passages=None) -> "TfidfCoder":
        """Fit the vectoriser, one classifier per code and the thresholds (arguments as in
        ``ModelCoder.fit``)."""
        data = training_data(corpus, codings, documents, self.codebook, feedback, passages)
        self.vectorizer_ = TfidfVectorizer(lowercase=True, ngram_range=self.ngram_range,
                                           sublinear_tf=True)
        texts = data.table["text"].fillna("").tolist()
        try:
            X = self.vectorizer_.fit_transform(texts)
        except ValueError:  # no word at all in the training passages
            self.vectorizer_, self.codes_, self.models_ = None, [], []
            return self
        folds = make_folds(data.table["case"], self.inner_folds, data.table["document"],
                           self.seed)
        y_all, known = data.labels.to_numpy(), data.known
        self.codes_ = [c for j, c in enumerate(data.codes) if y_all[known[:, j], j].any()]
        self.models_, oof, ys = [], [], []
        for code in self.codes_:
            j = data.codes.index(code)
            rows = np.flatnonzero(known[:, j])
            Xj, y = X[rows], y_all[rows, j]
            p = np.zeros(len(rows))
            for train, test in folds.splits:
                tr, te = np.flatnonzero(np.isin(rows, train)), np.flatnonzero(np.isin(rows, test))
                p[te] = self._scores(Xj, y, tr, te)
            oof.append(p)
            ys.append(y)
            self.models_.append(self._classifier().fit(Xj, y) if 0 < y.sum() < len(y) else None)
        self.thresholds_ = self._thresholds(oof, ys)
        return self

    def _thresholds(self, oof, ys) -> pd.Series:
        if not oof:
            return pd.Series(dtype=float)
        p_all, y_all = np.concatenate(oof), np.concatenate(ys)
        scored = ~np.isnan(p_all)
        pooled = best_threshold(p_all[scored], y_all[scored], 0.5)
        own = [best_threshold(p[~np.isnan(p)], y[~np.isnan(p)], pooled)
               if self.threshold == "code" else pooled for p, y in zip(oof, ys)]
        return pd.Series(own, index=self.codes_, dtype=float)

    def predict_proba(self, corpus: Corpus) -> pd.DataFrame:
        """Probability of every code for every participant passage."""
        _check(self)
        table = passage_table(corpus)
        proba = np.zeros((len(table), len(self.codes_)))
        if self.codes_:
            X = self.vectorizer_.transform(table["text"].fillna("").tolist())
            for j, model in enumerate(self.models_):
                proba[:, j] = model.predict_proba(X)[:, 1] if model is not None else 1.0
        return pd.DataFrame(proba, index=table["passage_id"].to_numpy(), columns=self.codes_)

    def transform(self, corpus: Corpus) -> pd.DataFrame:
        proba = self.predict_proba(corpus)
        table = passage_table(corpus)
        accepted = proba.to_numpy() >= self.thresholds_.reindex(self.codes_).to_numpy()
        return codings_from(corpus, table, accepted, proba.to_numpy(), self.codes_, self.coder)

    def fit_transform(self, corpus, codings, documents=None) -> pd.DataFrame:
        return self.fit(corpus, codings, documents).transform(corpus)
