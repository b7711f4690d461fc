"""Development recommendations traceable to the evidence: nothing is recommended without it.

A codebook code may carry a ``recommendation`` (text, ``min_cases``, optional ``stance`` and
evidence ``codes``; see :class:`~interview_analysis.coding.codebook.Recommendation`). It is
*supported* when at least ``min_cases`` cases are coded with an evidence code (the code itself
by default; a parent code includes its sub-codes). With ``stance`` set, only cases whose
stance on an evidence code is that stance count — the case's stance as in the agreement table
(a case both for and against is ``mixed``). Every supported recommendation lists its cases,
counts and one or two quotations; unsupported candidates are listed with the reason.

A codebook a researcher writes often has no recommendations yet. For it,
:func:`development_points` lists what the interviewees criticised, found from their views:
each code that at least :data:`MIN_CRITICS` interviewees spoke against, and no more for, with
the critics and their words. These are points for the researcher to weigh, not
recommendations, and the report says so.

Examples
--------
>>> table = evaluate_recommendations(codebook, codings, corpus, lang="fi")   # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from ..analysis.agreement import case_stances
from ..analysis.matrix import case_order
from ..analysis.evidence import quotations
from ..analysis.quotes import pick_quotes
from ..base.frames import member
from ..coding.codebook import Recommendation
from ..messages import inner_quotes, language, stance_word, word

RECOMMENDATION_COLUMNS = ["code", "label", "text", "supported", "n_cases", "min_cases",
                          "stance", "evidence_codes", "evidence_labels", "cases", "n_passages",
                          "reason", "quotes"]
#: A development point needs at least this many interviewees against the code...
MIN_CRITICS = 2
#: ...and lists at most this many codes, the most criticised first.
MAX_POINTS = 8


def _evidence(code, codebook, ids: list[str] | None = None) -> tuple[list[str], list[str]]:
    """Evidence code IDs with their sub-codes, and the evidence IDs the codebook lacks
    (``ids``: the codebook's code IDs in order, when already listed)."""
    named = list(code.recommendation.codes) or [code.id]
    unknown = [c for c in named if c not in codebook]
    exact, below = set(named), tuple(e + "/" for e in named)
    family = [c for c in (ids if ids is not None else (c.id for c in codebook))
              if c in exact or c.startswith(below)]
    return family, unknown


class _Rows:
    """Row positions of a frame by code, found once: each recommendation then picks the rows
    of its evidence codes instead of scanning every coding (issue #23)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.at: dict[str, list[int]] = {}
        for i, code in enumerate(frame["code"].tolist()):
            self.at.setdefault(code, []).append(i)

    def of(self, codes: list[str]) -> pd.DataFrame:
        """The rows of ``codes``, in the frame's order."""
        rows = sorted(i for c in dict.fromkeys(codes) for i in self.at.get(c, ()))
        return self.frame.iloc[rows]


def _row(code, codebook, stances: _Rows, codings: _Rows, corpus,
         lang: str, n_quotes: int, order: list[str], ids: list[str]) -> dict:
    """One recommendation; ``codings`` are those on participant passages, ``order`` the
    cases in cases-table order."""
    rec = code.recommendation
    family, unknown = _evidence(code, codebook, ids)
    viewed = stances.of(family)
    held = viewed[viewed["stance"] == rec.stance] if rec.stance else viewed
    held_cases = set(held["case"].tolist())
    cases = [c for c in order if c in held_cases]
    evidence = codings.of(family)
    evidence = evidence[member(evidence["case"], cases)]
    n_passages = int(evidence["passage_id"].dropna().nunique())
    supported = not unknown and len(cases) >= rec.min_cases
    stance = word("with_stance", lang, stance=stance_word(rec.stance, lang)) \
        if rec.stance else ""
    reason = "" if supported else (
        word("reason_unknown", lang, code=", ".join(unknown)) if unknown else
        word("reason", lang, k=len(cases), m=rec.min_cases, stance=stance)
        + (word("reason_small", lang, n=len(order)) if rec.min_cases > len(order) else ""))
    quotes = []
    if supported and n_quotes:
        found = quotations(evidence, corpus, stances=viewed) if len(evidence) else \
            pd.DataFrame()
        quotes = pick_quotes(found, n_quotes) if len(found) else []
    return {"code": code.id, "label": code.label(lang),
            "text": rec.text.get(lang) or rec.text.get("en") or next(iter(rec.text.values()), ""),
            "supported": supported, "n_cases": len(cases), "min_cases": rec.min_cases,
            "stance": rec.stance, "evidence_codes": ", ".join(rec.codes or [code.id]),
            "evidence_labels": ", ".join(codebook.label(c, lang) if c in codebook else c
                                         for c in (rec.codes or [code.id])),
            "cases": ", ".join(cases), "n_passages": n_passages, "reason": reason,
            "quotes": quotes}


def evaluate_recommendations(codebook, codings: pd.DataFrame, corpus, lang: str = "en",
                             n_quotes: int = 2, stances: pd.DataFrame | None = None
                             ) -> pd.DataFrame:
    """Every recommendation in the codebook, with its evidence and whether it is supported.

    Parameters
    ----------
    codebook:
        The codebook whose codes carry ``recommendation`` entries.
    codings:
        One coder's long-format codings (with stances).
    corpus:
        The corpus the codings are attached to.
    lang:
        Language of the recommendation texts and reasons (fi or en).
    n_quotes:
        Quotations per supported recommendation (from different interviewees when possible).
    stances:
        The case stances of ``codings`` (:func:`~..analysis.agreement.case_stances`) when the
        caller has them already.

    Returns
    -------
    pandas.DataFrame
        :data:`RECOMMENDATION_COLUMNS`, codebook order; ``quotes`` is a list of
        ``(case, text)``; ``reason`` is empty for supported rows.
    """
    return _evaluated([c for c in codebook if c.recommendation is not None], codebook,
                      codings, corpus, language(lang), n_quotes, stances)


def _evaluated(codes: list, codebook, codings: pd.DataFrame, corpus, lang: str,
               n_quotes: int, stances: pd.DataFrame | None) -> pd.DataFrame:
    """The recommendations of ``codes`` against the evidence, as table rows."""
    if not codes:
        return pd.DataFrame(columns=RECOMMENDATION_COLUMNS)
    if stances is None or not len(codings):
        stances = case_stances(codings, corpus) if len(codings) else \
            pd.DataFrame(columns=["case", "code", "stance"])
    participant = corpus.participant_passages["passage_id"]
    on_participant = codings[member(codings["passage_id"], participant)]
    order = case_order(corpus)
    ids = [c.id for c in codebook]
    by_stance, by_coding = _Rows(stances), _Rows(on_participant)
    rows = [_row(code, codebook, by_stance, by_coding, corpus, lang, n_quotes, order, ids)
            for code in codes]
    return pd.DataFrame(rows, columns=RECOMMENDATION_COLUMNS)


def development_points(codebook, agreement: pd.DataFrame, codings: pd.DataFrame, corpus,
                       lang: str = "en", n_quotes: int = 2,
                       stances: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the interviewees criticised, found from their views (see the module docstring).

    ``agreement`` is the agreement table of ``codings`` (``stances``, when given, their case
    stances). Returns rows like
    :func:`evaluate_recommendations` (all supported, ``stance`` negative, quotations from the
    critics), most criticised first; empty when no code has :data:`MIN_CRITICS` critics.
    """
    lang = language(lang)
    rows = agreement[(agreement["level"] == "code") & (agreement["negative"] >= MIN_CRITICS)
                     & (agreement["negative"] >= agreement["positive"])]
    rows = rows.sort_values(["negative", "n_cases"], ascending=False, kind="stable")
    codes = []
    for row in rows.head(MAX_POINTS).to_dict("records"):
        if row["code"] not in codebook:
            continue
        text = word("criticised", lang, k=int(row["negative"]), n=int(row["n_total"]),
                    label=inner_quotes(codebook.label(row["code"], lang), lang))
        codes.append(dataclasses.replace(codebook[row["code"]], recommendation=Recommendation(
            {lang: text}, MIN_CRITICS, "negative", (row["code"],))))
    return _evaluated(codes, codebook, codings, corpus, lang, n_quotes, stances)
