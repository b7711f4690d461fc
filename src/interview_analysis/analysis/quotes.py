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

from ..corpus.corpus import Corpus
from ..nlp.sentences import sentence_spans
from .matrix import case_order, code_columns, participant_codings

QUOTE_COLUMNS = ["code", "case", "passage_id", "text", "label", "key", "rank"]
#: A quotation longer than this is cut and marked ``[…]``.
MAX_QUOTE_WORDS = 70
#: Quotations shorter than this go after longer ones (one-word answers read poorly).
MIN_QUOTE_WORDS = 6
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


def best_quotes(codings: pd.DataFrame, corpus: Corpus, codebook=None, *,
                code: str | Iterable[str] | None = None,
                case: str | Iterable[str] | None = None, n: int | None = 3,
                max_chars: int | None = None) -> pd.DataFrame:
    """The best quotations per code and case, best first.

    Parameters
    ----------
    codings:
        Long-format codings (``passage_id``, ``code``; ``memo`` when present).
    corpus:
        The corpus the codings were attached to; only its participant passages are quoted.
    codebook:
        Gives the order of the codes (default: code IDs sorted).
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
        ``code, case, passage_id, text, label, key, rank`` — codes in codebook order (by ID
        without a codebook), cases in cases-table order, ``rank`` 1 for the best quote.

    Examples
    --------
    >>> best_quotes(codings, corpus, code="channels/email", n=1)  # doctest: +SKIP
    """
    # only what a quote is chosen by: on 900,000 codings every copied column counts (#23)
    used = [c for c in ("passage_id", "code", "coder", "memo") if c in codings.columns]
    coded = participant_codings(codings[used], corpus, passage_columns=("case", "text"))
    codes, cases = _as_set(code), _as_set(case)
    if codes is not None:
        coded = coded[coded["code"].isin(codes)]
    if cases is not None:
        coded = coded[coded["case"].isin(cases)]
    per = _candidates(coded)
    rank_of_case = {c: i for i, c in enumerate(case_order(corpus))}
    per["case_rank"] = per["case"].map(rank_of_case)
    code_rank = {c: i for i, c in enumerate(code_columns(per, None, codebook))}
    per["code_rank"] = per["code"].map(code_rank)
    per = per.sort_values(["code_rank", "case_rank", "key", "length", "order"],
                          ascending=[True, True, False, True, True], kind="stable")
    per["rank"] = per.groupby(["code", "case"], sort=False).cumcount() + 1
    if n is not None:
        per = per[per["rank"] <= n]
    if max_chars is not None:
        per["text"] = per["text"].map(lambda t: truncate(t, max_chars))
    per["label"] = per["case"].astype(str)
    return per[QUOTE_COLUMNS].reset_index(drop=True)


def shorten_quote(text: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """One line of whole sentences: the first sentences that fit in ``max_words`` words (at
    least one sentence, however long — a quote is never cut mid-sentence)."""
    line = " ".join(str(text).split())
    if len(line.split()) <= max_words:
        return line
    kept, count = [], 0
    for a, b in sentence_spans(line):
        n = len(line[a:b].split())
        if kept and count + n > max_words:
            break
        kept.append(line[a:b])
        count += n
    return " ".join(kept)


class Quotation(tuple):
    """A quotation ``(case, text)`` that also knows the ``passage_id`` it was taken from, so a
    report can link it to the passage in context. It unpacks and compares as the pair.

    >>> q = Quotation("H1", "Email first.", "H1:0004")
    >>> case, text = q
    >>> (case, text, q.passage_id)
    ('H1', 'Email first.', 'H1:0004')
    """

    def __new__(cls, case: str, text: str, passage_id: str | None = None) -> "Quotation":
        quote = super().__new__(cls, (case, text))
        quote.passage_id = passage_id
        return quote

    def __getnewargs__(self):  # pickling and copying keep the passage
        return (self[0], self[1], self.passage_id)


def pick_quotes(quotes: pd.DataFrame, n: int = 3, priority: dict[str, int] | None = None
                ) -> list[Quotation]:
    """Up to ``n`` :class:`Quotation` ``(case, text)`` from different cases, best first.

    Key quotes (flagged in a memo) come first, then quotes of codes with a higher
    ``priority`` (e.g. more interviewees), passages of at least a few words before one-word
    answers, then the corpus order ``best_quotes`` gives.
    """
    if quotes.empty or n <= 0:
        return []
    priority = priority or {}
    frame = quotes.assign(
        _words=quotes["text"].astype(str).str.split().str.len(),
        _prio=quotes["code"].map(lambda c: -priority.get(c, 0)),
        _order=range(len(quotes)))
    frame = frame.assign(_short=frame["_words"] < MIN_QUOTE_WORDS,
                         _key=~frame["key"].astype(bool) if "key" in frame else False)
    frame = frame.sort_values(["_key", "_short", "_prio", "_order"], kind="stable")
    chosen, cases, passages = [], set(), set()
    for row in frame.itertuples(index=False):
        if row.case in cases or row.passage_id in passages:
            continue
        chosen.append(Quotation(str(row.label), shorten_quote(row.text), str(row.passage_id)))
        cases.add(row.case)
        passages.add(row.passage_id)
        if len(chosen) == n:
            break
    return chosen


__all__ = ["MAX_QUOTE_WORDS", "MIN_QUOTE_WORDS", "QUOTE_COLUMNS", "Quotation", "best_quotes",
           "is_key_memo", "pick_quotes", "shorten_quote", "truncate"]
