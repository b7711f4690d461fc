"""Code suggestions and what to code next: the hand-coding loop with a model alongside.

Code four or five interviews by hand (or none: the codebook's definitions and examples are a
start); :func:`suggest` then ranks the passages the coder has not given a code (in documents not
yet coded, or passages without that code) by the model's probability, with the terms behind
each suggestion, and learns from every suggestion accepted or rejected (``feedback``);
:func:`next_to_code` picks the passages the model is least sure about (uncertainty sampling,
Lewis & Gale 1994), spread over documents, so each new hand coding teaches it the most.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus.corpus import Corpus
from ..errors import CodingsError
from .coder import RuleCoder
from .models import ModelCoder

SUGGESTION_COLUMNS = ["code", "passage_id", "case", "score", "evidence", "rule_match", "text"]
NEXT_COLUMNS = ["passage_id", "document", "case", "uncertainty", "codes", "reason", "text"]


def _inputs(study_or_corpus, coder, codebook=None, unit=None):
    """``(corpus, codings, codebook)`` from a study and coder name, or a corpus and codings."""
    if isinstance(study_or_corpus, Corpus):
        if not isinstance(coder, pd.DataFrame):
            raise CodingsError("with a corpus, give the codings as a DataFrame", value=coder,
                               fix="pass a study to use a coder's name, or pass "
                                   "study.codings(name)")
        return study_or_corpus, coder, codebook
    study = study_or_corpus
    if codebook is None and study.config.codebook is not None:
        codebook = study.codebook()
    elif isinstance(codebook, str) or hasattr(codebook, "suffix"):
        codebook = study.codebook(codebook)
    corpus = study.corpus(unit)
    codings = coder if isinstance(coder, pd.DataFrame) else study.codings(coder, unit, codebook)
    return corpus, codings, codebook


def _rule_pairs(corpus: Corpus, codebook) -> set[tuple[str, str]]:
    if codebook is None:
        return set()
    rules = RuleCoder(codebook, lang=corpus.language).transform(corpus)
    return set(zip(rules["passage_id"], rules["code"]))


def suggest(study_or_corpus, coder, code: str | None = None, n: int = 20,
            min_score: float | None = None, codebook=None, unit: str | None = None,
            model: ModelCoder | None = None, feedback: pd.DataFrame | None = None
            ) -> pd.DataFrame:
    """Rank uncoded participant passages per code.

    Parameters
    ----------
    study_or_corpus:
        A study (then ``coder`` is a coder's name) or a corpus (then ``coder`` is a codings
        DataFrame).
    coder:
        Whose manual codings the model learns from.
    code:
        Only this code (default: every code the model could learn).
    n:
        At most this many suggestions per code.
    min_score:
        Lowest probability shown; default each code's model threshold (0 ranks everything).
    codebook:
        For the ``rule_match`` column (default: the study's).
    model:
        A :class:`~.models.ModelCoder` to use (default ``ModelCoder(codebook)``); it is fitted.
    feedback:
        Suggestions the researcher accepted or rejected (``passage_id, code, accepted``): the
        model learns from each, and a rejected suggestion is not made again.

    Returns
    -------
    DataFrame ``code, passage_id, case, score, evidence, rule_match, text``, codes in codebook
    order, best first. ``attrs["skipped"]`` counts the examples of codes with too few to learn
    and ``attrs["notes"]`` says so per code. Before any hand coding the codebook's texts are
    the only examples (the scores then only rank; every code's threshold is 0.5).
    """
    corpus, codings, codebook = _inputs(study_or_corpus, coder, codebook, unit)
    if code is not None and codebook is not None:
        codebook.require(code)  # a misspelt code fails before the model is fitted
    model = (model or ModelCoder(codebook)).fit(corpus, codings, feedback=feedback)
    if code is not None and code not in model.codes_:
        known = ", ".join(model.codes_) or "none"
        raise CodingsError("the model has no classifier for this code", value=code,
                           fix=f"a code needs at least {model.min_examples} coded passages; "
                               f"codes with a classifier: {known}")
    table, X, R = model._design(corpus)
    proba = model._proba(X, R, table)
    coded = set(zip(codings["passage_id"], codings["code"]))
    if feedback is not None and len(feedback):
        coded |= set(zip(feedback["passage_id"], feedback["code"]))
    rule_hits = _rule_pairs(corpus, codebook)
    rows = []
    for j, c in enumerate(model.codes_):
        if code is not None and c != code:
            continue
        floor = model.thresholds_[c] if min_score is None else min_score
        order = np.argsort(-proba[:, j], kind="stable")
        taken = 0
        for r in order:
            pid = table["passage_id"].iloc[r]
            if taken >= n or proba[r, j] < floor:
                break
            if (pid, c) in coded:
                continue
            rows.append({"code": c, "passage_id": pid, "case": table["case"].iloc[r],
                         "score": float(proba[r, j]),
                         "evidence": "; ".join(model.evidence(X, r, c)),
                         "rule_match": (pid, c) in rule_hits, "text": table["text"].iloc[r]})
            taken += 1
    out = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    out["rule_match"] = out["rule_match"].astype(bool)
    out.attrs["skipped"] = model.skipped_.to_dict()
    out.attrs["notes"] = dict(model.notes_)
    return out


def next_to_code(study, coder, n: int = 10, diversity: float = 0.5, codebook=None,
                 unit: str | None = None, model: ModelCoder | None = None) -> pd.DataFrame:
    """Passages to code next by hand: those the model is least sure about (uncertainty
    sampling), spread across documents.

    A passage's uncertainty for a code is ``1 - |p - t| / max(t, 1 - t)`` (1 when the
    probability ``p`` sits on the code's threshold ``t``); a passage scores its highest
    uncertainty over the codes. After each pick the other passages of the same document are
    down-weighted by ``(1 - diversity)`` so the list is not one interview. Only documents the
    coder has not coded yet are considered.

    Returns
    -------
    DataFrame ``passage_id, document, case, uncertainty, codes, reason, text``.
    """
    corpus, codings, codebook = _inputs(study, coder, codebook, unit)
    model = (model or ModelCoder(codebook)).fit(corpus, codings)
    coded_docs = set(codings["document"].dropna())
    table, X, R = model._design(corpus)
    keep = ~table["document"].isin(coded_docs).to_numpy()
    if not keep.any() or not model.codes_:
        return pd.DataFrame(columns=NEXT_COLUMNS)
    table, proba = table[keep], model._proba(X, R, table)[keep]
    t = model.thresholds_.to_numpy()
    uncertainty = 1 - np.abs(proba - t) / np.maximum(t, 1 - t)
    best = uncertainty.max(1)
    weight = np.ones(len(table))
    docs = table["document"].to_numpy()
    picks = []
    for _ in range(min(n, len(table))):
        score = np.where(np.isin(np.arange(len(table)), picks), -np.inf, best * weight)
        r = int(np.argmax(score))
        picks.append(r)
        weight[docs == docs[r]] *= 1 - diversity
    rows = []
    for r in picks:
        order = np.argsort(-uncertainty[r], kind="stable")[:3]
        codes = [model.codes_[j] for j in order]
        parts = [f"{model.codes_[j]} (p={proba[r, j]:.2f}, threshold {t[j]:.2f})"
                 for j in order]
        rows.append({"passage_id": table["passage_id"].iloc[r], "document": docs[r],
                     "case": table["case"].iloc[r], "uncertainty": float(best[r]),
                     "codes": ", ".join(codes),
                     "reason": "the model is unsure about " + "; ".join(parts),
                     "text": table["text"].iloc[r]})
    return pd.DataFrame(rows, columns=NEXT_COLUMNS)


__all__ = ["suggest", "next_to_code"]
