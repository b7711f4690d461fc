"""Theme sections of a results chapter: counts in words, differing views, labelled quotations.

For each theme of the codebook the section has the theme-level sentence and one sentence per
code raised (most often raised first), written by
:func:`interview_analysis.analysis.agreement.describe_agreement` ("All five interviewees …",
"Neljä viidestä haastateltavasta …", "… but their views differed: H1 for; H3 against"), the
codes nobody raised in one sentence, and 1–3 quotations from different interviewees.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..analysis.agreement import count_phrase, describe_agreement
from ..analysis.matrix import case_order
from ..analysis.quotes import best_quotes
from ..nlp.sentences import sentence_spans
from .style import language

MAX_QUOTE_WORDS = 70
MIN_QUOTE_WORDS = 6

_UNRAISED = {"en": "No interviewee raised {labels}.",
             "fi": "Yksikään haastateltava ei ottanut esiin aiheita {labels}."}
_RAISED = {"en": "{who} raised the theme “{label}” ({cases}).",
           "fi": "{who} {verb} esiin teeman ”{label}” ({cases})."}
_QUOTE_MARKS = {"en": ("“", "”"), "fi": ("”", "”")}


@dataclass
class ThemeSection:
    """The text of one theme's section."""

    theme: str
    label: str
    definition: str = ""
    summary: str = ""
    sentences: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)


def shorten_quote(text: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """One line; a long passage is cut after ``max_words`` words and marked ``[…]``."""
    words = str(text).split()
    if len(words) <= max_words:
        return " ".join(words)
    return " ".join(words[:max_words]).rstrip(",;:–-") + " […]"


def quotations(codings: pd.DataFrame, corpus, **where) -> pd.DataFrame:
    """``best_quotes(..., n=1)`` with each text narrowed to the sentences the coding covers.

    A manual coding marks a span inside a passage (a speaker turn can be long); the quotation
    is the passage's sentences that the span touches, so it says what was coded. A rule coding
    covers the whole passage, which is then quoted as it is.
    """
    quotes = best_quotes(codings, corpus, n=1, **where)
    if quotes.empty:
        return quotes
    spans = (codings.dropna(subset=["passage_id"]).groupby(["code", "passage_id"])
             .agg(start=("start", "min"), end=("end", "max")))
    span_of = dict(zip(spans.index, zip(spans["start"].tolist(), spans["end"].tolist())))
    p = corpus.passages
    where_of = dict(zip(p["passage_id"].tolist(),
                        zip(p["document"].tolist(), p["start"].tolist(), p["end"].tolist())))
    texts = []
    for code, passage_id, quoted in zip(quotes["code"].tolist(), quotes["passage_id"].tolist(),
                                        quotes["text"].tolist()):
        document, start, end = where_of[passage_id]
        text = corpus.texts[document]
        a, b = span_of.get((code, passage_id), (start, end))
        a, b = max(int(a), int(start)), min(int(b), int(end))
        if a == start and b == end:  # the whole passage (a rule coding): quoted as it is
            texts.append(quoted)
            continue
        hit = [(s, e) for s, e in sentence_spans(text, int(start), int(end)) if s < b and e > a]
        texts.append(text[hit[0][0]:hit[-1][1]] if hit else quoted)
    return quotes.assign(text=texts)


def pick_quotes(quotes: pd.DataFrame, n: int = 3, priority: dict[str, int] | None = None
                ) -> list[tuple[str, str]]:
    """Up to ``n`` ``(case, text)`` quotations from different cases, best first.

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
        chosen.append((str(row.label), shorten_quote(row.text)))
        cases.add(row.case)
        passages.add(row.passage_id)
        if len(chosen) == n:
            break
    return chosen


def _unraised(rows: pd.DataFrame, lang: str) -> str:
    if rows.empty:
        return ""
    left, right = _QUOTE_MARKS[lang]
    labels = ", ".join(f"{left}{label}{right}" for label in rows["label"])
    return _UNRAISED[lang].format(labels=labels)


def _theme_sentence(row, lang: str, order: list[str]) -> str:
    """Who raised the theme at all. A theme's codes are different objects (email for,
    text messages against), so no stance is summed up at theme level."""
    k, n = int(row["n_cases"]), int(row["n_total"])
    held = {c for key in ("cases_positive", "cases_negative", "cases_mixed", "cases_no_view")
            for c in str(row.get(key) or "").split(", ") if c}
    cases = ", ".join(c for c in order if c in held)
    return _RAISED[lang].format(who=count_phrase(k, n, lang), label=row["label"], cases=cases,
                                verb="ottivat" if k == n else "otti")


def theme_section(theme, agreement: pd.DataFrame, codings: pd.DataFrame, corpus,
                  lang: str = "en", n_quotes: int = 3) -> ThemeSection:
    """The section for one theme (a :class:`~interview_analysis.coding.codebook.Code`)."""
    lang = language(lang)
    rows = agreement[agreement["theme"] == theme.id] if "theme" in agreement else \
        agreement[agreement["code"].str.split("/").str[0] == theme.id]
    head = rows[rows["level"] == "theme"]
    codes = rows[rows["level"] == "code"]
    raised = codes[codes["n_cases"] > 0].sort_values("n_cases", ascending=False, kind="stable")
    section = ThemeSection(theme.id, theme.label(lang), theme.text("definition", lang))
    if len(head) and head.iloc[0]["n_cases"] > 0:
        section.summary = _theme_sentence(head.iloc[0], lang, case_order(corpus))
    section.sentences = [describe_agreement(row, lang) for _, row in raised.iterrows()]
    unraised = _unraised(codes[codes["n_cases"] == 0], lang)
    if unraised:
        section.sentences.append(unraised)
    members = set(codes["code"]) | {theme.id}
    mine = codings[codings["code"].isin(members)]
    if n_quotes and len(mine):
        priority = dict(zip(raised["code"], raised["n_cases"]))
        section.quotes = pick_quotes(quotations(mine, corpus), n_quotes, priority)
    return section


def theme_sections(agreement: pd.DataFrame, codebook, codings: pd.DataFrame, corpus,
                   lang: str = "en", n_quotes: int = 3) -> list[ThemeSection]:
    """One :class:`ThemeSection` per theme of the codebook, in codebook order.

    ``agreement`` is ``agreement_table(codings, corpus, codebook, lang=lang)``; ``codings``
    the same (one coder's) codings, used for the quotations.
    """
    return [theme_section(theme, agreement, codings, corpus, lang, n_quotes)
            for theme in codebook.themes]
