"""Code suggestions learned from a researcher's hand coding and the codebook.

Rules cover what a researcher can name; :class:`ModelCoder` learns from what the researcher has
coded by hand and from what the codebook says about each code. The typical loop: code a few
documents (or none: the codebook's definitions and examples are a start), let the model suggest
codes for the rest (:func:`interview_analysis.coding.suggest.suggest`), accept or reject, refit.

How the model is built (:meth:`ModelCoder.fit`)
----------------------------------------------
* **Examples.** Every participant passage of a coded document is an example; it is positive for
  a code when a coded span overlaps it, so span-level codings from other tools work as they are.
  Accepted and rejected suggestions (``feedback``) label single (passage, code) cells.
  The codebook's label, definition, when-to-use text, example and example sentences of each code
  are extra examples at weight ``seed_weight`` (:mod:`~.learned.seeds`).
* **Features.** Sublinear TF-IDF over the passage's lemmas plus character n-grams 3–5
  (``char_wb``: Finnish compounds and forms the lemmatiser does not know), plus, at lower
  weights, the lemmas of the interviewer's question the passage answers and of the neighbouring
  passages (:func:`~.features.passage_features`). Blocks without any word (no interviewer, one
  passage per document) simply drop out.
* **First stage.** One ``LogisticRegression(class_weight="balanced")`` per code
  (:mod:`~.learned.first`); its out-of-fold scores come from inner folds grouped like the outer
  ones (:mod:`~.learned.folds`), so no score is of a case the classifier learned from. With at
  least ``calibrate_min`` positives in two or more groups the scores are Platt-scaled (Platt
  1999); with fewer the balanced LR's own probabilities are used.
* **Second stage** (``stack``, by default used when it helps out of fold). A logistic regression shared by all codes turns each
  code's probability into the final one using the passage's other codes (competition and label
  co-occurrence), the neighbouring passages and rule hits (:mod:`~.learned.stack`), trained
  on the out-of-fold first-stage probabilities.
* **Threshold.** Chosen on the out-of-fold final probabilities: the F1-optimal threshold of all
  codes together, and each code's own F1-optimal threshold shrunk towards it by its number of
  positives, ``(n·t_code + k·t_pooled) / (n + k)``, ``k = threshold_prior``; ``threshold=``
  fixes one threshold for all codes.
* **Codes with too few examples.** Fewer than ``min_examples`` coded passages (and no seed
  texts, or fewer than ``seeded_min``): no classifier; ``notes_`` says so per code
  (``skipped_`` counts the positives).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit

from ..corpus.corpus import Corpus
from ..errors import CodingsError, InterviewAnalysisError
from .features import feature_names, lemma_feature_count, passage_features, passage_table
from .learn import best_threshold, code_order, label_matrix, platt_scaling, top_terms
from .learned.data import codings_from, neighbours, training_data
from .learned.first import first_stage
from .learned.folds import make_folds
from .learned.seeds import codebook_seeds
from .learned.stack import Stacker, cooccurrence, rule_precision, stack_features


class ModelCoder:
    """Per-code classifiers with a shared second stage (see the module docstring).

    Parameters
    ----------
    codebook:
        Orders the codes; its texts are seed examples (``seed_weight``).
    min_examples:
        Codes with fewer coded passages get no classifier (a note in ``notes_``).
    threshold:
        One probability threshold for every code; ``None`` chooses one per code.
    C, inner_folds, calibrate_min, default_threshold, threshold_prior:
        First-stage regularisation; inner folds; positives needed for Platt scaling; the
        threshold when none can be estimated; ``k`` of the threshold shrinkage.
    lemma_ngrams, char_weight, question_weight, context_weight:
        Lemma n-gram length and the weights of the feature blocks (0 leaves one out).
    seed_weight:
        Weight of a codebook seed text against a coded passage (0: no seeds).
    seeded_min:
        A code with seed texts in the codebook gets a classifier from this many coded passages
        on (``None``: ``min_examples``, like any code): its seeds stand in for the examples it
        lacks. Before any hand coding every leaf code with seed texts has one.
    stack, stack_C:
        Use the second stage (``True``, ``False`` or ``"auto"``: when its out-of-fold micro-F1
        on the training passages beats the first stage's; ``stack_gain_`` records by how
        much), and its regularisation.
    rules:
        A :class:`~.coder.RuleCoder` whose hits are second-stage features.
    n_evidence, coder, seed:
        Top terms put into ``matched``; the ``coder`` column; random state.

    Attributes (after ``fit``)
    --------------------------
    codes_, thresholds_, calibrated_, n_positive_, skipped_, notes_, oof_proba_ (out-of-fold
    probabilities of the training passages), oof_labels_, pooled_threshold_,
    training_passages_, folds_by_ (how the inner folds were grouped).

    Examples
    --------
    >>> model = ModelCoder().fit(corpus, study.codings("researcher"))  # doctest: +SKIP
    >>> model.transform(corpus)                                         # doctest: +SKIP
    """

    def __init__(self, codebook=None, min_examples: int = 3, threshold: float | None = None,
                 C: float = 4.0, inner_folds: int = 5, calibrate_min: int = 8,
                 default_threshold: float = 0.5, threshold_prior: float = 10.0,
                 lemma_ngrams: int = 1, char_weight: float = 1.0, question_weight: float = 0.5,
                 context_weight: float = 0.0, seed_weight: float = 0.5, stack="auto",
                 stack_C: float = 1.0, seeded_min: int | None = 1, rules=None,
                 n_evidence: int = 5, coder: str = "model", seed: int = 0) -> None:
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
        self.context_weight = context_weight
        self.seed_weight = seed_weight
        self.stack = stack
        self.stack_C = stack_C
        self.seeded_min = seeded_min
        self.rules = rules
        self.n_evidence = n_evidence
        self.coder = coder
        self.seed = seed

    # -- fitting -------------------------------------------------------------------------------
    def fit(self, corpus: Corpus, codings: pd.DataFrame, documents: list[str] | None = None,
            feedback: pd.DataFrame | None = None, passages=None) -> "ModelCoder":
        """Learn from ``codings`` (long format, e.g. ``study.codings``) of ``documents``
        (default: those with any coding; all their participant passages are examples),
        ``feedback`` (``passage_id, code, accepted``: accepted or rejected suggestions) and
        the codebook. ``passages`` restricts the examples to these passage IDs."""
        data = training_data(corpus, codings, documents, self.codebook, feedback, passages)
        seeds = codebook_seeds(self.codebook, corpus.language) if self.seed_weight > 0 \
            else codebook_seeds(None, corpus.language)
        counts = data.positives
        cold = int(counts.sum()) == 0
        if cold and seeds.empty:
            raise CodingsError("no coded participant passages to learn from",
                               value=sorted(set(data.table["document"])),
                               fix="code some passages by hand first (codings/<coder>.csv), "
                                   "or pass documents that are in the corpus")
        self._choose_codes(counts, seeds, cold)
        seeds = seeds[seeds["code"].isin(self.codes_)]
        table = data.table if not cold else passage_table(corpus)
        self.features_ = passage_features(
            corpus.language, self.lemma_ngrams, char_weight=self.char_weight,
            question_weight=self.question_weight, context_weight=self.context_weight,
        ).fit(pd.concat([table, seeds], ignore_index=True))
        self.names_ = feature_names(self.features_)
        self.n_lemma_features_ = lemma_feature_count(self.features_)
        Xs = self.features_.transform(seeds).tocsr() if len(seeds) else None
        if cold:
            return self._fit_seeds_only(Xs, seeds["code"].to_numpy())
        return self._fit(corpus, data, Xs, seeds["code"].to_numpy())

    def _choose_codes(self, counts: pd.Series, seeds: pd.DataFrame, cold: bool) -> None:
        seeded = set(seeds["code"])
        if self.codebook is not None:  # themes group codes; passages get leaves
            seeded &= {c.id for c in self.codebook.leaves()}
        least = self.min_examples if self.seeded_min is None else self.seeded_min
        if cold:
            self.codes_ = code_order(seeded, self.codebook)
        else:
            self.codes_ = code_order(
                {c for c in counts.index if counts[c] >= self.min_examples}
                | {c for c in seeded if counts.get(c, 0) >= least}, self.codebook)
        self.skipped_ = counts[~counts.index.isin(self.codes_)]
        self.n_positive_ = counts.reindex(self.codes_, fill_value=0)
        self.notes_ = {c: (f"{n} coded passage{'s' if n != 1 else ''}: fewer than "
                           f"{self.min_examples}, so no classifier; code more passages "
                           "or write a rule") for c, n in self.skipped_.items()}

    def _fit_seeds_only(self, Xs, seed_codes) -> "ModelCoder":
        """Before any hand coding: the codebook's texts are the only examples."""
        k = len(self.codes_)
        zeros = sp.csr_matrix((0, Xs.shape[1]))
        self.coef_, self.intercept_, _ = first_stage(
            zeros, np.zeros((0, k), int), np.zeros((0, k), bool), Xs, seed_codes, self.codes_,
            [], 1.0, self.C, self.seed)
        self.platt_ = np.tile([1.0, 0.0], (k, 1))
        self.stacker_ = None
        self.thresholds_ = pd.Series(self.default_threshold, index=self.codes_, dtype=float)
        self.calibrated_ = pd.Series(False, index=self.codes_, dtype=bool)
        self.pooled_threshold_ = self.default_threshold
        self.training_passages_ = np.array([], dtype=object)
        self.oof_proba_ = pd.DataFrame(columns=self.codes_, dtype=float)
        self.oof_labels_ = pd.DataFrame(columns=self.codes_, dtype=int)
        self.folds_by_ = None
        return self

    def _fit(self, corpus: Corpus, data, Xs, seed_codes) -> "ModelCoder":
        table = data.table
        y = data.labels.reindex(columns=self.codes_, fill_value=0).to_numpy()
        full = data.known.all(1) if data.known.shape[1] else np.ones(len(y), bool)
        known = np.stack([data.known[:, data.codes.index(c)] if c in data.codes else full
                          for c in self.codes_], 1) if self.codes_ else np.zeros((len(y), 0), bool)
        X = self.features_.transform(table).tocsr()
        folds = make_folds(table["case"], self.inner_folds, table["document"], self.seed)
        self.folds_by_ = folds.by
        self.coef_, self.intercept_, scores = first_stage(
            X, y, known, Xs, seed_codes, self.codes_, folds.splits, self.seed_weight, self.C,
            self.seed)
        P = self._calibrate(scores, y, known, folds.groups)
        hits = self._rule_hits(corpus, table)
        self.prior_, self.cond_ = cooccurrence(y, known)
        self.rule_precision_ = rule_precision(hits, y, known) if hits is not None else None
        nb = neighbours(table)
        final = self._fit_stacker(P, nb, hits, y, known, folds.splits)
        thresholds = self._thresholds(final, y, known, folds.groups)
        if self.stacker_ is not None and self.stack == "auto":
            plain = self._thresholds(P, y, known, folds.groups)
            self.stack_gain_ = _micro_f1(final, thresholds, y, known) - _micro_f1(
                P, plain, y, known)
            if self.stack_gain_ <= 0:  # the second stage did not help on held-out folds
                self.stacker_, final, thresholds = None, P, plain
        self.training_passages_ = table["passage_id"].to_numpy()
        self.oof_proba_ = pd.DataFrame(final, index=self.training_passages_,
                                       columns=self.codes_)
        self.oof_labels_ = pd.DataFrame(np.where(known, y, 0), index=self.training_passages_,
                                        columns=self.codes_)
        self.thresholds_ = thresholds
        return self

    def _calibrate(self, scores, y, known, groups) -> np.ndarray:
        """Platt scaling per code where there are enough positives; first-stage
        probabilities of every training passage (out-of-fold)."""
        self.platt_ = np.tile([1.0, 0.0], (len(self.codes_), 1))
        calibrated = []
        for j in range(len(self.codes_)):
            pos = (y[:, j] == 1) & known[:, j]
            ok = pos.sum() >= self.calibrate_min and len(np.unique(groups[pos])) >= 2
            if ok:
                self.platt_[j] = platt_scaling(scores[known[:, j], j], y[known[:, j], j])
            calibrated.append(ok)
        self.calibrated_ = pd.Series(calibrated, index=self.codes_, dtype=bool)
        return expit(scores * self.platt_[:, 0] + self.platt_[:, 1])

    def _fit_stacker(self, P, nb, hits, y, known, splits) -> np.ndarray:
        """Fit the second stage; its out-of-fold probabilities (``P`` itself without it)."""
        self.stacker_ = None
        if not self.stack or not len(self.codes_):
            return P
        F = stack_features(P, nb, self.prior_, self.cond_, hits, self.rule_precision_)
        self.stacker_ = Stacker(self.stack_C, self.seed).fit(F, y, known)
        out = np.array(P, copy=True)
        for train, test in splits:
            out[test] = Stacker(self.stack_C, self.seed).fit(
                F[train], y[train], known[train]).predict_proba(F[test])
        return out

    def _thresholds(self, proba, y, known, groups) -> pd.Series:
        """Per-code thresholds on the out-of-fold final probabilities: the code's own
        F1-optimal threshold shrunk towards the pooled one, ``(n·t_code + k·t_all) / (n + k)``;
        a code whose positives are all in one group gets ``t_all``."""
        if self.threshold is not None:
            self.pooled_threshold_ = float(self.threshold)
            return pd.Series(float(self.threshold), index=self.codes_, dtype=float)
        pooled = best_threshold(proba[known], y[known], self.default_threshold)
        out = []
        for j in range(len(self.codes_)):
            rows = known[:, j]
            yj, n = y[rows, j], int(y[rows, j].sum())
            if len(np.unique(groups[rows][yj == 1])) < 2:
                out.append(pooled)
                continue
            own = best_threshold(proba[rows, j], yj, pooled)
            out.append((n * own + self.threshold_prior * pooled) / (n + self.threshold_prior))
        self.pooled_threshold_ = pooled
        return pd.Series(out, index=self.codes_, dtype=float)

    # -- prediction ----------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "codes_"):
            raise InterviewAnalysisError("the model coder has not been fitted",
                                         fix="call fit(corpus, codings) first")

    def _rule_hits(self, corpus: Corpus, table: pd.DataFrame) -> np.ndarray | None:
        """0/1 matrix (passages of ``table`` × codes): the code's rule fired."""
        if self.rules is None:
            return None
        return label_matrix(table, self.rules.transform(corpus), self.codes_).to_numpy(float)

    def _design(self, corpus: Corpus) -> tuple[pd.DataFrame, object, np.ndarray | None]:
        """Participant passages, their feature matrix and rule hits (``None`` without rules)."""
        table = passage_table(corpus)
        return table, self.features_.transform(table).tocsr(), self._rule_hits(corpus, table)

    def _proba(self, X, R: np.ndarray | None, table: pd.DataFrame) -> np.ndarray:
        scores = np.asarray(X @ self.coef_) + self.intercept_
        P = expit(scores * self.platt_[:, 0] + self.platt_[:, 1])
        if self.stacker_ is None:
            return P
        F = stack_features(P, neighbours(table), self.prior_, self.cond_, R,
                           self.rule_precision_)
        return self.stacker_.predict_proba(F)

    def predict_proba(self, corpus: Corpus) -> pd.DataFrame:
        """Probability of every fitted code for every participant passage
        (index ``passage_id``, one column per code)."""
        self._check_fitted()
        table, X, R = self._design(corpus)
        return pd.DataFrame(self._proba(X, R, table), index=table["passage_id"].to_numpy(),
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
        table, X, R = self._design(corpus)
        proba = self._proba(X, R, table) if self.codes_ else np.zeros((len(table), 0))
        accepted = proba >= self.thresholds_.reindex(self.codes_).to_numpy()[None, :]
        return self._codings(corpus, table, X, proba, accepted)

    def _codings(self, corpus: Corpus, table, X, proba, accepted) -> pd.DataFrame:
        return codings_from(corpus, table, accepted, proba, self.codes_, self.coder,
                            evidence=lambda r, c: self.evidence(X, r, c))

    def fit_transform(self, corpus: Corpus, codings: pd.DataFrame,
                      documents: list[str] | None = None) -> pd.DataFrame:
        return self.fit(corpus, codings, documents).transform(corpus)


def _micro_f1(proba: np.ndarray, thresholds: pd.Series, y: np.ndarray, known) -> float:
    """Micro-F1 of ``proba >= thresholds`` over the known cells."""
    pred = (proba >= thresholds.to_numpy()[None, :]) & known
    truth = (y == 1) & known
    tp = (pred & truth).sum()
    return 2 * tp / max(pred.sum() + truth.sum(), 1)
