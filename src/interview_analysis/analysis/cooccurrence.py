"""Code co-occurrence: how often two codes fall on the same passage, or the same case.

For codes A and B with unit sets (passages or cases carrying the code) the count is
``|A ∩ B|`` and the Jaccard index ``|A ∩ B| / |A ∪ B|`` (Jaccard 1912): 1 when the codes always
occur together, 0 when never. On the diagonal the count is the code's own number of units and
the Jaccard index 1. A code with no units has Jaccard ``NaN`` (0/0).

Passage level asks "are these said in the same breath?"; case level asks "do the same people
raise both?". With few cases, case-level co-occurrence is high by construction: read it with
the counts.

References
----------
Jaccard, P. (1912). The distribution of the flora in the alpine zone. *New Phytologist*, 11(2),
37–50. https://doi.org/10.1111/j.1469-8137.1912.tb05611.x
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..corpus.corpus import Corpus
from ..errors import InterviewAnalysisError
from .matrix import code_columns, participant_codings, require_columns

LEVELS = {"passage": "passage_id", "case": "case"}
COOCCURRENCE_COLUMNS = ["code_a", "code_b", "count", "jaccard"]
#: Codes of the report's co-occurrence table: the table has a row per ordered pair, so a
#: codebook of 5,000 coded codes would give 25 million rows (issue #23); the figure shows 40.
MAX_CODES = 200


def _units(codings: pd.DataFrame, level: str, corpus: Corpus | None) -> pd.DataFrame:
    if level not in LEVELS:
        raise InterviewAnalysisError("unknown co-occurrence level", value=level,
                                     fix="use level='passage' or level='case'")
    if corpus is not None:
        coded = participant_codings(codings, corpus)
    else:
        require_columns(codings, ("passage_id", "code", LEVELS[level]))
        coded = codings[codings["passage_id"].notna()]
    return coded[[LEVELS[level], "code"]].dropna().drop_duplicates()


#: Largest units × codes incidence counted as a dense array; larger ones are sparse.
DENSE_CELLS = 1_000_000


def _intersections(units: pd.DataFrame, unit: str, codes: list[str]) -> np.ndarray:
    """``codes × codes`` matrix of the number of units carrying both codes."""
    units = units[units["code"].isin(codes)]
    rows = pd.Categorical(units[unit]).codes
    cols = pd.Categorical(units["code"], categories=codes).codes
    n_units = int(rows.max()) + 1 if len(rows) else 0
    if n_units * len(codes) <= DENSE_CELLS:  # a study of a few hundred interviews: no scipy
        incidence = np.zeros((n_units, len(codes)))  # floats: a BLAS product, exact counts
        incidence[rows, cols] = 1.0  # (unit, code) pairs are distinct
        return np.rint(incidence.T @ incidence).astype(np.int64)
    from scipy import sparse  # here: a large study only
    incidence = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                                  shape=(n_units, len(codes)))
    return np.asarray((incidence.T @ incidence).todense(), dtype=np.int64)


def widest(units: pd.DataFrame, unit: str, codes: list[str], max_codes: int) -> list[str]:
    """The ``max_codes`` of ``codes`` that most units carry (ties: the first), in the order
    of ``codes``."""
    if len(codes) <= max_codes:
        return codes
    n = units.groupby("code")[unit].nunique().reindex(codes, fill_value=0)
    ranked = np.argsort(-n.to_numpy(), kind="stable")[:max_codes]
    return [codes[i] for i in sorted(ranked)]


def cooccurrence(codings: pd.DataFrame, corpus: Corpus | None = None, codebook=None, *,
                 level: str = "passage", codes: Iterable[str] | None = None,
                 max_codes: int | None = None) -> pd.DataFrame:
    """Co-occurrence counts and Jaccard indices for every ordered pair of codes.

    Parameters
    ----------
    codings:
        Long-format codings (``passage_id``, ``code``, and ``case`` for case level).
    corpus:
        When given, only participant passages count (as in every other analysis table);
        without it every coding with a passage ID counts.
    codebook:
        Gives the order of the codes (default: code IDs sorted).
    level:
        ``passage`` (units = passages) or ``case`` (units = cases).
    codes:
        Codes to include, in order; default every coded code.
    max_codes:
        At most this many codes: those that the most units carry (the report uses
        :data:`MAX_CODES`); default all.

    Returns
    -------
    pandas.DataFrame
        ``code_a, code_b, count, jaccard``: one row per ordered pair, diagonal included, so
        ``pivot`` gives the square matrix (see :func:`cooccurrence_matrix`).

    Examples
    --------
    >>> cooccurrence(codings, corpus, level="case").query("code_a < code_b")  # doctest: +SKIP
    """
    units = _units(codings, level, corpus)
    codes = code_columns(units, codes, codebook)
    if max_codes is not None:
        codes = widest(units, LEVELS[level], codes, max_codes)
    inter = _intersections(units, LEVELS[level], codes)
    size = np.diag(inter)
    union = size[:, None] + size[None, :] - inter
    jaccard = np.divide(inter, union, out=np.full(inter.shape, np.nan), where=union > 0)
    k = len(codes)
    return pd.DataFrame({"code_a": np.repeat(codes, k), "code_b": np.tile(codes, k),
                         "count": inter.ravel(), "jaccard": jaccard.ravel()},
                        columns=COOCCURRENCE_COLUMNS)


def cooccurrence_matrix(codings: pd.DataFrame, corpus: Corpus | None = None, codebook=None, *,
                        level: str = "passage", codes: Iterable[str] | None = None,
                        value: str = "count") -> pd.DataFrame:
    """The square code × code matrix of ``count`` or ``jaccard`` (see :func:`cooccurrence`)."""
    if value not in ("count", "jaccard"):
        raise InterviewAnalysisError("unknown co-occurrence value", value=value,
                                     fix="use value='count' or value='jaccard'")
    long = cooccurrence(codings, corpus, codebook, level=level, codes=codes)
    order = list(dict.fromkeys(long["code_a"]))
    matrix = long.pivot(index="code_a", columns="code_b", values=value).reindex(
        index=order, columns=order)
    matrix.index.name, matrix.columns.name = "code", "code"
    return matrix


__all__ = ["COOCCURRENCE_COLUMNS", "LEVELS", "cooccurrence", "cooccurrence_matrix"]
