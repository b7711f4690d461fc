"""Quotations: the best evidence passages for a code, labelled by participant.

Selection, per code and case, among the participant passages that carry the code:

1. passages the researcher flagged as key quotes — a coding whose ``memo`` starts with the word
   ``key`` (``key``, ``Key quote``, ``key: ...``) or contains the tag ``#key``;
2. then the shortest passage (fewest characters once trimmed): short passages read best in a
   results chapter and in a table cell;
3. ties go to the earlier passage in the corpus.

The label is the case ID (``H1``), the way theses cite interviewees.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from ..corpus import Corpus
from .matrix import case_order, participant_codings

QUOTE_COLUMNS = ["code", "case", "passage_id", "text", "label", "key", "rank"]
_KEY = re.compile(r"^\s*key\b|#key\b", re.IGNORECASE)


def is_key_memo(memo: object) -> bool:
    """Whether a coding memo flags its passage as a key quote.

    Examples
    --------
    >>> is_key_memo("Key quote for the chapter"), is_key_memo("nice #key"), is_key_memo("keyboard")
    (True, True, False)
    """
    return isinstance(memo, str) and _KEY.search(memo) is not None


def truncate(text: str, max_chars: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``max_chars`` characters.

    Examples
    --------
    >>> truncate("Email first, then  a phone call.", 20)
    'Email first, then a…'
    >>> truncate("Email first, then a phone call.", 16)
    'Email first…'
    """
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars - 1]
    space = cut.rfind(" ")
    # Drop a half word, unless that would throw away most of the text (one very long word).
    if text[max_chars - 1] != " " and space > max_chars // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


def _candidates(coded: pd.DataFrame) -> pd.DataFrame:
    """One row per (code, case, passage) with its key flag, trimmed text and length."""
    memo = coded["memo"] if "memo" in coded.columns else pd.Series(None, index=coded.index)
    coded = coded.assign(key=memo.map(is_key_memo))
    per = (coded.groupby(["code", "case", "passage_id"], sort=False)
           .agg(key=("key", "any"), order=("order", "first"), text=("text", "first"))
           .reset_index())
    per["text"] = per["text"].fillna("").astype(str).str.strip()
    per["length"] = per["text"].str.len()
    return per[per["length"] > 0]


def best_quotes(codings: pd.DataFrame, corpus: Corpus, code: str | Iterable[str] | None = None,
                case: str | Iterable[str] | None = None, n: int | None = 3,
                max_chars: int | None = None) -> pd.DataFrame:
    """The best quotations per code and case, best first.

    Parameters
    ----------
    codings:
        Long-format codings (``passage_id``, ``code``; ``memo`` when present).
    corpus:
        The corpus the codings were attached to; only its participant passages are quoted.
    code, case:
        Restrict to one code/case or a list of them.
    n:
        Quotes per code and case (``None``: all, ranked).
    max_chars:
        Shorten each quote to one line of at most this many characters (see :func:`truncate`);
        ``None`` keeps the full passage text, trimmed of surrounding whitespace.

    Returns
    -------
    pandas.DataFrame
        ``code, case, passage_id, text, label, key, rank`` — codes sorted by ID, cases in
        cases-table order, ``rank`` 1 for the best quote.

    Examples
    --------
    >>> best_quotes(codings, corpus, code="channels/email", n=1)  # doctest: +SKIP
    """
    coded = participant_codings(codings, corpus)
    codes, cases = _as_set(code), _as_set(case)
    if codes is not None:
        coded = coded[coded["code"].isin(codes)]
    if cases is not None:
        coded = coded[coded["case"].isin(cases)]
    per = _candidates(coded)
    rank_of_case = {c: i for i, c in enumerate(case_order(corpus))}
    per["case_rank"] = per["case"].map(rank_of_case)
    per = per.sort_values(["code", "case_rank", "key", "length", "order"],
                          ascending=[True, True, False, True, True], kind="stable")
    per["rank"] = per.groupby(["code", "case"], sort=False).cumcount() + 1
    if n is not None:
        per = per[per["rank"] <= n]
    if max_chars is not None:
        per["text"] = per["text"].map(lambda t: truncate(t, max_chars))
    per["label"] = per["case"].astype(str)
    return per[QUOTE_COLUMNS].reset_index(drop=True)


__all__ = ["QUOTE_COLUMNS", "best_quotes", "is_key_memo", "truncate"]
