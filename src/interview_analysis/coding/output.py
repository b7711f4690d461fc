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

import re

import pandas as pd

from .codings import CODING_COLUMNS

#: The longest excerpt (characters) written for a coding.
EXCERPT_CHARS = 120
#: The columns of ``codings.csv``: the coding columns with ``excerpt`` for ``text``.
OUTPUT_COLUMNS = [c if c != "text" else "excerpt" for c in CODING_COLUMNS]
_SPACE = re.compile(r"\s+")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` on one line, cut after a whole word with ``…`` when longer than ``limit``.

    >>> excerpt("Sama ihminen muistaa,\\n mitä on sovittu.", 24)
    'Sama ihminen muistaa, …'
    """
    head = _SPACE.sub(" ", text[:limit * 2]).strip()  # enough to fill ``limit`` once joined
    if len(head) <= limit and len(text) <= limit * 2:
        return head
    cut = head[:limit - 2]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + " …"


def codings_output(codings: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """``codings`` as written to ``codings.csv``: ``text`` replaced by the ``excerpt`` of each
    coding's own span of its document in ``texts`` (other columns kept, in order)."""
    documents = codings["document"].tolist()
    starts = codings["start"].tolist()
    ends = codings["end"].tolist()
    found = [excerpt(texts[d][int(s):int(e)]) if d in texts and pd.notna(s) and pd.notna(e)
             else None for d, s, e in zip(documents, starts, ends)]
    at = codings.columns.get_loc("text") if "text" in codings else len(codings.columns)
    out = codings.drop(columns="text", errors="ignore")
    out.insert(at, "excerpt", found)
    return out
