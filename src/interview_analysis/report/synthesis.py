"""Theme sections of a results chapter: counts in words, differing views, labelled quotations.

For each theme of the codebook the section leads with its strongest finding, then the other
codes raised — codes that share a finding in one sentence ("All five interviewees were positive
about “A”, “B” and “C”"), views that split said plainly ("Views on “X” differed: H1 for; H3
against"); see :func:`interview_analysis.report.prose.describe_rows` — then who raised the
theme at all, the codes nobody raised, and 1–3 quotations from different interviewees.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..analysis.agreement import sides_of
from ..analysis.evidence import quotations
from ..analysis.matrix import case_order
from ..analysis.quotes import pick_quotes
from ..analysis.stances import case_stances
from ..domain import theme_of
from ..messages import count_phrase, inner_quotes, language, section
from .prose import describe_rows


@dataclass
class ThemeSection:
    """The text of one theme's section."""

    theme: str
    label: str
    definition: str = ""
    summary: str = ""
    sentences: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)


#: Codes nobody raised named in a theme's text; the others are counted.
MAX_UNRAISED = 10


def _unraised(rows: pd.DataFrame, lang: str) -> str:
    if rows.empty:
        return ""
    words = section("THEME", lang)
    left, right = words["quote_marks"]
    labels = ", ".join(f"{left}{inner_quotes(label, lang)}{right}"
                       for label in rows["label"][:MAX_UNRAISED])
    if len(rows) > MAX_UNRAISED:
        return words["unraised_more"].format(labels=labels, n=len(rows) - MAX_UNRAISED)
    return words["unraised" if len(rows) > 1 else "unraised_one"].format(labels=labels)


def _theme_sentence(row, lang: str, order: list[str]) -> str:
    """Who raised the theme at all. A theme's codes are different objects (email for,
    text messages against), so no stance is summed up at theme level."""
    k, n = int(row["n_cases"]), int(row["n_total"])
    held = {c for cases in sides_of(row).values() for c in cases}
    cases = ", ".join(c for c in order if c in held)
    words = section("THEME", lang)
    return words["raised"].format(who=count_phrase(k, n, lang),
                                  label=inner_quotes(row["label"], lang),
                                  cases=cases, verb=words["raised_verb"][int(k == n)])


def theme_section(theme, agreement: pd.DataFrame, codings: pd.DataFrame, corpus,
                  lang: str = "en", n_quotes: int = 3,
                  stances: pd.DataFrame | None = None,
                  quotes: pd.DataFrame | None = None) -> ThemeSection:
    """The section for one theme (a :class:`~interview_analysis.coding.codebook.Code`);
    ``stances`` the ``case_stances`` of the codings, when already computed; ``quotes`` their
    ``quotations`` when already found (a code's quotations do not depend on other codes)."""
    lang = language(lang)
    rows = agreement[agreement["theme"] == theme.id] if "theme" in agreement else \
        agreement[agreement["code"].map(theme_of) == theme.id]
    head = rows[rows["level"] == "theme"]
    codes = rows[rows["level"] == "code"]
    raised = codes[codes["n_cases"] > 0].sort_values("n_cases", ascending=False, kind="stable")
    section = ThemeSection(theme.id, theme.label(lang), theme.text("definition", lang))
    findings = describe_rows(raised.to_dict("records"), lang)
    # The strongest finding leads; who raised the theme at all and what nobody raised follow.
    section.summary = findings[0] if findings else ""
    section.sentences = findings[1:]
    own_code = list(codes["code"]) == [theme.id]  # a flat codebook: the theme is the code
    if len(head) and head.iloc[0]["n_cases"] > 0 and not own_code:
        section.sentences.append(_theme_sentence(head.iloc[0], lang, case_order(corpus)))
    unraised = _unraised(codes[codes["n_cases"] == 0], lang)
    if unraised:
        section.sentences.append(unraised)
    members = set(codes["code"]) | {theme.id}
    mine = codings[codings["code"].isin(members)]
    if n_quotes and len(mine):
        priority = dict(zip(raised["code"], raised["n_cases"]))
        found = quotations(mine, corpus, stances=stances) if quotes is None else \
            quotes[quotes["code"].isin(members)].reset_index(drop=True)
        section.quotes = pick_quotes(found, n_quotes, priority)
    return section


def theme_sections(agreement: pd.DataFrame, codebook, codings: pd.DataFrame, corpus,
                   lang: str = "en", n_quotes: int = 3,
                   stances: pd.DataFrame | None = None) -> list[ThemeSection]:
    """One :class:`ThemeSection` per theme of the codebook, in codebook order.

    ``agreement`` is ``agreement_table(codings, corpus, codebook, lang=lang)``; ``codings``
    the same (one coder's) codings, used for the quotations; ``stances`` their
    ``case_stances`` (computed here when not given).
    """
    if stances is None and n_quotes and len(codings):
        stances = case_stances(codings, corpus)
    # Split once by theme: a codebook of hundreds of themes must not scan every coding once
    # per theme (issue #23). Each theme's section then looks only at its own rows.
    themes = agreement["theme"] if "theme" in agreement else agreement["code"].map(theme_of)
    rows = dict(tuple(agreement.groupby(themes, sort=False)))
    # A theme's section needs its codings only to know that it has some (its quotations are
    # found below): split the codes alone, not a copy of every coding's columns.
    slim = codings[["code"]]
    coded = dict(tuple(slim.groupby(slim["code"].map(theme_of), sort=False))) \
        if len(codings) else {}
    # Quotations found once for all themes: codes of different themes matched on the same
    # words of a passage share their sentences.
    found = quotations(codings, corpus, stances=stances) if n_quotes and len(codings) \
        else None
    quotes = dict(tuple(found.groupby(found["code"].map(theme_of), sort=False))) \
        if found is not None and len(found) else {}
    empty = found.iloc[:0] if found is not None else None
    return [theme_section(theme, rows.get(theme.id, agreement.iloc[:0]),
                          coded.get(theme.id, slim.iloc[:0]), corpus, lang, n_quotes,
                          stances, quotes.get(theme.id, empty))
            for theme in codebook.themes]
