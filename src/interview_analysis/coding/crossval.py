"""Honest evaluation of the coders: cross-validation grouped by case, next to honest baselines.

A model that has seen other passages of the same interview has learnt that speaker's words, so
passages of one case are never split between training and testing: ``GroupKFold`` by case, or
leave-one-case-out when there are fewer cases than folds; with fewer than four cases the folds
are grouped by document, else plain K-fold, and the result says so
(:mod:`~.learned.folds`). Rules learn nothing, so they are simply applied to each test fold.
Predictions of all folds are pooled and scored once with :func:`~.evaluate.score_codings`.

Methods
-------
``rules``     the codebook's rules (:class:`~.coder.RuleCoder`); empty when no code has rules
``model``     :class:`~.models.ModelCoder` (codebook seeds, no rule features)
``combined``  :class:`~.combined.CombinedCoder`: rules and a rule-informed model
              (equals ``model`` when there are no rules)
``prior``     :class:`~.learned.baselines.PriorCoder`: no text, the frequent codes for everyone
``tfidf``     :class:`~.learned.baselines.TfidfCoder`: word TF-IDF + balanced logistic
              regression, per-code thresholds tuned inside each training fold

Examples
--------
>>> table = cross_validate(load_study("corpus/after-sales"), "researcher")  # doctest: +SKIP
>>> print(cross_validation_report(table))                                   # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import CodingsError
from .coder import RuleCoder
from .codings import CODING_COLUMNS
from .combined import CombinedCoder
from .evaluate import score_codings
from .features import passage_table
from .learn import code_order
from .learned.baselines import PriorCoder, TfidfCoder
from .learned.folds import make_folds
from .learned.report import cross_validation_report, per_code_notes
from .models import ModelCoder

RESULT_COLUMNS = ["method", "level", "precision", "recall", "f1", "support"]
METHODS = ("rules", "model", "combined", "prior", "tfidf")
LEARNED = ("model", "combined", "prior", "tfidf")

__all__ = ["METHODS", "RESULT_COLUMNS", "cross_validate", "cross_validation_report"]


def _resolve_codebook(study, codebook):
    """The codebook to use: given, loaded from a path, the study's, or none (``False``)."""
    if codebook is False:
        return None
    if codebook is None:
        return study.codebook() if study.config.codebook is not None else None
    if isinstance(codebook, (str, Path)):
        return study.codebook(codebook)
    return codebook


def _pairs(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["passage_id", "code"]].drop_duplicates()


def _learners(methods, codebook, rules, rule_codes, params: dict) -> dict:
    """A fresh coder per learned method (``combined`` is the model when there are no rules)."""
    out = {}
    if "model" in methods:
        out["model"] = ModelCoder(codebook, **params)
    if "combined" in methods:
        out["combined"] = CombinedCoder(rules, ModelCoder(codebook, **params)) if rule_codes \
            else "model"
    if "prior" in methods:
        out["prior"] = PriorCoder(codebook)
    if "tfidf" in methods:
        out["tfidf"] = TfidfCoder(codebook)
    if "tfidf-pooled" in methods:  # one threshold for all codes (a second, optional baseline)
        out["tfidf-pooled"] = TfidfCoder(codebook, threshold="pooled")
    return out


def _run_fold(corpus, reference, train, test, learners: dict, info: dict) -> dict:
    """Fit every learner on the training passages; their codings of the test passages."""
    train_ids, test_ids = set(train["passage_id"]), set(test["passage_id"])
    train_ref = reference[reference["passage_id"].isin(train_ids)]
    kwargs = {"documents": sorted(set(train["document"])), "passages": train_ids}
    out = {}
    for method, coder in learners.items():
        if isinstance(coder, str):
            continue
        coder.fit(corpus, train_ref, **kwargs)
        out[method] = _restrict(coder.transform(corpus), test_ids)
        model = getattr(coder, "model_", coder)
        for code, n in getattr(model, "skipped_", pd.Series(dtype=int)).items():
            info["skipped"][code] = max(info["skipped"].get(code, 0), int(n))
        if method == "combined":
            info["combined"].append({"veto": coder.veto_, "alone": coder.alone_})
    for method, alias in learners.items():
        if isinstance(alias, str) and alias in out:
            out[method] = out[alias]
    return out


def cross_validate(study, coder: str, folds: int = 5, by: str = "case", unit: str | None = None,
                   codebook=None, methods=METHODS, model_params: dict | None = None,
                   stance: bool = True, seed: int = 0) -> pd.DataFrame:
    """Grouped cross-validation of rules, model, combined and the baselines against a coder.

    Parameters
    ----------
    study:
        A loaded study (duck-typed: ``corpus``, ``codings``, ``codebook``, ``config``,
        ``language``, ``title``).
    coder:
        Whose manual codings are the reference (``codings/<coder>.csv``).
    folds:
        Number of folds; leave-one-group-out when it exceeds the number of groups.
    by:
        ``case``: passages of one case stay together (with fewer than four cases: of one
        document, else plain K-fold; ``attrs["grouping"]`` says which).
    unit:
        Passage unit (``turn``, ``paragraph``, ``sentence``); default the study's.
    codebook:
        A :class:`~.codebook.Codebook`, or a path to a YAML or ``.qdc`` codebook; default the
        study's; ``False`` for none.
    methods:
        Which of :data:`METHODS` to run.
    model_params:
        Keyword arguments for :class:`~.models.ModelCoder`.
    stance:
        Also measure stance-suggestion accuracy (in ``result.attrs["stance"]``).
    seed:
        Random state of plain K-fold (only used without enough cases and documents).

    Returns
    -------
    DataFrame ``method, level, precision, recall, f1, support``: one row per method and code,
    plus ``micro`` and ``macro``. ``attrs``: ``folds`` (test groups per fold), ``grouping``
    and ``grouping_note``, ``skipped`` (codes the model skipped in some fold, with the most
    positives they had in a training fold), ``notes`` (per code, why it was not learnt),
    ``combined`` (the tuned scheme per fold), ``stance``.
    """
    if by != "case":
        raise CodingsError("cross-validation is grouped by case only", value=by,
                           fix="use --by case: passages of one interview must not be split "
                               "between training and test")
    codebook = _resolve_codebook(study, codebook)
    corpus = study.corpus(unit)
    reference = study.codings(coder, unit, codebook)
    table = passage_table(corpus)
    reference = reference[reference["passage_id"].isin(set(table["passage_id"]))]
    table = table[table["document"].isin(set(reference["document"]))]
    fold_set = make_folds(table["case"], folds, table["document"], seed)
    if len(fold_set.splits) < 2:
        raise CodingsError("cross-validation needs manual codings of at least two passages",
                           value=len(table),
                           fix="code more passages by hand, or evaluate the rules with "
                               "'interview-analysis evaluate' without --folds")
    rules = RuleCoder(codebook, lang=study.language) if codebook is not None else None
    rule_codings = rules.transform(corpus) if rules is not None else \
        pd.DataFrame(columns=CODING_COLUMNS)
    rule_codings = rule_codings[rule_codings["passage_id"].isin(set(table["passage_id"]))]
    rule_codes = {c.id for c in codebook if c.rules.get(study.language)} if codebook else set()
    codes = code_order(set(reference["code"]) | (rule_codes & set(rule_codings["code"])),
                       codebook)
    predictions = {m: [] for m in methods}
    info = {"folds": [], "skipped": {}, "combined": []}
    for train_pos, test_pos in fold_set.splits:
        train, test = table.iloc[train_pos], table.iloc[test_pos]
        info["folds"].append(sorted(set(fold_set.groups[test_pos])))
        if "rules" in methods:
            predictions["rules"].append(_restrict(rule_codings, set(test["passage_id"])))
        learners = _learners(methods, codebook, rules, rule_codes, model_params or {})
        for method, pred in _run_fold(corpus, reference, train, test, learners, info).items():
            predictions[method].append(pred)
    result = _score(predictions, reference, codes, methods)
    result.attrs.update(info)
    result.attrs.update(coder=coder, study=study.title, grouping=fold_set.by,
                        grouping_note=fold_set.note,
                        notes=per_code_notes(info["skipped"], ModelCoder().min_examples))
    if stance:
        from .stance import stance_cross_validate
        result.attrs["stance"] = stance_cross_validate(reference, corpus)
    return result


def _score(predictions: dict, reference: pd.DataFrame, codes, methods) -> pd.DataFrame:
    frames = []
    for method in methods:
        pred = pd.concat([_pairs(p) for p in predictions[method]] or
                         [pd.DataFrame(columns=["passage_id", "code"])], ignore_index=True)
        scores = score_codings(pred, reference, codes, "passage_id")
        scores = scores.drop(columns="level").rename(columns={"code": "level"})
        scores.insert(0, "method", method)
        frames.append(scores[RESULT_COLUMNS])
    result = pd.concat(frames, ignore_index=True)
    result["support"] = result["support"].astype(int)
    return result


def _restrict(codings: pd.DataFrame, ids: set) -> pd.DataFrame:
    return codings[codings["passage_id"].isin(ids)]
