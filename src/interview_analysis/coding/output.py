"""Codings as the ``code`` and ``run`` commands write them: one row per coding, no passage text.

In memory every coding carries its passage's ``text``; ``codings.csv`` does not, since a rule
coding of a two-page answer would repeat the two pages in every row (30 MB for a million words).
A row keeps an ``excerpt`` — the first words of the coded text, at most
:data:`EXCERPT_CHARS` characters — and the ``passage_id``. The whole text is one join away in
``passages.csv`` (``run`` writes it beside ``codings.csv``; ``interview-analysis passages STUDY
--out passages.csv`` otherwise)::

    codings.merge(passages[["passage_id", "text"]], on="passage_id", how="left")

and the coded words of a coding are ``text[start - passage start:end - passage start]``.
"""
from __future__ import annotations

import pandas as pd

from .codings import CODING_COLUMNS

#: The longest excerpt (characters) written for a coding.
EXCERPT_CHARS = 120
#: The columns of ``codings.csv``: the coding columns with ``excerpt`` for ``text``.
OUTPUT_COLUMNS = [c if c != "text" else "excerpt" for c in CODING_COLUMNS]


def excerpt(text: str, limit: int = EXCERPT_CHARS, more: bool = False) -> str:
    """``text`` on one line, cut after a whole word with ``…`` when longer than ``limit``
    (``more``: the text goes on beyond the string given).

    >>> excerpt("Sama ihminen muistaa,\\n mitä on sovittu.", 24)
    'Sama ihminen muistaa, …'
    """
    head = " ".join(text[:limit * 2].split())  # enough to fill ``limit`` once joined
    if len(head) <= limit and len(text) <= limit * 2 and not more:
        return head
    cut = head[:limit - 2]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + " …"


def codings_output(codings: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """``codings`` as written to ``codings.csv``: ``text`` replaced by the ``excerpt`` of each
    coding's own span of its document in ``texts`` (other columns kept, in order)."""
    reach = 2 * EXCERPT_CHARS  # never more of a long passage than an excerpt can show
    known = (codings["document"].isin(list(texts)) & codings["start"].notna()
             & codings["end"].notna()).to_numpy()
    found: list[str | None] = [None] * len(codings)
    rows = zip(codings["document"].to_numpy()[known].tolist(),
               codings["start"].to_numpy()[known].astype("int64").tolist(),
               codings["end"].to_numpy()[known].astype("int64").tolist())
    for row, (d, s, e) in zip(known.nonzero()[0].tolist(), rows):
        found[row] = excerpt(texts[d][s:min(e, s + reach)], more=e - s > reach)
    at = codings.columns.get_loc("text") if "text" in codings else len(codings.columns)
    out = codings.drop(columns="text", errors="ignore")
    out.insert(at, "excerpt", found)
    return out
