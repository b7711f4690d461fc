"""Evidence quotations: the whole sentences that carry a case's view of a code.

A quotation in a results chapter has to show what the interviewee thinks, in their own words,
and read as a sentence. For each (code, case) the quote is the sentences of one coded passage
that hold the coded words — those a researcher's span covers, or those holding the words a rule
matched — never a cut-off fragment, a heading or a question, and not merely the shortest
passage. Among a case's codings of the code the one chosen is, in this order:

1. flagged as a key quote in its memo (``key`` or ``#key``);
2. carrying the case's view of the code (its stance equals the case's stance);
3. carrying any stance at all;
4. of a readable length (:data:`IDEAL_WORDS` words is best; one-word answers last);
5. earlier in the interview.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from ..coding.stance.focus import matched_words
from ..corpus.corpus import Corpus
from ..nlp.sentences import sentence_spans
from .matrix import case_order, code_columns, participant_codings
from .quotes import is_key_memo
from .stances import case_stances

EVIDENCE_COLUMNS = ["code", "case", "passage_id", "text", "label", "key", "stance", "rank"]
#: The length a quote reads best at, in words; longer and shorter ones rank lower.
IDEAL_WORDS = 25
#: Candidates per (code, case) whose sentences are looked at (the rest cannot win).
CANDIDATES = 4
#: The columns of the codings a quotation is chosen and cut by.
_USED = ("passage_id", "code", "coder", "memo", "stance", "origin", "start", "end", "matched")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.)]|[-–•*])\s")


def looks_like_a_heading(text: str) -> bool:
    """A line that is no quotable sentence: a question, a numbered item, or a few words
    without an ending full stop ("Asiakkuudenhallinta", "Theme 2: channels")."""
    stripped = text.strip()
    if not stripped or stripped.endswith("?") or _NUMBERED.match(stripped):
        return True
    return len(stripped.split()) < 4 and not stripped.endswith((".", "!", "…", "”", '"'))


def _sentences(text: str, start: int, end: int, words: set[str], strings: set[str],
               span: tuple[int, int] | None) -> tuple[int, int] | None:
    """The quote's ``(start, end)``: the sentences a span covers, else those holding the
    matched words, else the first sentences of the passage."""
    spans = [s for s in sentence_spans(text, start, end)
             if not looks_like_a_heading(text[s[0]:s[1]])]
    if not spans:
        return None
    if span is not None:
        chosen = [s for s in spans if s[0] < span[1] and s[1] > span[0]]
    else:
        chosen = [s for s in spans
                  if words & {w.lower() for w in _WORD.findall(text[s[0]:s[1]])}
                  or any(x in text[s[0]:s[1]].lower() for x in strings)]
    chosen = chosen or spans[:2]
    return chosen[0][0], chosen[-1][1]


def _candidates(coded: pd.DataFrame, views: dict, corpus: Corpus) -> pd.DataFrame:
    memo = coded["memo"] if "memo" in coded else pd.Series(None, index=coded.index)
    stance = coded["stance"] if "stance" in coded else pd.Series(None, index=coded.index)
    frame = coded.assign(
        key=memo.map(is_key_memo).to_numpy(),
        has_stance=stance.map(lambda s: isinstance(s, str) and bool(s)).to_numpy(),
        agrees=[views.get((c, k)) == s for c, k, s in
                zip(coded["case"], coded["code"], stance)])
    frame = frame.sort_values(["code", "case", "key", "agrees", "has_stance", "order"],
                              ascending=[True, True, False, False, False, True], kind="stable")
    return frame.groupby(["code", "case"], sort=False).head(CANDIDATES)


def _quote(row, passages: dict, corpus: Corpus, memo: dict) -> str | None:
    """The quote of one coding; ``passages`` maps a passage ID to ``(document, start, end)``
    and ``memo`` keeps each (passage, span, matched words) answer: with a large codebook many
    codes are matched on the same words of a passage (issue #23)."""
    document, start, end = passages[row.passage_id]
    start, end = int(start), int(end)
    span = None
    if getattr(row, "origin", "rule") != "rule" and (int(row.start) > start
                                                     or int(row.end) < end):
        span = (int(row.start), int(row.end))
    words, strings, _ = matched_words(getattr(row, "matched", None))
    key = (row.passage_id, span, frozenset(words), frozenset(strings))
    if key not in memo:
        text = corpus.texts[document]
        found = _sentences(text, start, end, words, strings, span)
        memo[key] = None if found is None else " ".join(text[found[0]:found[1]].split())
    return memo[key]


def evidence_quotes(codings: pd.DataFrame, corpus: Corpus, codebook=None, *,
                    code: str | Iterable[str] | None = None,
                    case: str | Iterable[str] | None = None, n: int = 1,
                    stances: pd.DataFrame | None = None) -> pd.DataFrame:
    """The best evidence quotes per code and case (see the module docstring).

    ``stances`` is ``case_stances`` of these codings or of any codings that hold all the
    codings of each (case, code) here — a report that quotes theme by theme computes it once.

    Returns
    -------
    pandas.DataFrame
        :data:`EVIDENCE_COLUMNS` — ``text`` whole sentences, ``stance`` the quoted coding's,
        ``rank`` 1 for the best; codes in codebook order, cases in cases-table order.
    """
    # Only the columns a quote is chosen and cut by, and the quote is cut from the transcript:
    # neither the codings' evidence texts nor the passages' texts are copied (on 900,000
    # codings each copy took hundreds of megabytes; issue #23).
    codings = codings[[c for c in _USED if c in codings.columns]]
    coded = participant_codings(codings, corpus, passage_columns=("case", "document"))
    if code is not None:
        coded = coded[coded["code"].isin({code} if isinstance(code, str) else set(code))]
    if case is not None:
        coded = coded[coded["case"].isin({case} if isinstance(case, str) else set(case))]
    if coded.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    if stances is None:
        stances = case_stances(coded, corpus)
    views = {(c, k): s for c, k, s in
             zip(stances["case"].tolist(), stances["code"].tolist(), stances["stance"].tolist())}
    frame = _candidates(coded, views, corpus)
    where = corpus.passages
    passages = dict(zip(where["passage_id"].tolist(),
                        zip(where["document"].tolist(), where["start"].tolist(),
                            where["end"].tolist())))
    memo: dict = {}
    frame = frame.assign(text=[_quote(r, passages, corpus, memo) for r in frame.itertuples()])
    frame = frame[frame["text"].notna()]
    # counted in Python: a list of every word of 900,000 quotes took gigabytes (issue #23)
    length = pd.Series([len(t.split()) for t in frame["text"].tolist()], index=frame.index)
    frame = frame.assign(_fit=(length - IDEAL_WORDS).abs() + 100 * (length < 4))
    frame = frame.sort_values(["code", "case", "key", "agrees", "has_stance", "_fit", "order"],
                              ascending=[True, True, False, False, False, True, True],
                              kind="stable")
    frame = frame.drop_duplicates(["code", "case", "text"])
    frame["rank"] = frame.groupby(["code", "case"], sort=False).cumcount() + 1
    frame = frame[frame["rank"] <= n]
    rank_code = {c: i for i, c in enumerate(code_columns(frame, None, codebook))}
    rank_case = {c: i for i, c in enumerate(case_order(corpus))}
    frame = frame.assign(_c=frame["code"].map(rank_code), _k=frame["case"].map(rank_case),
                         label=frame["case"].astype(str))
    frame = frame.sort_values(["_c", "_k", "rank"], kind="stable")
    frame["stance"] = frame["stance"].where(frame["has_stance"], None) if "stance" in frame \
        else None
    return frame.reindex(columns=EVIDENCE_COLUMNS).reset_index(drop=True)


def quotations(codings: pd.DataFrame, corpus: Corpus, codebook=None, **where) -> pd.DataFrame:
    """The best evidence quote per code and case (:func:`evidence_quotes` with ``n=1``)."""
    return evidence_quotes(codings, corpus, codebook, n=1, **where)
