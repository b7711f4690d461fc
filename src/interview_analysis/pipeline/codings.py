"""Which codings a report is about: the researcher's, the rules', or both — each with a stance.

By default a study's report uses the primary coder's codings (``researcher`` when present) in
every document that coder coded, and the codebook's rule codings in the documents nobody coded
yet, so a half-coded study is reported whole and a study nobody coded is reported from the
rules. ``coders`` chooses exactly whose codings are reported: coder names, and ``rules`` for the
rule codings (``["researcher"]`` alone leaves the rules out; ``["rules"]`` uses only them). The
first manual coder named is the primary one; with two or more, intercoder reliability is added.

Every coding without a stance a coder gave gets an automatic one
(:class:`~interview_analysis.coding.stance.StanceDetector`), marked ``stance_origin="auto"``.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..base.suggest import did_you_mean
from ..coding.coder import RuleCoder
from ..coding.codings import check_coder_name, empty_codings
from ..coding.stance.cache import cached_transform
from ..coding.stance.detector import StanceDetector
from ..domain import order_coders
from ..errors import UsageError

#: The name that stands for the codebook's rule codings in ``coders``.
RULES = "rules"


@dataclass
class ChosenCodings:
    """The codings of a report.

    ``codings`` are those analysed (primary coder and/or rules, with stances); ``manual``
    every chosen coder's manual codings (for reliability); ``rules`` the rule codings;
    ``coders`` the manual coders (primary first); ``with_rules`` whether rules are used.
    """

    codings: pd.DataFrame
    manual: pd.DataFrame
    rules: pd.DataFrame
    coders: list[str]
    with_rules: bool

    @property
    def primary(self) -> str | None:
        return self.coders[0] if self.coders else None


def _named(study, coders) -> tuple[list[str], bool]:
    """``(manual coders, with rules)`` from the ``coders`` a researcher named."""
    if coders is None:
        return order_coders(study.coders()), True
    names = [c.strip() for c in (coders.split(",") if isinstance(coders, str) else coders)]
    names = list(dict.fromkeys(c for c in names if c))
    known = study.coders()
    for name in names:
        if name != RULES:
            check_coder_name(name, UsageError)
        if name != RULES and name not in known:
            raise UsageError("no codings file for this coder", value=name,
                             fix=did_you_mean(name, [*known, RULES]) + "coders: "
                                 + ", ".join([*known, RULES]) + f" ('{RULES}' = the codebook's "
                                 "rules)")
    if not names:
        raise UsageError("no coders named", value=coders,
                         fix=f"name coders, e.g. --coders researcher,{RULES}")
    manual = [c for c in names if c != RULES]
    return [*manual[:1], *order_coders(manual[1:])], RULES in names


def choose_codings(study, codebook, corpus, coders=None, stance: bool = True
                   ) -> ChosenCodings:
    """The codings a report on ``study`` uses (see the module docstring).

    Parameters
    ----------
    study, codebook, corpus:
        The study, its codebook and the corpus (unit) to analyse.
    coders:
        Names (a list or ``"a,b"``), ``rules`` for the rule codings; default: every coder,
        and the rules where the primary coder has not coded.
    stance:
        Give codings without a coder's stance an automatic one.
    """
    manual_coders, with_rules = _named(study, coders)
    frames = [study.codings(c, unit=corpus.unit, codebook=codebook) for c in manual_coders]
    frames = [f for f in frames if len(f)]
    manual = pd.concat(frames, ignore_index=True) if frames else empty_codings()
    rules = RuleCoder(codebook, lang=corpus.language).transform(corpus) \
        if with_rules or not manual_coders else empty_codings()
    primary = manual_coders[0] if manual_coders else None
    mine = manual[manual["coder"] == primary] if primary else empty_codings()
    if with_rules or primary is None:
        elsewhere = rules[~rules["document"].isin(set(mine["document"]))]
        codings = pd.concat([f for f in (mine, elsewhere) if len(f)] or [mine],
                            ignore_index=True)
    else:
        codings = mine.reset_index(drop=True)
    if stance:
        detector = StanceDetector(corpus.language, codebook)
        codings = cached_transform(detector, codings, corpus)  # judged once per content
        rules = cached_transform(detector, rules, corpus) if len(rules) else rules
    return ChosenCodings(codings.reset_index(drop=True), manual, rules, manual_coders,
                         with_rules)
