"""Cross-interviewee agreement: who holds which view on each code and theme, and how many agree.

This is agreement *between interviewees* (do the participants see it the same way?), not
agreement between coders — for that see :mod:`interview_analysis.analysis.reliability`.

Stance of a case on a code
    All of the case's codings of the code that carry a stance: only ``positive`` → positive;
    only ``negative`` → negative; both, or any ``mixed`` → mixed; coded but no stance on any
    coding → ``no view``. A theme's stance combines the stances of all the theme's codes the
    same way, and a case counts for a theme when it is coded with any of the theme's codes.

Direction
    Among the cases holding a view (positive, negative or mixed), the stance held by more than
    ``Thresholds.majority`` of them; ``mixed`` when no stance reaches that (views divided, or
    mostly ambivalent); ``none`` when nobody holds a view.

Consensus, decided in this order (``v`` cases hold a view, ``t`` hold the most common stance,
``n_total`` cases in the study):

=================  ==========================================================================
label              rule
=================  ==========================================================================
none               no case is coded, or at least two are coded but none holds a view
single voice       exactly one case is coded, or exactly one holds a view
unanimous          ``t == v == n_total``: every case in the study holds the same stance
strong majority    ``t / v >= strong_majority`` (default 0.75)
majority           ``t / v > majority`` (default 0.5: more than half)
split              otherwise: no stance is held by more than half of those with a view
=================  ==========================================================================

Shares are computed on the cases that hold a view, so read the label with ``n_cases`` and
``n_total``: two of two cases agreeing, with three silent, is a "strong majority" of those who
spoke, not of the study. The report's sentences (:mod:`interview_analysis.report.prose`) always
state the counts.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..corpus.corpus import Corpus
from ..domain import CONSENSUS, VIEWS, parent_of, theme_of
from ..domain import STANCES as CODING_STANCES
from ..errors import CodingsError, InterviewAnalysisError
from .matrix import case_order, participant_codings

#: The views a case can hold on a code, in table order.
STANCES = VIEWS
AGREEMENT_COLUMNS = ["level", "theme", "code", "label", "n_cases", "n_total", "share",
                     "positive", "negative", "mixed", "no_view", "not_mentioned", "direction",
                     "consensus", "cases_positive", "cases_negative", "cases_mixed",
                     "cases_no_view"]
_COLUMN = {s: s.replace(" ", "_") for s in STANCES}


@dataclass(frozen=True)
class Thresholds:
    """Shares of the cases holding a view that make a majority and a strong majority.

    Parameters
    ----------
    strong_majority:
        A stance held by at least this share is a strong majority (default 0.75: 3 of 4, 4 of 5).
    majority:
        A stance held by more than this share is a majority (default 0.5: more than half;
        at least 0.5).
    """

    strong_majority: float = 0.75
    majority: float = 0.5

    def __post_init__(self) -> None:
        # Below one half, two opposite stances could both be "the majority".
        if not 0.5 <= self.majority < self.strong_majority <= 1:
            raise InterviewAnalysisError(
                "agreement thresholds must satisfy 0.5 <= majority < strong_majority <= 1",
                value=(self.majority, self.strong_majority),
                fix="e.g. Thresholds(strong_majority=0.75, majority=0.5)")


def combine_stances(stances: Iterable[object]) -> str:
    """One stance from several codings' stances (``None``/NaN = no stance given).

    Examples
    --------
    >>> combine_stances(["positive", None]), combine_stances(["positive", "negative"])
    ('positive', 'mixed')
    >>> combine_stances([None])
    'no view'
    """
    given = {s for s in stances if isinstance(s, str) and s}
    if not given:
        return "no view"
    if "mixed" in given or {"positive", "negative"} <= given:
        return "mixed"
    return given.pop()


def _coded(codings: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    coded = participant_codings(codings, corpus, ("passage_id", "code", "stance"))
    stances = pd.Series([s if isinstance(s, str) and s.strip() else None
                         for s in coded["stance"]], index=coded.index, dtype=object)
    bad = sorted({s for s in stances.dropna() if s not in CODING_STANCES})
    if bad:
        raise CodingsError("unknown stance in the codings", value=bad,
                           fix="use positive, negative, mixed or leave the stance empty")
    return coded.assign(stance=stances, theme=coded["code"].map(theme_of))


def _stances_by(coded: pd.DataFrame, key: str, cases: list[str]) -> pd.DataFrame:
    """:func:`combine_stances` per (case, key), vectorised: one group per case and code is
    tens of thousands of groups on a large study."""
    rank = {c: i for i, c in enumerate(cases)}
    flags = pd.DataFrame({"case": coded["case"], key: coded[key],
                          **{s: (coded["stance"] == s).to_numpy() for s in CODING_STANCES}})
    held = flags.groupby(["case", key], sort=False)[list(CODING_STANCES)].any()
    positive, negative, mixed = (held[s].to_numpy() for s in CODING_STANCES)
    stance = np.where(mixed | (positive & negative), "mixed",
                      np.where(positive, "positive",
                               np.where(negative, "negative", "no view")))
    frame = held.index.to_frame(index=False).assign(stance=stance.astype(object))
    order = frame["case"].map(rank)
    return frame.assign(_o=order).sort_values(["_o", key], kind="stable").drop(columns="_o")


def case_stances(codings: pd.DataFrame, corpus: Corpus, codebook=None) -> pd.DataFrame:
    """Each case's stance on each code it is coded with (``codebook`` is accepted for the
    common calling convention; every code counts).

    Returns
    -------
    pandas.DataFrame
        ``case, code, stance`` with stance positive, negative, mixed or ``no view``; one row
        per coded (case, code), cases in cases-table order.
    """
    coded = _coded(codings, corpus)
    return _stances_by(coded, "code", case_order(corpus)).reset_index(drop=True)


def consensus(positive: int, negative: int, mixed: int, no_view: int, n_total: int,
              thresholds: Thresholds | None = None) -> tuple[str, str]:
    """``(direction, consensus)`` for stance counts, by the rules in the module docstring.

    Examples
    --------
    >>> consensus(5, 0, 0, 0, 5)
    ('positive', 'unanimous')
    >>> consensus(1, 2, 2, 0, 5)
    ('mixed', 'split')
    >>> consensus(0, 1, 0, 0, 5)
    ('negative', 'single voice')
    """
    th = thresholds or Thresholds()
    counts = {"positive": positive, "negative": negative, "mixed": mixed}
    view = positive + negative + mixed
    coded = view + no_view
    if coded == 0 or (view == 0 and coded > 1):
        return "none", "none"
    top, t = max(counts.items(), key=lambda kv: kv[1])
    direction = top if view and t / view > th.majority else ("mixed" if view else "none")
    if coded == 1 or view == 1:
        return direction, "single voice"
    share = t / view
    if t == view == n_total:
        return direction, "unanimous"
    if share >= th.strong_majority:
        return direction, "strong majority"
    return direction, "majority" if share > th.majority else "split"


def _row(stance_of: Mapping[str, str], cases: list[str], th: Thresholds) -> dict:
    sides = {s: [c for c in cases if stance_of.get(c) == s] for s in STANCES}
    counts = {_COLUMN[s]: len(v) for s, v in sides.items()}
    n_cases, n_total = len(stance_of), len(cases)
    direction, label = consensus(**counts, n_total=n_total, thresholds=th)
    return {"n_cases": n_cases, "n_total": n_total,
            "share": n_cases / n_total if n_total else float("nan"), **counts,
            "not_mentioned": n_total - n_cases, "direction": direction, "consensus": label,
            **{f"cases_{_COLUMN[s]}": ", ".join(v) for s, v in sides.items()}}


def sides_of(row: Mapping) -> dict[str, list[str]]:
    """``{view: [cases]}`` from a row of :func:`agreement_table` (its ``cases_*`` columns;
    a table read back from CSV has NaN where no case holds a view)."""
    listed = {s: row.get(f"cases_{_COLUMN[s]}") for s in STANCES}
    return {s: [c for c in v.split(", ") if c] if isinstance(v, str) else []
            for s, v in listed.items()}


def _rows_to_report(coded: pd.DataFrame, codebook) -> tuple[list[str], list[tuple[str, str]]]:
    """Themes, and (theme, code) pairs, in codebook order; then coded IDs the codebook lacks."""
    used = set(coded["code"])
    themes, pairs = [], []
    if codebook is not None:
        parents = {c.parent for c in codebook}
        themes = [c.id for c in codebook.themes]
        pairs = [(c.theme, c.id) for c in codebook
                 if c.parent is not None and (c.id not in parents or c.id in used)]
    listed = {code for _, code in pairs} | set(themes)
    pairs += [(theme_of(c), c) for c in sorted(used - listed) if parent_of(c)]
    themes += sorted({theme_of(c) for c in used} - set(themes))
    return themes, pairs


def agreement_table(codings: pd.DataFrame, corpus: Corpus, codebook=None,
                    thresholds: Thresholds | None = None, lang: str = "en") -> pd.DataFrame:
    """Agreement between interviewees, one row per theme followed by its codes.

    Parameters
    ----------
    codings:
        Long-format codings with ``stance`` (one coder's, or an agreed set).
    corpus:
        The corpus; every case with participant passages counts in ``n_total``.
    codebook:
        Gives row order, labels and themes, and lists codes nobody used (consensus ``none``).
        Without it, the coded codes are listed by ID and a theme is an ID's first segment.
    thresholds:
        Majority thresholds (:class:`Thresholds`).
    lang:
        Language of the ``label`` column.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AGREEMENT_COLUMNS`; see the module docstring for the rules.

    Examples
    --------
    >>> codings, corpus = study.codings("anna"), study.corpus()    # doctest: +SKIP
    >>> table = agreement_table(codings, corpus, study.codebook())  # doctest: +SKIP
    >>> table.loc[1, ["code", "n_cases", "consensus"]].tolist()      # doctest: +SKIP
    ['personalisation/same_contact_person', 5, 'unanimous']
    """
    th = thresholds or Thresholds()
    coded = _coded(codings, corpus)
    cases = case_order(corpus)
    stance_of = {level: {name: dict(zip(g["case"], g["stance"]))
                         for name, g in _stances_by(coded, level, cases).groupby(level)}
                 for level in ("code", "theme")}

    def row(level: str, theme: str, code: str) -> dict:
        label = codebook.label(code, lang) if codebook is not None else code
        return {"level": level, "theme": theme, "code": code, "label": label,
                **_row(stance_of[level].get(code, {}), cases, th)}

    rows, (themes, pairs) = [], _rows_to_report(coded, codebook)
    for theme in themes:
        rows += [row("theme", theme, theme), *(row("code", t, c) for t, c in pairs if t == theme)]
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


__all__ = ["AGREEMENT_COLUMNS", "CONSENSUS", "STANCES", "Thresholds", "agreement_table",
           "case_stances", "combine_stances", "consensus", "sides_of"]
