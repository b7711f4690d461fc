"""Rule coding against a coder's manual coding: precision, recall and F1 per code and overall."""
from __future__ import annotations

import pandas as pd

from ..base.frames import member

EVAL_COLUMNS = ["level", "code", "tp", "fp", "fn", "precision", "recall", "f1", "support"]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    if tp == 0:
        f1 = 0.0 if (fp or fn) else float("nan")
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def _pairs(codings: pd.DataFrame, unit: str) -> set[tuple[str, str]]:
    frame = codings.dropna(subset=[unit])
    return set(zip(frame[unit], frame["code"]))


def score_codings(predicted: pd.DataFrame, reference: pd.DataFrame, codes: list[str],
                  unit: str = "passage_id") -> pd.DataFrame:
    """Per-code and micro/macro precision, recall and F1 at one unit (passage or case).

    Parameters
    ----------
    predicted, reference:
        Long-format codings; only ``unit`` and ``code`` columns are used.
    codes:
        Codes to score (codes outside it are ignored on both sides).
    unit:
        ``passage_id`` or ``case``.
    """
    pred = {p for p in _pairs(predicted, unit) if p[1] in codes}
    ref = {p for p in _pairs(reference, unit) if p[1] in codes}
    level = "passage" if unit == "passage_id" else unit
    rows, totals = [], [0, 0, 0]
    for code in codes:
        p = {u for u, c in pred if c == code}
        r = {u for u, c in ref if c == code}
        tp, fp, fn = len(p & r), len(p - r), len(r - p)
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        rows.append({"level": level, "code": code, "tp": tp, "fp": fp, "fn": fn,
                     **dict(zip(("precision", "recall", "f1"), _prf(tp, fp, fn))),
                     "support": len(r)})
    frame = pd.DataFrame(rows, columns=EVAL_COLUMNS)
    micro = dict(zip(("precision", "recall", "f1"), _prf(*totals)))
    scored = frame[frame["support"] > 0]
    macro = {k: scored[k].mean() for k in ("precision", "recall", "f1")}
    summary = pd.DataFrame([
        {"level": level, "code": "micro", "tp": totals[0], "fp": totals[1], "fn": totals[2],
         **micro, "support": totals[0] + totals[2]},
        {"level": level, "code": "macro", "tp": None, "fp": None, "fn": None, **macro,
         "support": int(scored["support"].sum())},
    ])
    return pd.concat([frame, summary], ignore_index=True)


def disagreements(predicted: pd.DataFrame, reference: pd.DataFrame, passages: pd.DataFrame,
                  codes: list[str]) -> pd.DataFrame:
    """Passages where rules and the coder differ: ``missed`` (coder only) or ``extra`` (rules only),
    with what the rules matched — the list to work through when fixing rules."""
    pred = {p for p in _pairs(predicted, "passage_id") if p[1] in codes}
    ref = {p for p in _pairs(reference, "passage_id") if p[1] in codes}
    matched = predicted.dropna(subset=["passage_id"]).set_index(["passage_id", "code"])["matched"]
    text = passages.set_index("passage_id")
    rows = [{"passage_id": pid, "case": text.at[pid, "case"], "code": code, "kind": kind,
             "matched": matched.get((pid, code)) if kind == "extra" else None,
             "text": text.at[pid, "text"]}
            for kind, pairs in (("missed", ref - pred), ("extra", pred - ref))
            for pid, code in sorted(pairs) if pid in text.index]
    return pd.DataFrame(rows, columns=["passage_id", "case", "code", "kind", "matched", "text"])


def evaluate_rules(study, coder: str, codebook=None, unit: str | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score the codebook's rules against ``coder``'s manual codings on a study.

    Returns the scores (passage and case level) and the disagreement list. Only documents the
    coder coded are scored, so a partly coded study is judged on what was coded.
    """
    from .coder import RuleCoder
    codebook = codebook or study.codebook()
    corpus = study.corpus(unit)
    reference = study.codings(coder, unit, codebook)
    reference = reference[member(reference["passage_id"],
                                 corpus.participant_passages["passage_id"])]
    coded_docs = set(reference["document"])
    predicted = RuleCoder(codebook).transform(corpus)
    predicted = predicted[predicted["document"].isin(coded_docs)]
    used = set(reference["code"].tolist())
    codes = [c.id for c in codebook if any(c.rules.values()) or c.id in used]
    scores = pd.concat([score_codings(predicted, reference, codes, "passage_id"),
                        score_codings(predicted, reference, codes, "case")], ignore_index=True)
    return scores, disagreements(predicted, reference, corpus.passages, codes)
