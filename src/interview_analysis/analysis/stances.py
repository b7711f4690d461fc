"""A case's stance on a code (or a theme) from the stances of its codings.

Stances a coder gave
    Only ``positive`` → positive; only ``negative`` → negative; both, or any ``mixed`` →
    mixed; coded but no stance on any coding → ``no view``. A coder's stance always wins: when
    any of the case's codings of the code carries one, automatic stances are not used.

Automatic stances (``stance_origin == "auto"``, weighted by ``stance_score``)
    A few codings of a long interview may evaluate other things in passing, so automatic
    stances are weighed, not merely collected: a mixed coding counts half for each side, the
    side with more weight wins, and the view is ``mixed`` when neither side outweighs the
    other :data:`MIXED_RATIO` times.

A theme
    A case's view of a theme is its view of the theme's codes when they agree; when it holds
    different views on different codes (email for, text messages against) its theme view is
    ``varied`` — different views by sub-topic, not ambivalence.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..corpus.corpus import Corpus
from ..domain import NO_VIEW, STANCES, theme_of
from ..errors import CodingsError
from .matrix import case_order, participant_codings

#: A case's theme view when it holds different views on the theme's codes.
VARIED = "varied"
#: Both sides of automatic stances within this factor of each other make a view mixed
#: (1.5: two codings against one decide; measured in ``bench/stance.py``).
MIXED_RATIO = 1.5
#: ``stance_origin`` values: the stance a coder gave, or the automatic one.
CODER, AUTO = "coder", "auto"


def combine_stances(stances: Iterable[object]) -> str:
    """One stance from several codings' stances a coder gave (``None``/NaN = none).

    Examples
    --------
    >>> combine_stances(["positive", None]), combine_stances(["positive", "negative"])
    ('positive', 'mixed')
    >>> combine_stances([None])
    'no view'
    """
    given = {s for s in stances if isinstance(s, str) and s}
    if not given:
        return NO_VIEW
    if "mixed" in given or {"positive", "negative"} <= given:
        return "mixed"
    return given.pop()


def weighted_stance(positive: float, negative: float, mixed: float,
                    ratio: float = MIXED_RATIO) -> str:
    """The view that automatic stances of these total weights give: a mixed coding counts
    half for each side; a side wins when it outweighs the other ``ratio`` times.

    Examples
    --------
    >>> weighted_stance(2, 0, 0), weighted_stance(2, 1, 0), weighted_stance(1.2, 1, 0)
    ('positive', 'positive', 'mixed')
    >>> weighted_stance(1, 0, 1), weighted_stance(0, 0, 1), weighted_stance(0, 0, 0)
    ('positive', 'mixed', 'no view')
    """
    if positive + negative + mixed == 0:
        return NO_VIEW
    positive, negative = positive + mixed / 2, negative + mixed / 2
    if max(positive, negative) < ratio * min(positive, negative):
        return "mixed"
    return "positive" if positive > negative else "negative"


def coded_stances(codings: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Codings on participant passages with a checked ``stance``, a ``theme``, the stance's
    ``stance_origin`` (``coder`` when missing) and ``stance_score`` (1 when missing)."""
    coded = participant_codings(codings, corpus, ("passage_id", "code", "stance"))
    stances = pd.Series([s.strip().lower() if isinstance(s, str) and s.strip() else None
                         for s in coded["stance"]], index=coded.index, dtype=object)
    bad = sorted({s for s in stances.dropna() if s not in STANCES})
    if bad:
        raise CodingsError("unknown stance in the codings", value=bad,
                           fix="use positive, negative, mixed or leave the stance empty")
    origin = coded["stance_origin"] if "stance_origin" in coded else \
        pd.Series(CODER, index=coded.index)
    origin = origin.where(origin.isin([CODER, AUTO]), CODER)
    score = pd.to_numeric(coded["stance_score"], errors="coerce") if "stance_score" in coded \
        else pd.Series(1.0, index=coded.index)
    return coded.assign(stance=stances, theme=coded["code"].map(theme_of),
                        stance_origin=origin.to_numpy(), stance_score=score.fillna(1.0).clip(0, 2))


def stances_by(coded: pd.DataFrame, key: str, cases: list[str]) -> pd.DataFrame:
    """Each case's view per ``key`` (``code`` or ``theme``), vectorised: ``case, key, stance,
    stance_origin`` (``coder``, ``auto``, or ``None`` for no view), cases in ``cases`` order."""
    keys = ["case", key]
    weights = {}
    for s in STANCES:
        hit = (coded["stance"] == s).to_numpy()
        weights[f"c_{s}"] = hit & (coded["stance_origin"] == CODER).to_numpy()
        weights[f"a_{s}"] = np.where(hit & (coded["stance_origin"] == AUTO).to_numpy(),
                                     coded["stance_score"].to_numpy(), 0.0)
    frame = pd.DataFrame({"case": coded["case"].to_numpy(), key: coded[key].to_numpy(),
                          **weights})
    held = frame.groupby(keys, sort=False).agg({c: ("any" if c.startswith("c_") else "sum")
                                               for c in weights})
    coder = _strict(*(held[f"c_{s}"].to_numpy() for s in STANCES))
    auto = np.array([weighted_stance(p, n, m) for p, n, m in
                     zip(*(held[f"a_{s}"].to_numpy() for s in STANCES))], dtype=object)
    has_coder = coder != NO_VIEW
    stance = np.where(has_coder, coder, auto).astype(object)
    origin = np.where(has_coder, CODER, np.where(auto != NO_VIEW, AUTO, None)).astype(object)
    out = held.index.to_frame(index=False).assign(stance=stance)
    out["stance_origin"] = pd.Series(origin, dtype=object)
    rank = {c: i for i, c in enumerate(cases)}
    return (out.assign(_o=out["case"].map(rank)).sort_values(["_o", key], kind="stable")
            .drop(columns="_o"))


def _strict(positive: np.ndarray, negative: np.ndarray, mixed: np.ndarray) -> np.ndarray:
    """:func:`combine_stances` over boolean "held" arrays."""
    return np.where(mixed | (positive & negative), "mixed",
                    np.where(positive, "positive",
                             np.where(negative, "negative", NO_VIEW))).astype(object)


def theme_stances(code_level: pd.DataFrame) -> pd.DataFrame:
    """Each case's view of each theme from its views of the theme's codes: the shared view,
    ``varied`` when its codes' views differ, ``no view`` when it holds none."""
    frame = code_level.assign(theme=code_level["code"].map(theme_of))

    def one(group: pd.DataFrame) -> pd.Series:
        views = set(group["stance"]) - {NO_VIEW}
        stance = NO_VIEW if not views else views.pop() if len(views) == 1 else VARIED
        origins = set(group["stance_origin"].dropna())
        origin = None if stance == NO_VIEW else CODER if origins == {CODER} else \
            AUTO if origins == {AUTO} else "coder, auto"
        return pd.Series({"stance": stance, "stance_origin": origin})

    out = frame.groupby(["case", "theme"], sort=False)[["stance", "stance_origin"]].apply(one)
    return out.reset_index()


def case_stances(codings: pd.DataFrame, corpus: Corpus, codebook=None) -> pd.DataFrame:
    """Each case's stance on each code it is coded with (``codebook`` is accepted for the
    common calling convention; every code counts).

    Returns
    -------
    pandas.DataFrame
        ``case, code, stance, stance_origin``: stance positive, negative, mixed or
        ``no view``; origin ``coder``, ``auto`` or empty (no view); one row per coded (case,
        code), cases in cases-table order.
    """
    coded = coded_stances(codings, corpus)
    return stances_by(coded, "code", case_order(corpus)).reset_index(drop=True)


__all__ = ["AUTO", "CODER", "MIXED_RATIO", "VARIED", "case_stances", "coded_stances",
           "combine_stances", "stances_by", "theme_stances", "weighted_stance"]
