"""The framework matrix: cases × codes, each cell a short quotation (the framework method).

Reference: Gale, N. K., Heath, G., Cameron, E., Rashid, S., & Redwood, S. (2013). Using the
framework method for the analysis of qualitative data in multi-disciplinary health research.
*BMC Medical Research Methodology*, 13, 117. https://doi.org/10.1186/1471-2288-13-117
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
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
    coded = participant_codings(codings[["passage_id", "code"]], corpus, passage_columns=())
    columns = code_columns(coded, codes, codebook)
    quotes = best_quotes(codings, corpus, code=columns, n=1, max_chars=max_chars)
    cases = pd.Index(case_order(corpus), name="case")
    # Filled as one array: unstacking and casting a 50,000-code matrix column by column took
    # seconds (issue #23).
    cells = np.full((len(cases), len(columns)), "", dtype=object)
    if len(quotes):
        rows = cases.get_indexer(quotes["case"])
        cols = pd.Index(columns).get_indexer(quotes["code"])
        found = (rows >= 0) & (cols >= 0)
        cells[rows[found], cols[found]] = quotes["text"].to_numpy(dtype=object)[found]
    return pd.DataFrame(cells, index=cases, columns=pd.Index(columns, name="code")).astype(str)


__all__ = ["framework_matrix"]
