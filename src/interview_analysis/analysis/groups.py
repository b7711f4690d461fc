"""Group comparison: how many cases in each group (customers, experts, …) raised each code.

Prevalence is cases coded / cases in the group. With exactly two groups each code gets a
two-sided Fisher's exact test (Fisher 1922) on the 2 × 2 table coded / not coded × group; with
more groups no p-value is given. Every row carries a plain-language ``note``: in interview
studies the groups are small, one case moves a share by 20 percentage points when n = 5, and
the test has little power — report the counts, not p-values alone (on simple counts,
"quasi-statistics", in qualitative research see Maxwell 2010). p-values are not adjusted for the
number of codes compared.

References
----------
Fisher, R. A. (1922). On the interpretation of χ² from contingency tables, and the calculation
of P. *Journal of the Royal Statistical Society*, 85(1), 87–94. https://doi.org/10.2307/2340521

Maxwell, J. A. (2010). Using numbers in qualitative research. *Qualitative Inquiry*, 16(6),
475–482. https://doi.org/10.1177/1077800410364740
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from ..corpus.corpus import Corpus
from ..errors import StudyError
from .matrix import attribute_values, case_code_matrix

GROUP_COLUMNS = ["code", "group", "n_cases", "n_group", "share"]
SMALL_GROUP = 20  # below this, say plainly that one case is not evidence of a difference


def _groups(corpus: Corpus, attribute: str | None, cases: pd.Index) -> tuple[pd.Series, list]:
    """Group label per case (cases without a value left out) and the cases left out."""
    if not attribute:
        raise StudyError("no group attribute given", value=attribute,
                         fix="name a case attribute, e.g. group_comparison(codings, corpus, "
                             "attribute='group'), or set 'group: group' in study.yaml")
    values = attribute_values(corpus.cases, attribute, cases)
    return values[values.notna()], list(values[values.isna()].index)


def _note(sizes: pd.Series, n_codes: int, attribute: str, left_out: list[str]) -> str:
    names = list(sizes.index)
    if len(names) < 2:
        note = f"only one group ({names[0] if names else 'none'}): nothing to compare"
    elif len(names) > 2:
        note = (f"{len(names)} groups: no p-value (Fisher's exact test here compares two "
                "groups); compare the counts")
    else:
        n1, n2 = (int(n) for n in sizes)
        note = f"n = {n1} per group" if n1 == n2 else f"n = {n1} ({names[0]}) and {n2} ({names[1]})"
        if min(n1, n2) < SMALL_GROUP:
            steps = sorted({round(100 / n1), round(100 / n2)})
            note += (f" (one case = {'–'.join(map(str, steps))} percentage points): a difference "
                     "of one case is not evidence of a difference; Fisher's exact test with small "
                     "n has low power, so report counts, not p-values alone")
        if n_codes > 1:
            note += f"; p-values are not adjusted for the {n_codes} codes compared"
    if left_out:
        note += f"; left out for having no '{attribute}' value: {', '.join(left_out)}"
    return note


@lru_cache(maxsize=4096)
def _fisher(a: int, b: int, n1: int, n2: int) -> float:
    """Two-sided p of the 2 × 2 table; cached, since thousands of codes share a few tables
    (with n cases per group there are at most (n1 + 1)(n2 + 1) of them; issue #23)."""
    from scipy.stats import fisher_exact  # here: scipy.stats takes a second to import
    return float(fisher_exact([[a, n1 - a], [b, n2 - b]], alternative="two-sided")[1])


def _rows(coded: pd.DataFrame, sizes: pd.Series, note: str) -> dict[str, np.ndarray]:
    """The columns of the comparison, code by code and within a code group by group, built
    from the groups × codes counts as arrays (no Python row per code and group)."""
    names = list(sizes.index)
    counts = coded.to_numpy(dtype=np.int64)  # groups × codes
    n = sizes.to_numpy(dtype=np.int64)
    k = len(names)
    shares = counts / n[:, None]
    if k == 2:
        p = np.array([_fisher(int(a), int(b), int(n[0]), int(n[1])) for a, b in counts.T])
    else:
        p = np.full(counts.shape[1], np.nan)
    columns = {"code": np.repeat(np.asarray(coded.columns, dtype=object), k),
               "group": np.tile(np.asarray(names, dtype=object), counts.shape[1]),
               "n_cases": counts.T.ravel(), "n_group": np.tile(n, counts.shape[1]),
               "share": shares.T.ravel()}
    columns.update({f"share_{g}": np.repeat(shares[i], k) for i, g in enumerate(names)})
    columns.update({"fisher_p": np.repeat(p, k),
                    "note": np.full(counts.shape[1] * k, note, dtype=object)})
    return columns


def group_comparison(codings: pd.DataFrame, corpus: Corpus, codebook=None, *,
                     attribute: str | None, codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Prevalence of each code per group, with Fisher's exact test for two groups.

    Parameters
    ----------
    codings:
        Long-format codings.
    corpus:
        The corpus; its cases table holds the attribute.
    codebook:
        Gives the order of the codes (default: code IDs sorted).
    attribute:
        The case attribute that defines the groups — usually ``study.config.group``.
    codes:
        Codes to compare, in order; default every coded code.

    Returns
    -------
    pandas.DataFrame
        One row per code and group: ``code, group, n_cases, n_group, share``, then
        ``share_<group>`` for every group (the same on each of a code's rows, for side-by-side
        reading), ``fisher_p`` (two groups only, else NaN) and ``note``. Groups in order of
        first appearance in the cases table.

    Examples
    --------
    >>> group_comparison(codings, corpus, codebook, attribute="group")  # doctest: +SKIP
    """
    matrix = case_code_matrix(codings, corpus, codebook, value="presence", codes=codes)
    groups, left_out = _groups(corpus, attribute, matrix.index)
    names = list(dict.fromkeys(groups))
    coded = matrix.loc[groups.index].groupby(groups.to_numpy(), sort=False).sum().reindex(names)
    sizes = groups.value_counts().reindex(names)
    note = _note(sizes, len(matrix.columns), attribute, left_out)
    columns = [*GROUP_COLUMNS, *(f"share_{g}" for g in names), "fisher_p", "note"]
    if not len(matrix.columns) or not names:
        return pd.DataFrame([], columns=columns)
    return pd.DataFrame(_rows(coded, sizes, note), columns=columns)


__all__ = ["GROUP_COLUMNS", "group_comparison"]
