"""One function per question a researcher asks of a study; the command line and notebooks call
these, so a command does nothing a notebook cannot do with the same call.

Examples
--------
>>> study = load_study("corpus/sme-customer-management")             # doctest: +SKIP
>>> agreement(study, lang="fi").loc[:, ["code", "consensus", "summary"]]  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..analysis.agreement import agreement_table
from ..analysis.reliability import disagreements, reliability_table
from ..base.suggest import did_you_mean
from ..coding.coder import RuleCoder
from ..coding.kwic import concordance, counts_per_case
from ..coding.output import codings_output
from ..errors import UsageError
from ..messages import language
from .codings import choose_codings
from .results import with_summary


def passages(study, unit: str | None = None) -> pd.DataFrame:
    """The corpus of passages (``turn``, ``paragraph`` or ``sentence``)."""
    return study.corpus(unit).passages.drop(columns=["language"])


def speakers(study, unit: str | None = None) -> pd.DataFrame:
    """Who speaks in each transcript, with role and how it was decided, turns and words
    (:func:`~interview_analysis.corpus.speakers.speaker_summary`)."""
    return study.speakers(unit)


def code(study, unit: str | None = None, codebook=None) -> pd.DataFrame:
    """The codebook rules' codings of every participant passage, as ``codings.csv`` holds
    them: an ``excerpt`` of each coded text instead of the whole passage
    (:mod:`~interview_analysis.coding.output`; the texts are in :func:`passages`)."""
    book = study.codebook(codebook)
    corpus = study.corpus(unit)
    return codings_output(RuleCoder(book, lang=study.language).transform(corpus), corpus.texts)


@dataclass
class Search:
    """Keyword-in-context hits and the hits per case."""

    hits: pd.DataFrame
    counts: pd.DataFrame


def search(study, query: str, unit: str | None = None, width: int = 50) -> Search:
    """Every hit of ``query`` (rule syntax) with its context, and the hits per case."""
    corpus = study.corpus(unit)
    hits = concordance(corpus, query, width=width)
    return Search(hits, counts_per_case(hits, corpus))


def agreement(study, coder: str | None = None, unit: str | None = None, codebook=None,
              lang: str | None = None) -> pd.DataFrame:
    """Agreement between interviewees per code and theme, with a ``summary`` of who holds which
    view in ``lang`` (default: the study's language).

    ``coder`` names whose codings (a coder, ``rules``, or ``"researcher,rules"``); by default
    the primary coder's where they coded and the rules elsewhere, each coding with a stance
    (a coder's, or an automatic one).
    """
    book = study.codebook(codebook)
    corpus = study.corpus(unit)
    chosen = choose_codings(study, book, corpus, coder)
    lang = language(lang or study.language)
    return with_summary(agreement_table(chosen.codings, corpus, book, lang=lang), lang)


def chosen_coders(study, coders: str | list[str] | None) -> list[str]:
    """The coders named (a list or ``"a,b"``), each once — by default every coder with a
    codings file — checked to be at least two that exist."""
    if isinstance(coders, str):
        coders = coders.split(",")
    known = study.coders()
    chosen = list(dict.fromkeys(c.strip() for c in (coders or known) if c.strip()))
    if len(chosen) < 2:
        raise UsageError("reliability needs at least two coders", value=chosen,
                         fix="give --coders A,B; coders with codings files: "
                             + (", ".join(known) or "none"))
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise UsageError("no codings file for this coder", value=unknown[0],
                         fix=did_you_mean(unknown[0], known) + "coders with codings files: "
                             + (", ".join(known) or "none"))
    return chosen


@dataclass
class Reliability:
    """Intercoder reliability per code and theme, and the units where the coders differ."""

    table: pd.DataFrame
    disagreements: pd.DataFrame


def reliability(study, coders: str | list[str] | None = None, unit: str | None = None,
                codebook=None) -> Reliability:
    """Intercoder reliability of ``coders`` (default: every coder) on the study."""
    coders = chosen_coders(study, coders)
    book = study.codebook(codebook)
    codings = study.coders_codings(coders, unit, book)
    corpus = study.corpus(unit)
    return Reliability(reliability_table(codings, corpus, book, coders=coders),
                       disagreements(codings, corpus, coders=coders))
