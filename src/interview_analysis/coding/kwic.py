"""Keyword in context: a lemma- and compound-aware concordance to explore before writing rules.

A query is rule syntax (a word, a phrase, ``a NEAR/3 b``). A word or phrase copied from a
transcript always finds itself, with whatever punctuation it was copied: when the query is not
valid rule syntax (``kyllä,``, ``"oma yhteyshenkilö"``, ``3,20:stä``), its words are the tokens
the text itself is cut into.
"""
from __future__ import annotations

import re
import unicodedata
import warnings

import numpy as np
import pandas as pd

from ..corpus.corpus import Corpus
from ..errors import InterviewAnalysisError, RuleSyntaxError, StudyNote
from ..nlp.pipeline import tokenize
from .rules import PhraseRule, RegexRule, Rule, RuleMatcher, parse_rule
from .rules.kinds import Phrase
from .rules.terms import Term

_OPERATORS = re.compile(r"\sNEAR/|\sAND\s")

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
    rule = search_rule(query, corpus.language)
    if isinstance(rule, RegexRule):
        raise InterviewAnalysisError("the concordance takes words, not regular expressions",
                                     value=query, fix="search for a word or phrase")
    index = corpus.tokens()
    docs = list(corpus.texts)
    # Plain columns, read once: a row of the passages table read per hit copies the passage
    # text each time, which made a search quadratic in the length of a long passage.
    passages = corpus.passages
    columns = {c: passages[c].to_numpy() for c in ("case", "passage_id", "speaker", "role")}
    p_start = passages["start"].to_numpy(np.int64)
    p_end = passages["end"].to_numpy(np.int64)
    rows, elsewhere = [], 0
    for first, last in _hit_spans(rule, corpus):
        p = int(index.passage[first])
        if p < 0 or columns["role"][p] not in roles:
            elsewhere += 1
            continue
        text = corpus.texts[docs[index.doc[first]]]
        start, end = int(index.start[first]), int(index.end[last])
        left = text[max(int(p_start[p]), start - width):start]
        right = text[end:min(int(p_end[p]), end + width)]
        rows.append({"case": columns["case"][p], "passage_id": columns["passage_id"][p],
                     "speaker": columns["speaker"][p], "role": columns["role"][p],
                     "left": " ".join(left.split()), "match": text[start:end],
                     "right": " ".join(right.split()), "start": start, "end": end})
    if elsewhere and not rows:
        warnings.warn(f"'{query}' occurs {elsewhere} time(s), but only outside the "
                      f"{' and '.join(roles)} passages searched (in the interviewer's turns "
                      "or a header)", StudyNote, stacklevel=2)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def search_rule(query: str, lang: str) -> Rule:
    """The rule a search query writes: rule syntax, or, when the query is not valid rule
    syntax but a plain word or phrase, its words as the text is tokenised in ``lang``.

    >>> search_rule("kyllä,", "fi").phrase.terms            # doctest: +SKIP
    (Term(text='kyllä', kind='plain'),)
    """
    try:
        return parse_rule(query)
    except RuleSyntaxError as exc:
        problem = exc
    text = unicodedata.normalize("NFC", str(query))
    if not text.strip().startswith("re:") and not _OPERATORS.search(text):
        forms = tokenize(text, lang)[2]
        if forms:
            return PhraseRule(text, Phrase(tuple(Term(f, "plain") for f in forms)))
    raise InterviewAnalysisError(f"cannot search for this: {problem}", value=query,
                                 fix="search for a word, a phrase or 'a NEAR/3 b'")


def counts_per_case(hits: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Hits and passages with a hit per case (cases without hits show 0)."""
    cases = pd.Index(corpus.cases.index, name="case")
    table = pd.DataFrame({
        "hits": hits.groupby("case").size(),
        "passages": hits.groupby("case")["passage_id"].nunique(),
    }).reindex(cases, fill_value=0)
    return table.reset_index()
