"""Every analysis a results chapter needs, run once on a study and kept together.

:func:`analyse` picks the codings (the primary coder's manual codings, or the codebook's rules
when nobody has coded yet), then computes the agreement, matrices, co-occurrence, group
comparison, saturation, reliability, quotations, recommendations and method facts. The report
writers (:mod:`interview_analysis.report`) and the notebooks only read a :class:`Results`.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from ..analysis import (
    agreement_table,
    best_quotes,
    case_code_matrix,
    case_stances,
    cooccurrence,
    framework_matrix,
    francis_stopping,
    group_comparison,
    guest_saturation,
    saturation_curve,
)
from ..analysis.agreement import sides_of
from ..analysis.cooccurrence import MAX_CODES as COOCCURRENCE_CODES
from ..analysis.matrix import case_order
from ..analysis.reliability import disagreements, reliability_table
from ..coding.codebook import Codebook
from ..corpus.corpus import Corpus
from ..corpus.speakers import speaker_summary
from ..errors import StudyWarning
from ..messages import language, summary_text
from .codings import choose_codings
from .method import MethodFacts, method_facts
from .recommendations import development_points, evaluate_recommendations


@dataclass
class Results:
    """The analysis tables of one study, in the report language ``lang``."""

    study: object
    corpus: Corpus
    codebook: Codebook
    lang: str
    coders: list[str]
    primary: str | None
    with_rules: bool
    codings: pd.DataFrame
    manual: pd.DataFrame
    rules: pd.DataFrame
    codes: list[str]
    agreement: pd.DataFrame
    stances: pd.DataFrame
    presence: pd.DataFrame
    counts: pd.DataFrame
    framework: pd.DataFrame
    cooccurrence: pd.DataFrame
    curve: pd.DataFrame
    guest: dict
    francis: dict
    quotes: pd.DataFrame
    recommendations: pd.DataFrame
    method: MethodFacts
    groups: pd.DataFrame | None = None
    reliability: pd.DataFrame | None = None
    disagreements: pd.DataFrame | None = None
    #: Who speaks in each transcript, in which role and how it was decided.
    speakers: pd.DataFrame | None = None
    #: What the interviewees criticised, when the codebook defines no recommendations
    #: (:func:`~.recommendations.development_points`); ``None`` when it defines some.
    development: pd.DataFrame | None = None

    @property
    def cases(self) -> list[str]:
        """Cases with participant passages, in cases-table order."""
        return case_order(self.corpus)


def with_summary(agreement: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The agreement table with a ``summary`` column in ``lang``: "H1, H2 for; H3 against"."""
    return agreement.assign(summary=[summary_text(sides_of(row), lang)
                                     for row in agreement.to_dict("records")])


def _report_codes(codebook: Codebook, codings: pd.DataFrame) -> list[str]:
    """Leaves, plus parent codes a coder applied directly, in codebook order."""
    used = set(codings["code"].unique().tolist())
    leaves = {c.id for c in codebook.leaves()}
    known = [c.id for c in codebook if c.id in leaves or c.id in used]
    return known + sorted(used - set(known))


def _saturation(codings, corpus, order) -> tuple[pd.DataFrame, dict, dict]:
    curve = saturation_curve(codings, corpus, order=order)
    return curve, guest_saturation(curve), francis_stopping(curve)


def analyse(study, lang: str | None = None, coders: list[str] | str | None = None,
            unit: str | None = None, codebook=None) -> Results:
    """Run every analysis of the report on ``study``.

    Parameters
    ----------
    study:
        A loaded :class:`~interview_analysis.study.study.Study` with a codebook.
    lang:
        Report language (default: the study language; other than fi/en falls back to en).
    coders:
        Whose codings to report (see :mod:`.codings`): coder names and ``rules``; default every
        coder — ``researcher`` first, the primary coder whose codings the agreement, matrices
        and quotations use — and the rules where the primary coder has not coded. Two or more
        coders add intercoder reliability.
    unit:
        Passage unit (``turn``, ``paragraph``, ``sentence``; default: ``study.yaml``).
    codebook:
        A codebook file (YAML or ``.qdc``) or :class:`~interview_analysis.coding.codebook.Codebook`
        to use instead of the one ``study.yaml`` names.
    """
    lang = language(lang or study.language)
    codebook = codebook if isinstance(codebook, Codebook) else study.codebook(codebook)
    corpus = study.corpus(unit)
    chosen = choose_codings(study, codebook, corpus, coders)
    codings, manual, rules = chosen.codings, chosen.manual, chosen.rules
    coders, primary = chosen.coders, chosen.primary
    codes = _report_codes(codebook, codings)
    coded = set(codings["code"].unique().tolist())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StudyWarning)  # one coder's codings: nothing pooled
        agreement = with_summary(agreement_table(codings, corpus, codebook, lang=lang), lang)
        stances = case_stances(codings, corpus)
        curve, guest, francis = _saturation(codings, corpus, study.config.order)
        results = Results(
            study=study, corpus=corpus, codebook=codebook, lang=lang, coders=coders,
            primary=primary, with_rules=chosen.with_rules, codings=codings, manual=manual, rules=rules, codes=codes,
            agreement=agreement, stances=stances,
            presence=case_code_matrix(codings, corpus, codebook, value="presence", codes=codes),
            counts=case_code_matrix(codings, corpus, codebook, value="count", codes=codes),
            framework=framework_matrix(codings, corpus, codebook, codes=codes),
            cooccurrence=cooccurrence(codings, corpus, codebook,
                                      codes=[c for c in codes if c in coded],
                                      max_codes=COOCCURRENCE_CODES),
            curve=curve, guest=guest, francis=francis,
            quotes=best_quotes(codings, corpus, n=1),
            recommendations=evaluate_recommendations(codebook, codings, corpus, lang,
                                                     stances=stances),
            method=method_facts(study, corpus, codebook, manual, coders, guest, len(curve)))
        results.speakers = speaker_summary(corpus, getattr(study, "transcripts", None))
        if results.recommendations.empty:
            results.development = development_points(codebook, agreement, codings, corpus,
                                                     lang, stances=stances)
        if study.config.group:
            results.groups = group_comparison(codings, corpus, codebook,
                                              attribute=study.config.group, codes=codes)
    if len(coders) >= 2:
        themes = {c.id: c.theme for c in codebook}
        results.reliability = reliability_table(manual, corpus, codebook, coders=coders,
                                                themes=themes)
        results.disagreements = disagreements(manual, corpus, codebook, coders=coders,
                                              themes=themes)
    return results
