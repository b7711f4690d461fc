"""Cross-interviewee agreement: who holds which view on each code and theme, and how many agree.

This is agreement *between interviewees* (do the participants see it the same way?), not
agreement between coders — for that see :mod:`interview_analysis.analysis.reliability`.
How a case's view of a code or theme is found is in :mod:`.stances` (a coder's stance always
wins; automatic stances are weighed; a theme view is ``varied`` when a case's views differ by
sub-topic).

Every share is a share of **all cases in the study** (``n_total``, the base the report states),
never of the cases that happened to express a view: two of five interviewees agreeing while
three said nothing is not a majority.

Consensus, decided in this order (``t`` cases hold the most common view, ``v`` hold any view,
``n_total`` cases in the study):

=================  ==========================================================================
label              rule
=================  ==========================================================================
none               no case holds a view (nobody raised it, or nobody evaluated it)
unanimous          ``t == n_total``: every case in the study holds the same view
single voice       exactly one case holds a view
strong majority    ``t / n_total >= strong_majority`` (default 0.75: 4 of 5, 8 of 10)
majority           ``t / n_total > majority`` (default 0.5: more than half of the study)
split              views differ (``t < v``) and no view is held by more than half the study
minority           everyone with a view agrees, but they are at most half of the study
by sub-topic       (themes) most cases hold different views on different codes of the theme
=================  ==========================================================================

Direction is the most common view when more than half of those holding a view hold it, else
``mixed``; ``none`` when nobody holds a view. A theme row counts ``varied`` views separately.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..corpus.corpus import Corpus
from ..domain import CONSENSUS, VIEWS, parent_of, theme_of
from ..errors import InterviewAnalysisError
from .matrix import case_order
from .stances import (VARIED, case_stances, coded_stances, combine_stances, stances_by,
                      theme_stances)

#: The views a case can hold on a code (and, on a theme, ``varied``), in table order.
STANCES = (*VIEWS, VARIED)
AGREEMENT_COLUMNS = ["level", "theme", "code", "label", "n_cases", "n_total", "share",
                     "positive", "negative", "mixed", "varied", "no_view", "not_mentioned",
                     "direction", "consensus", "stance_origin", "cases_positive",
                     "cases_negative", "cases_mixed", "cases_varied", "cases_no_view"]
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


def consensus(positive: int, negative: int, mixed: int, no_view: int, n_total: int,
              thresholds: Thresholds | None = None, varied: int = 0) -> tuple[str, str]:
    """``(direction, consensus)`` for view counts, by the rules in the module docstring.

    Examples
    --------
    >>> consensus(5, 0, 0, 0, 5)
    ('positive', 'unanimous')
    >>> consensus(2, 0, 0, 0, 5), consensus(3, 0, 0, 0, 10)
    (('positive', 'minority'), ('positive', 'minority'))
    >>> consensus(4, 0, 0, 1, 5), consensus(1, 2, 2, 0, 5)
    (('positive', 'strong majority'), ('mixed', 'split'))
    >>> consensus(0, 1, 0, 0, 5)
    ('negative', 'single voice')
    """
    th = thresholds or Thresholds()
    counts = {"positive": positive, "negative": negative, "mixed": mixed, VARIED: varied}
    view = sum(counts.values())
    if view == 0:
        return "none", "none"
    top, t = max(counts.items(), key=lambda kv: kv[1])
    direction = top if t / view > th.majority else "mixed"
    if top == VARIED:  # a theme whose cases hold different views on different codes
        return VARIED, "by sub-topic"
    if t == n_total:
        return direction, "unanimous"
    if view == 1:
        return direction, "single voice"
    share = t / n_total if n_total else 0.0
    if share >= th.strong_majority:
        return direction, "strong majority"
    if share > th.majority:
        return direction, "majority"
    return direction, "split" if t < view else "minority"


def _origin(origins: list[str | None]) -> str:
    """``coder``, ``auto`` or ``coder, auto``: where the views of a row came from."""
    found = {o for o in origins if isinstance(o, str) and o}
    return ", ".join(o for o in ("coder", "auto") if any(o in f for f in found))


def _row(held: Mapping[str, tuple[str, str | None]], cases: list[str], th: Thresholds) -> dict:
    """One row of the table from ``{case: (view, origin)}``."""
    sides = {s: [c for c in cases if c in held and held[c][0] == s] for s in STANCES}
    counts = {_COLUMN[s]: len(v) for s, v in sides.items()}
    n_cases, n_total = len(held), len(cases)
    direction, label = consensus(**counts, n_total=n_total, thresholds=th)
    return {"n_cases": n_cases, "n_total": n_total,
            "share": n_cases / n_total if n_total else float("nan"), **counts,
            "not_mentioned": n_total - n_cases, "direction": direction, "consensus": label,
            "stance_origin": _origin([o for _, o in held.values()]),
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
        # a theme with no codes of its own (a flat code list, as a .qdc import gives) is
        # also its own code, so that every table and figure by code lists it
        pairs = [(c.theme, c.id) for c in codebook
                 if (c.parent is not None and (c.id not in parents or c.id in used))
                 or (c.parent is None and c.id not in parents)]
    listed = {code for _, code in pairs} | set(themes)
    pairs += [(theme_of(c), c) for c in sorted(used - listed) if parent_of(c)]
    themes += sorted({theme_of(c) for c in used} - set(themes))
    return themes, pairs


def _stances_of(frame: pd.DataFrame, level: str) -> dict[str, dict[str, tuple]]:
    """``{code or theme: {case: (stance, stance_origin)}}`` in one pass over ``frame`` (a
    groupby with a sub-frame per code took seconds on 50,000 codes; issue #23)."""
    out: dict[str, dict[str, tuple]] = {}
    for name, case, stance, origin in zip(frame[level], frame["case"], frame["stance"],
                                          frame["stance_origin"]):
        out.setdefault(name, {})[case] = (stance, origin)
    return out


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
    coded = coded_stances(codings, corpus)
    cases = case_order(corpus)
    by_code = stances_by(coded, "code", cases)
    levels = {"code": by_code, "theme": theme_stances(by_code)}
    stance_of = {level: _stances_of(frame, level) for level, frame in levels.items()}

    def row(level: str, theme: str, code: str) -> dict:
        label = codebook.label(code, lang) if codebook is not None else code
        return {"level": level, "theme": theme, "code": code, "label": label,
                **_row(stance_of[level].get(code, {}), cases, th)}

    rows, (themes, pairs) = [], _rows_to_report(coded, codebook)
    codes_of: dict[str, list[str]] = {}
    for t, c in pairs:  # grouped once: hundreds of themes must not each scan every code
        codes_of.setdefault(t, []).append(c)
    for theme in themes:
        rows += [row("theme", theme, theme), *(row("code", theme, c)
                                               for c in codes_of.get(theme, []))]
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


__all__ = ["AGREEMENT_COLUMNS", "CONSENSUS", "STANCES", "Thresholds", "agreement_table",
           "case_stances", "combine_stances", "consensus", "sides_of"]
