"""The framework matrix: cases × codes, each cell a short quotation (the framework method).

Reference: Gale, N. K., Heath, G., Cameron, E., Rashid, S., & Redwood, S. (2013). Using the
framework method for the analysis of qualitative data in multi-disciplinary health research.
*BMC Medical Research Methodology*, 13, 117. https://doi.org/10.1186/1471-2288-13-117
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..corpus.corpus import Corpus
from .matrix import case_order, code_columns, participant_codings
from .quotes import best_quotes


def framework_matrix(codings: pd.DataFrame, corpus: Corpus, codebook=None, *,
                     codes: Iterable[str] | None = None, max_chars: int = 200) -> pd.DataFrame:
    """The framework matrix (Gale et al. 2013): each cell the case's best quote for the code.

    Cells hold the quote chosen by :func:`~interview_analysis.analysis.quotes.best_quotes`
    (a key quote flagged in a memo first, else the shortest coded passage), on one line and cut
    at a word boundary to ``max_chars`` with "…"; ``""`` when the case has no passage with the
    code. For the full texts use ``best_quotes(codings, corpus, codebook, n=1)``, a long table
    with the same selection.

    Returns
    -------
    pandas.DataFrame
        Index ``case`` (cases-table order), columns ``code``, string cells.
    """
    coded = participant_codings(codings, corpus)
    columns = code_columns(coded, codes, codebook)
    quotes = best_quotes(codings, corpus, code=columns, n=1, max_chars=max_chars)
    cells = quotes.set_index(["case", "code"])["text"]
    matrix = cells.unstack("code") if len(cells) else pd.DataFrame()
    matrix = matrix.reindex(index=pd.Index(case_order(corpus), name="case"), columns=columns)
    matrix.columns.name = "code"
    # An empty reindexed frame is float64; cast first so missing cells become "" cleanly.
    return matrix.astype(object).fillna("").astype(str)


__all__ = ["framework_matrix"]
