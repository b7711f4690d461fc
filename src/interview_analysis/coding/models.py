"""Code suggestions learned from a researcher's hand coding: one linear classifier per code.

Rules cover what a researcher can name; :class:`ModelCoder` learns from what the researcher has
coded by hand. The typical loop: code four or five interviews, let the model suggest codes for
the rest (:func:`interview_analysis.coding.suggest.suggest`), accept or reject, refit.

How a code's classifier is built (:meth:`ModelCoder.fit`)
--------------------------------------------------------
* **Examples.** Every participant passage of a coded document is an example; it is positive for
  a code when a coded span overlaps it (what :func:`~.codings.attach_passages` records), so
  span-level codings from other tools work as they are.
* **Features.** Sublinear TF-IDF over the passage's lemmas (from the corpus token index, stop
  words removed) plus character n-grams 3–5 (``char_wb``) plus, at half weight, the lemmas of
  the interviewer's question the passage answers (the nearest interviewer passage before it:
  in a theme interview the question says much about the topic), joined in a ``FeatureUnion``
  (:func:`~.features.passage_features`). With ``rules`` (a RuleCoder, used by
  :class:`~.combined.CombinedCoder`) each code's classifier also sees whether its rule fired.
* **Classifier.** ``LogisticRegression(class_weight="balanced")``: codes are rare, and balanced
  weights keep a code with five positives among 500 passages from being ignored.
* **Out-of-fold scores.** Decision scores for the training passages come from an inner
  ``GroupKFold`` by case, so the model is never scored on an interview it learned from.
* **Calibration.** With at least ``calibrate_min`` positives spread over two or more cases, the
  out-of-fold scores are mapped to probabilities by Platt scaling (a sigmoid with Platt's target
  smoothing) — what ``CalibratedClassifierCV(method="sigmoid", ensemble=False)`` does with the
  same folds, done here by hand so the same out-of-fold scores also choose the threshold
  without a second round of fits. With fewer positives a sigmoid fitted on a handful of points
  is noise, so the balanced LR's own probabilities are used (0.5 then means "closer to the
  positives than to the negatives"; they overstate the chance of a rare code).
* **Threshold.** Chosen on the out-of-fold probabilities of the balanced LR: the F1-optimal
  threshold of all codes together (pooled), and each code's own F1-optimal threshold shrunk
  towards it by its number of positives, ``(n·t_code + k·t_pooled) / (n + k)`` with ``k =
  threshold_prior`` (a code's own optimum from five positives is mostly noise); a code whose
  positives all come from one case gets the pooled threshold. The threshold is then mapped to
  the code's calibrated scale. ``threshold=`` fixes one threshold for all codes instead.
* **Skipped codes.** Codes with fewer than ``min_examples`` positive passages get no classifier;
  they are listed in ``skipped_`` (code → positives).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit, logit
from sklearn.linear_model import LogisticRegression

from ..corpus.corpus import Corpus
from ..errors import CodingsError, InterviewAnalysisError
from .codings import CODING_COLUMNS, empty_codings
from .features import (
    feature_names,
    lemma_feature_count,
    passage_features,
    passage_table,
)
from .learn import (
    best_threshold,
    case_splits,
    code_order,
    label_matrix,
    platt_scaling,
    top_terms,
)


class ModelCoder:
    """Per-code classifiers trained on one coder's manual codings (see the module docstring).

    Parameters
    ----------
    codebook:
        Optional; only used to order the codes.
    min_examples:
        Codes with fewer positive passages are skipped (listed in ``skipped_``).
    threshold:
        One probability threshold for every code; ``None`` chooses one per code by inner CV.
    C:
        Inverse regularisation strength of the logistic regressions.
    inner_folds:
        Case-grouped folds for the out-of-fold scores (calibration and threshold).
    calibrate_min:
        Positives needed (in at least two cases) before Platt scaling is used.
    default_threshold:
        Threshold when none can be estimated (no positive example has a score).
    threshold_prior:
        ``k`` above: how many positives a code's own threshold counts for against the pooled.
    lemma_ngrams, char_weight, question_weight:
        Lemma n-gram length; weights of the character n-gram and question blocks (0 leaves a
        block out).
    rules, rule_weight:
        A :class:`~.coder.RuleCoder` whose hits become one feature per code, and its scale.
    n_evidence:
        How many top contributing terms go into ``matched``.
    coder:
        Name written into the ``coder`` column.

    Attributes (after ``fit``)
    --------------------------
    codes_, thresholds_, calibrated_, n_positive_, skipped_, oof_proba_ (out-of-fold
    probabilities of the training passages), oof_labels_, pooled_threshold_,
    training_passages_.

    Examples
    --------
    >>> model = ModelCoder().fit(corpus, study.codings("researcher"))  # doctest: +SKIP
    >>> model.transform(corpus)                                         # doctest: +SKIP
    """

    def __init__(self, codebook=None, min_examples: int = 3, threshold: float | None = None,
                 C: float = 4.0, inner_folds: int = 5, calibrate_min: int = 8,
                 default_threshold: float = 0.5, threshold_prior: float = 10.0,
                 lemma_ngrams: int = 1, char_weight: float = 1.0, question_weight: float = 0.5,
                 rules=None, rule_weight: float = 1.0, n_evidence: int = 5, coder: str = "model",
                 seed: int = 0) -> None:
        self.codebook = codebook
        self.min_examples = min_examples
        self.threshold = threshold
        self.C = C
        self.inner_folds = inner_folds
        self.calibrate_min = calibrate_min
        self.default_threshold = default_threshold
        self.threshold_prior = threshold_prior
        self.lemma_ngrams = lemma_ngrams
        self.char_weight = char_weight
        self.question_weight = question_weight
        self.rules = rules
        self.rule_weight = rule_weight
        self.n_evidence = n_evidence
        self.coder = coder
        self.seed = seed

    # -- fitting -------------------------------------------------------------------------------
    def _classifier(self) -> LogisticRegression:
        # liblinear's dual solver: same solution as the primal, several times faster when
        # passages are fewer than features (always, with character n-grams).
        return LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear",
                                  dual=True, max_iter=2000, random_state=self.seed)

    def _oof_scores(self, X, y: np.ndarray, splits) -> tuple[np.ndarray, bool]:
        """Out-of-fold decision scores, and whether every fold could be fitted."""
        scores = np.full(len(y), np.nan)
        for train, test in splits:
            if 0 < y[train].sum() < len(train):
                scores[test] = self._classifier().fit(X[train], y[train]).decision_function(
                    X[test])
        complete = not np.isnan(scores).any()
        floor = np.nanmin(scores) if not np.isnan(scores).all() else -5.0
        return np.where(np.isnan(scores), floor, scores), complete

    def fit(self, corpus: Corpus, codings: pd.DataFrame,
            documents: list[str] | None = None) -> "ModelCoder":
        """Learn one classifier per code from ``codings`` (long format, e.g. ``study.codings``).

        ``documents`` are the documents to learn from (default: those with any coding); all
        their participant passages are examples, uncoded ones negative for every code.
        """
        coded = codings.dropna(subset=["passage_id"])
        docs = set(documents) if documents is not None else set(coded["document"])
        table = passage_table(corpus)
        table = table[table["document"].isin(docs)]
        if table.empty:
            raise CodingsError("no coded participant passages to learn from", value=sorted(docs),
                               fix="code some passages by hand first (codings/<coder>.csv), "
                                   "or pass documents that are in the corpus")
        labels = label_matrix(table, coded, code_order(coded["code"].unique(), self.codebook))
        counts = labels.sum().astype(int)
        self.codes_ = [c for c in labels.columns if counts[c] >= self.min_examples]
        self.skipped_ = counts[counts < self.min_examples]
        self.n_positive_ = counts[self.codes_]
        self.training_passages_ = table["passage_id"].to_numpy()
        self.features_ = passage_features(corpus.language, self.lemma_ngrams,
                                          char_weight=self.char_weight,
                                          question_weight=self.question_weight).fit(table)
        X = self.features_.transform(table).tocsr()
        R = self._rule_hits(corpus, table)
        groups = table["case"].astype(str).to_numpy()
        splits = case_splits(groups, self.inner_folds, self.seed)
        weights = np.zeros((X.shape[1], len(self.codes_)), np.float32)
        intercepts, rule_coef = np.zeros(len(self.codes_)), np.zeros(len(self.codes_))
        self.platt_ = np.tile([1.0, 0.0], (len(self.codes_), 1))
        calibrated, raw, oof = [], {}, {}
        for j, code in enumerate(self.codes_):
            y = labels[code].to_numpy()
            Xj = X if R is None else sp.hstack([X, sp.csr_matrix(R[:, [j]])], "csr")
            model = self._classifier().fit(Xj, y)
            weights[:, j], intercepts[j] = model.coef_[0, :X.shape[1]], model.intercept_[0]
            rule_coef[j] = model.coef_[0, -1] if R is not None else 0.0
            scores, complete = self._oof_scores(Xj, y, splits)
            calibrate = (complete and y.sum() >= self.calibrate_min
                         and len(np.unique(groups[y == 1])) >= 2)
            if calibrate:
                self.platt_[j] = platt_scaling(scores, y)
            a, b = self.platt_[j]
            raw[code], oof[code] = expit(scores), expit(a * scores + b)
            calibrated.append(calibrate)
        self.raw_thresholds_ = self._raw_thresholds(raw, labels, groups)
        a, b = self.platt_[:, 0], self.platt_[:, 1]
        thresholds = expit(a * logit(self.raw_thresholds_.to_numpy()) + b) \
            if self.threshold is None else np.full(len(self.codes_), float(self.threshold))
        self.coef_, self.intercept_, self.rule_coef_ = weights, intercepts, rule_coef
        self.thresholds_ = pd.Series(thresholds, index=self.codes_, dtype=float)
        self.calibrated_ = pd.Series(calibrated, index=self.codes_, dtype=bool)
        self.oof_proba_ = pd.DataFrame(oof, index=self.training_passages_, columns=self.codes_)
        self.oof_labels_ = labels[self.codes_]
        self.names_ = feature_names(self.features_)
        self.n_lemma_features_ = lemma_feature_count(self.features_)
        return self

    def _raw_thresholds(self, raw: dict, labels: pd.DataFrame, groups) -> pd.Series:
        """Per-code thresholds on the balanced LR's out-of-fold probabilities: the code's own
        F1-optimal threshold shrunk towards the one threshold that is best for all codes
        together, ``(n·t_code + k·t_all) / (n + k)`` with ``n`` positives and ``k =
        threshold_prior``; a code whose positives are all in one case gets ``t_all``."""
        self.pooled_threshold_ = self.default_threshold
        if not raw:
            return pd.Series(dtype=float)
        y_all = np.concatenate([labels[c].to_numpy() for c in raw])
        p_all = np.concatenate(list(raw.values()))
        pooled = best_threshold(p_all, y_all, self.default_threshold)
        out = {}
        for code, p in raw.items():
            y = labels[code].to_numpy()
            if len(np.unique(groups[y == 1])) < 2:
                out[code] = pooled
                continue
            n = y.sum()
            own = best_threshold(p, y, pooled)
            out[code] = (n * own + self.threshold_prior * pooled) / (n + self.threshold_prior)
        self.pooled_threshold_ = pooled
        return pd.Series(out, dtype=float)

    # -- prediction ----------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "codes_"):
            raise InterviewAnalysisError("the model coder has not been fitted",
                                         fix="call fit(corpus, codings) first")

    def _rule_hits(self, corpus: Corpus, table: pd.DataFrame) -> np.ndarray | None:
        """0/``rule_weight`` matrix (passages of ``table`` × codes): the code's rule fired."""
        if self.rules is None:
            return None
        hits = label_matrix(table, self.rules.transform(corpus), self.codes_)
        return hits.to_numpy(np.float64) * self.rule_weight

    def _design(self, corpus: Corpus) -> tuple[pd.DataFrame, object, np.ndarray | None]:
        """Participant passages, their feature matrix and rule hits (``None`` without rules)."""
        table = passage_table(corpus)
        return table, self.features_.transform(table).tocsr(), self._rule_hits(corpus, table)

    def _proba(self, X, R: np.ndarray | None = None) -> np.ndarray:
        scores = np.asarray(X @ self.coef_) + self.intercept_
        if R is not None:
            scores = scores + R * self.rule_coef_
        return expit(scores * self.platt_[:, 0] + self.platt_[:, 1])

    def predict_proba(self, corpus: Corpus) -> pd.DataFrame:
        """Probability of every fitted code for every participant passage
        (index ``passage_id``, one column per code)."""
        self._check_fitted()
        table, X, R = self._design(corpus)
        return pd.DataFrame(self._proba(X, R), index=table["passage_id"].to_numpy(),
                            columns=self.codes_)

    def evidence(self, X, row: int, code: str) -> list[str]:
        """Top terms that push row ``row`` of design matrix ``X`` towards ``code``."""
        j = self.codes_.index(code)
        lo, hi = X.indptr[row], X.indptr[row + 1]
        return top_terms(X.data[lo:hi], X.indices[lo:hi], self.coef_[:, j], self.names_,
                         self.n_lemma_features_, self.n_evidence)

    def transform(self, corpus: Corpus) -> pd.DataFrame:
        """Codings (``origin = model``) where a code's probability reaches its threshold;
        ``score`` is the probability, ``matched`` the top contributing terms."""
        self._check_fitted()
        if not self.codes_:
            return empty_codings()
        table, X, R = self._design(corpus)
        proba = self._proba(X, R)
        rows_, cols_ = np.nonzero(proba >= self.thresholds_.to_numpy()[None, :])
        return self._codings(corpus, table, X, proba, rows_, cols_)

    def _codings(self, corpus: Corpus, table, X, proba, rows_, cols_) -> pd.DataFrame:
        if len(rows_) == 0:
            return empty_codings()
        passages = corpus.passages.loc[table.index]
        out = []
        for r, j in zip(rows_.tolist(), cols_.tolist()):
            p = passages.iloc[r]
            out.append({"document": p["document"], "case": p["case"],
                        "passage_id": p["passage_id"], "start": int(p["start"]),
                        "end": int(p["end"]), "code": self.codes_[j], "origin": "model",
                        "coder": self.coder, "stance": None, "score": float(proba[r, j]),
                        "matched": "; ".join(self.evidence(X, r, self.codes_[j])),
                        "memo": None, "text": p["text"]})
        return pd.DataFrame(out, columns=CODING_COLUMNS)

    def fit_transform(self, corpus: Corpus, codings: pd.DataFrame,
                      documents: list[str] | None = None) -> pd.DataFrame:
        return self.fit(corpus, codings, documents).transform(corpus)
