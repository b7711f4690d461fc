"""Honest evaluation of the coders: cross-validation grouped by case (interview).

A model that has seen other passages of the same interview has learnt that speaker's words, so
passages of one case are never split between training and testing: ``GroupKFold`` by case, or
leave-one-case-out when there are fewer cases than folds. Rules learn nothing, so they are simply
applied to each test fold. Predictions of all folds are pooled and scored once with
:func:`~.evaluate.score_codings` (per code, micro and macro precision / recall / F1).

Methods
-------
``rules``     the codebook's rules (:class:`~.coder.RuleCoder`); empty when no code has rules
``model``     :class:`~.models.ModelCoder`
``combined``  :class:`~.combined.CombinedCoder` (equals ``model`` when there are no rules)
``baseline``  plain TF-IDF (word unigrams + bigrams of the lower-cased raw text) and a
              one-vs-rest ``LogisticRegression()`` with default settings, same folds

Examples
--------
>>> table = cross_validate(load_study("corpus/after-sales"), "researcher")  # doctest: +SKIP
>>> print(cross_validation_report(table))                                           # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.multiclass import OneVsRestClassifier

from ..errors import CodingsError
from .coder import RuleCoder
from .codings import CODING_COLUMNS
from .combined import CombinedCoder
from .evaluate import score_codings
from .features import passage_table
from .learn import code_order, label_matrix
from .models import ModelCoder

RESULT_COLUMNS = ["method", "level", "precision", "recall", "f1", "support"]
METHODS = ("rules", "model", "combined", "baseline")


def case_folds(cases, folds: int) -> list[tuple[list[str], list[str]]]:
    """``(train cases, test cases)`` per fold, from ``GroupKFold`` over passages grouped by
    case: a case is in exactly one test fold and never on both sides of a fold.

    ``cases`` is the case of every passage (folds are balanced by passage count); with
    ``folds`` ≥ the number of cases this is leave-one-case-out.
    """
    groups = np.asarray(cases, dtype=object).astype(str)
    everyone = sorted(set(groups))
    if len(everyone) < 2:
        raise CodingsError("cross-validation needs manual codings of at least two cases",
                           value=everyone,
                           fix="code at least two interviews by hand, or evaluate the rules "
                               "with 'interview-analysis evaluate' without --by case")
    splitter = GroupKFold(n_splits=min(folds, len(everyone)))
    out = []
    for train, test in splitter.split(groups, groups=groups):
        out.append((sorted(map(str, set(groups[train]))), sorted(map(str, set(groups[test])))))
    return out


def baseline_predict(train: pd.DataFrame, y: pd.DataFrame, test: pd.DataFrame) -> pd.DataFrame:
    """The plain baseline: word 1–2-gram TF-IDF + one-vs-rest default LogisticRegression.

    Returns long codings (``passage_id, code``) for the test passages."""
    codes = [c for c in y.columns if 0 < y[c].sum() < len(y)]
    if not codes or test.empty:
        return pd.DataFrame(columns=["passage_id", "code"])
    vec = TfidfVectorizer(lowercase=True, ngram_range=(1, 2))
    X = vec.fit_transform(train["text"].fillna(""))
    clf = OneVsRestClassifier(LogisticRegression(max_iter=1000)).fit(X, y[codes].to_numpy())
    pred = clf.predict(vec.transform(test["text"].fillna("")))
    r, j = np.nonzero(pred)
    return pd.DataFrame({"passage_id": test["passage_id"].to_numpy()[r],
                         "code": np.asarray(codes, dtype=object)[j]})


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


def cross_validate(study, coder: str, folds: int = 5, by: str = "case", unit: str | None = None,
                   codebook=None, methods=METHODS, model_params: dict | None = None,
                   stance: bool = True) -> pd.DataFrame:
    """Case-grouped cross-validation of rules, model, combined and baseline against a coder.

    Parameters
    ----------
    study:
        A loaded study (:func:`~interview_analysis.study.study.load_study`).
    coder:
        Whose manual codings are the reference (``codings/<coder>.csv``).
    folds:
        Number of folds; leave-one-case-out when it exceeds the number of coded cases.
    by:
        Grouping; only ``case`` is supported (passages of one interview stay together).
    unit:
        Passage unit (``turn``, ``paragraph``, ``sentence``); default the study's.
    codebook:
        A :class:`~.codebook.Codebook`, or a path to a YAML or ``.qdc`` codebook; default the
        study's; ``False`` for none. Codes without rules give empty ``rules`` rows and
        ``combined`` = ``model``.
    methods:
        Which methods to run.
    model_params:
        Keyword arguments for :class:`~.models.ModelCoder`.
    stance:
        Also measure stance-suggestion accuracy (in ``result.attrs["stance"]``).

    Returns
    -------
    DataFrame ``method, level, precision, recall, f1, support``: one row per method and code,
    plus ``micro`` and ``macro``. ``attrs`` holds ``folds`` (the test cases of each fold),
    ``skipped`` (codes the model skipped in some fold, with the most positives they had in a
    training fold), ``combined`` (the tuned scheme per fold) and ``stance`` (see
    :func:`~.stance.stance_cross_validate`; always leave-one-case-out, when asked and the
    coder gave stances).
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
    coded_docs = set(reference["document"])
    table = table[table["document"].isin(coded_docs)]
    fold_list = case_folds(table["case"], folds)
    rules = RuleCoder(codebook, lang=study.language) if codebook is not None else None
    rule_codings = rules.transform(corpus) if rules is not None else \
        pd.DataFrame(columns=CODING_COLUMNS)
    rule_codings = rule_codings[rule_codings["passage_id"].isin(set(table["passage_id"]))]
    rule_codes = {c.id for c in codebook if c.rules.get(study.language)} if codebook else set()
    codes = code_order(set(reference["code"]) | (rule_codes & set(rule_codings["code"])),
                       codebook)
    predictions = {m: [] for m in methods}
    info = {"folds": [], "skipped": {}, "combined": []}
    labels = label_matrix(table, reference, codes)
    for train_cases, test_cases in fold_list:
        train = table[table["case"].isin(train_cases)]
        test = table[table["case"].isin(test_cases)]
        test_ids = set(test["passage_id"])
        info["folds"].append(test_cases)
        if "rules" in methods:
            predictions["rules"].append(rule_codings[rule_codings["passage_id"].isin(test_ids)])
        if "model" in methods or "combined" in methods:
            train_ref = reference[reference["document"].isin(set(train["document"]))]
            model = ModelCoder(codebook, **(model_params or {})).fit(
                corpus, train_ref, documents=sorted(set(train["document"])))
            for code, n in model.skipped_.items():
                info["skipped"][code] = max(info["skipped"].get(code, 0), int(n))
            if "model" in methods:
                predictions["model"].append(_restrict(model.transform(corpus), test_ids))
            if "combined" in methods:
                if rule_codes:
                    combined = CombinedCoder(rules, ModelCoder(codebook, **(model_params or {})))
                else:  # no rules: the combined coder is the model; do not fit it twice
                    combined = CombinedCoder(None, model, prefit=True)
                combined.fit(corpus, train_ref, documents=sorted(set(train["document"])))
                info["combined"].append({"veto": combined.veto_, "alone": combined.alone_})
                predictions["combined"].append(_restrict(combined.transform(corpus), test_ids))
        if "baseline" in methods:
            y = labels.loc[train["passage_id"].to_numpy()]
            predictions["baseline"].append(baseline_predict(train, y, test))
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
    result.attrs.update(info)
    result.attrs["coder"], result.attrs["study"] = coder, study.title
    if stance:
        from .stance import stance_cross_validate
        result.attrs["stance"] = stance_cross_validate(reference, corpus)
    return result


def _restrict(codings: pd.DataFrame, ids: set) -> pd.DataFrame:
    return codings[codings["passage_id"].isin(ids)]


def cross_validation_report(result: pd.DataFrame, top: int = 8) -> str:
    """Markdown: a method × micro/macro table, per-code F1 for the ``top`` most frequent codes,
    and stance accuracy."""
    summary = result[result["level"].isin(["micro", "macro"])]
    wide = summary.pivot(index="method", columns="level", values=["precision", "recall", "f1"])
    wide = wide.reindex([m for m in METHODS if m in set(result["method"])])
    lines = ["| method | micro P | micro R | micro F1 | macro P | macro R | macro F1 |",
             "|---|---|---|---|---|---|---|"]
    for method, row in wide.iterrows():
        cells = [row[(k, lvl)] for lvl in ("micro", "macro") for k in ("precision", "recall",
                                                                       "f1")]
        lines.append(f"| {method} | " + " | ".join(_num(v) for v in cells) + " |")
    per_code = result[~result["level"].isin(["micro", "macro"])]
    frequent = (per_code.drop_duplicates("level").sort_values("support", ascending=False,
                                                              kind="stable").head(top))
    methods = list(wide.index)
    lines += ["", "| code | support | " + " | ".join(f"{m} F1" for m in methods) + " |",
              "|---|---|" + "---|" * len(methods)]
    f1 = per_code.pivot(index="level", columns="method", values="f1")
    for code, support in zip(frequent["level"], frequent["support"]):
        lines.append(f"| {code} | {support} | " +
                     " | ".join(_num(f1.at[code, m]) for m in methods) + " |")
    stance = result.attrs.get("stance")
    if stance:
        lines += ["", "Stance accuracy: " + ", ".join(
            f"{k} {_num(v)}" for k, v in stance.items() if k.startswith("accuracy"))
            + f" (n = {stance.get('n', 0)})"]
    return "\n".join(lines)


def _num(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.3f}"
