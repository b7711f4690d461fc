"""Rules and a learned model together: :class:`CombinedCoder`.

Importable from :mod:`interview_analysis.coding.models` as well.
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from ..corpus.corpus import Corpus
from ..errors import InterviewAnalysisError
from .codings import CODING_COLUMNS, empty_codings
from .models import ModelCoder

#: Grid the combination scheme is tuned over, in multiples of each code's model threshold.
VETO_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
ALONE_GRID = (1.0, 1.5, 2.0, 3.0, np.inf)


class CombinedCoder:
    """Rules and a model together: rules say what a researcher can name, the model what they
    coded by hand.

    Two steps, both learnt from the training codings only:

    1. **A rule-informed model.** A copy of ``model_coder`` is fitted with the rule hits as one
       more feature per code (``ModelCoder(rules=...)``): each code's classifier learns from the
       researcher's coding how much a hit of *its* rule is worth next to the words, so a rule
       that over-fires for one code is discounted there and a reliable one dominates.
    2. **Documented acceptance thresholds.** With ``t`` the code's threshold and ``p`` the
       rule-informed probability:

       * a **rule hit** is accepted unless the model is confident it is wrong: ``p >= veto·t``;
       * a **model suggestion without a rule hit** is accepted only when ``p >= alone·t``.

       ``veto`` and ``alone`` are tuned in ``fit`` when not given, over
       ``VETO_GRID × ALONE_GRID``, by micro-F1 on the training passages scored with the
       model's *out-of-fold* probabilities (rules learn nothing, so their hits are honest
       there): of the pairs within ``tolerance`` of the best, the one closest to the rules as
       they are. Test data is never used.

    A code with rules but no classifier (too few examples) keeps its rule hits; a code with a
    classifier but no rules (e.g. a ``.qdc`` codebook) is the model alone at ``t`` — with no
    rules at all the combined coder *is* the model.

    Output codings keep their origin — ``rule`` when a rule hit was accepted, ``model`` for a
    model suggestion alone (the project database knows only rule | manual | model) — with
    ``coder`` = ``combined``, ``score`` = the model probability (1.0 for a rule-only code) and
    the source in ``memo``: ``combined: rule+model``, ``combined: rule`` or ``combined: model``.

    Parameters
    ----------
    rule_coder, model_coder:
        A :class:`~.coder.RuleCoder` (or ``None``: no rules) and a :class:`ModelCoder`
        (its settings are copied; it is not changed).
    veto, alone:
        Fixed scheme parameters; ``None`` tunes them.
    tolerance:
        Training micro-F1 a pair may lose against the best one and still be preferred for
        being closer to the rules as they are (veto 0, alone ∞).
    prefit:
        ``True`` when ``model_coder`` is already fitted (then it is used as it is, with or
        without rule features; only the scheme is tuned).
    """

    def __init__(self, rule_coder, model_coder: ModelCoder, veto: float | None = None,
                 alone: float | None = None, tolerance: float = 0.0, prefit: bool = False,
                 coder: str = "combined") -> None:
        self.rule_coder = rule_coder
        self.model_coder = model_coder
        self.veto = veto
        self.alone = alone
        self.tolerance = tolerance
        self.prefit = prefit
        self.coder = coder

    def _rule_codings(self, corpus: Corpus) -> pd.DataFrame:
        if self.rule_coder is None:
            return empty_codings()
        return self.rule_coder.transform(corpus)

    def _rule_codes(self, corpus: Corpus) -> set[str]:
        if self.rule_coder is None:
            return set()
        lang = self.rule_coder.lang or corpus.language
        return {c.id for c in self.rule_coder.codebook if c.rules.get(lang)}

    def _decide(self, proba: pd.DataFrame, hits: set, rule_codes: set, veto: float,
                alone: float) -> np.ndarray:
        """Boolean matrix (passages × model codes) of accepted model-coded cells."""
        model = self.model_
        t = model.thresholds_.reindex(proba.columns).to_numpy()
        p = proba.to_numpy()
        hit = np.zeros(p.shape, bool)
        col = {c: j for j, c in enumerate(proba.columns)}
        row = {pid: i for i, pid in enumerate(proba.index)}
        for pid, code in hits:
            if code in col and pid in row:
                hit[row[pid], col[code]] = True
        has_rules = np.array([c in rule_codes for c in proba.columns])
        alone_t = np.where(has_rules, alone * t, t)
        return np.where(hit, p >= veto * t, p >= alone_t)

    def fit(self, corpus: Corpus, codings: pd.DataFrame,
            documents: list[str] | None = None, passages=None) -> "CombinedCoder":
        """Fit the model (unless ``prefit``) and tune ``veto`` / ``alone`` on its out-of-fold
        probabilities (``documents``, ``passages``: as in :meth:`ModelCoder.fit`)."""
        if self.prefit:
            self.model_ = self.model_coder
        else:
            self.model_ = copy.deepcopy(self.model_coder)
            if self.rule_coder is not None:
                self.model_.rules = self.rule_coder
            self.model_.fit(corpus, codings, documents, passages=passages)
        model = self.model_
        rule_codes = self._rule_codes(corpus)
        hits = set(zip(*self._rule_codings(corpus)[["passage_id", "code"]].to_numpy().T)) \
            if self.rule_coder is not None else set()
        proba, labels = model.oof_proba_, model.oof_labels_.to_numpy().astype(bool)
        vetoes = [self.veto] if self.veto is not None else list(VETO_GRID)
        alones = [self.alone] if self.alone is not None else list(ALONE_GRID)
        self.scores_ = {}
        for veto in vetoes:
            for alone in alones:
                pred = self._decide(proba, hits, rule_codes, veto, alone)
                tp = (pred & labels).sum()
                self.scores_[(veto, alone)] = \
                    2 * tp / (pred.sum() + labels.sum()) if labels.sum() else 0.0
        # The pair closest to "rules as they are" (veto 0, alone ∞) among those within
        # ``tolerance`` of the best training F1: a small gain on the training passages is not
        # worth moving away from the rules the researcher wrote.
        top = max(self.scores_.values())
        near = [k for k, f1 in self.scores_.items() if f1 >= top - self.tolerance]
        self.veto_, self.alone_ = min(near, key=lambda k: (
            vetoes.index(k[0]) + len(alones) - 1 - alones.index(k[1]), -self.scores_[k]))
        self.rule_codes_ = rule_codes
        return self

    def transform(self, corpus: Corpus) -> pd.DataFrame:
        """Combined codings (see the class docstring for the scheme and the columns)."""
        if not hasattr(self, "veto_"):
            raise InterviewAnalysisError("the combined coder has not been fitted",
                                         fix="call fit(corpus, codings) first")
        model = self.model_
        rules = self._rule_codings(corpus)
        table, X, R = model._design(corpus)
        proba = pd.DataFrame(model._proba(X, R, table), index=table["passage_id"].to_numpy(),
                             columns=model.codes_)
        hits = set(zip(rules["passage_id"], rules["code"]))
        accepted = self._decide(proba, hits, self.rule_codes_, self.veto_, self.alone_)
        out = model._codings(corpus, table, X, proba.to_numpy(), accepted)
        out["coder"] = self.coder
        key = list(zip(out["passage_id"], out["code"]))
        is_hit = np.array([k in hits for k in key], bool)
        matched = rules.set_index(["passage_id", "code"])["matched"]
        out["origin"] = np.where(is_hit, "rule", "model")
        out["memo"] = np.where(is_hit, "combined: rule+model", "combined: model")
        out["matched"] = [f"{matched.get(k)}; {m}" if h and matched.get(k) else m
                          for k, h, m in zip(key, is_hit, out["matched"])]
        rule_only = rules[~rules["code"].isin(model.codes_)].copy()
        rule_only["coder"], rule_only["memo"] = self.coder, "combined: rule"
        frames = [f for f in (out, rule_only) if len(f)]
        return pd.concat(frames, ignore_index=True)[CODING_COLUMNS] if frames else \
            empty_codings()

    def fit_transform(self, corpus: Corpus, codings: pd.DataFrame,
                      documents: list[str] | None = None) -> pd.DataFrame:
        return self.fit(corpus, codings, documents).transform(corpus)
