"""Keyword in context: a lemma- and compound-aware concordance to explore before writing rules."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus.corpus import Corpus
from ..errors import InterviewAnalysisError, RuleSyntaxError
from .rules import PhraseRule, RegexRule, Rule, RuleMatcher, parse_rule

KWIC_COLUMNS = ["case", "passage_id", "speaker", "role", "left", "match", "right", "start", "end"]


def _hit_spans(rule: Rule, corpus: Corpus) -> list[tuple[int, int]]:
    """Token (first, last) pairs of each hit."""
    matcher = RuleMatcher.shared(corpus.tokens())
    if isinstance(rule, PhraseRule):
        n = matcher.length(rule.phrase)
        return [(s, s + n - 1) for s in matcher.starts(rule.phrase).tolist()]
    tokens = np.unique(rule.evaluate(matcher, None).tokens)
    return [(t, t) for t in tokens.tolist()]


def concordance(corpus: Corpus, query: str, width: int = 60,
                roles: tuple[str, ...] = ("participant",)) -> pd.DataFrame:
    """Every hit of ``query`` (rule syntax: a term, phrase or NEAR) with its context.

    Examples
    --------
    >>> concordance(study.corpus(), "sähköposti")      # doctest: +SKIP
    """
    try:
        rule = parse_rule(query)
    except RuleSyntaxError as exc:
        raise InterviewAnalysisError(f"cannot search for this: {exc}", value=query,
                                     fix="search for a word, a phrase or 'a NEAR/3 b'") from None
    if isinstance(rule, RegexRule):
        raise InterviewAnalysisError("the concordance takes words, not regular expressions",
                                     value=query, fix="search for a word or phrase")
    index = corpus.tokens()
    docs = list(corpus.texts)
    passages = corpus.passages
    rows = []
    for first, last in _hit_spans(rule, corpus):
        p = int(index.passage[first])
        if p < 0 or passages.iat[p, passages.columns.get_loc("role")] not in roles:
            continue
        text = corpus.texts[docs[index.doc[first]]]
        start, end = int(index.start[first]), int(index.end[last])
        prow = passages.iloc[p]
        left = text[max(int(prow["start"]), start - width):start]
        right = text[end:min(int(prow["end"]), end + width)]
        rows.append({"case": prow["case"], "passage_id": prow["passage_id"],
                     "speaker": prow["speaker"], "role": prow["role"],
                     "left": " ".join(left.split()), "match": text[start:end],
                     "right": " ".join(right.split()), "start": start, "end": end})
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def counts_per_case(hits: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Hits and passages with a hit per case (cases without hits show 0)."""
    cases = pd.Index(corpus.cases.index, name="case")
    table = pd.DataFrame({
        "hits": hits.groupby("case").size(),
        "passages": hits.groupby("case")["passage_id"].nunique(),
    }).reindex(cases, fill_value=0)
    return table.reset_index()
