"""Method facts a tool can fill in from the study (the COREQ items that are countable).

COREQ (Tong, Sainsbury & Craig 2007) lists 32 items a qualitative interview report should
state. Items about the research team, recruitment and reflexivity need the researcher; the
ones below follow from the data: sample size (item 12), description of the sample (16),
setting/mode of data collection (14), duration (21), data saturation (22), number of coders
(24), the coding tree (25) and software (27).

Reference: Tong, A., Sainsbury, P., & Craig, J. (2007). Consolidated criteria for reporting
qualitative research (COREQ). *International Journal for Quality in Health Care*, 19(6),
349–357. https://doi.org/10.1093/intqhc/mzm042
"""
from __future__ import annotations

import platform
from dataclasses import dataclass, field

import pandas as pd

from ..domain import attribute_meaning


def _columns(meaning: str, cases: pd.DataFrame) -> list[str]:
    """The cases-table columns that mean ``meaning`` (``interview_mode``, ``Mode``, …)."""
    return [c for c in cases.columns if attribute_meaning(c) == meaning]


@dataclass
class MethodFacts:
    """Facts about a study's data and analysis (the report words them:
    :func:`interview_analysis.report.method.method_table`).

    ``saturation`` is the Guest et al. (2020) stopping-rule result of
    :func:`~interview_analysis.analysis.saturation.guest_saturation` over ``n_interviews``
    interviews."""

    n_participants: int
    n_documents: int
    words_total: int = 0
    words_range: tuple[int, int] = (0, 0)
    modes: dict[str, int] = field(default_factory=dict)
    duration_range: tuple[float, float] | None = None
    n_without_duration: int = 0
    date_range: tuple[str, str] | None = None
    coders: list[str] = field(default_factory=list)
    double_coded: tuple[int, int] = (0, 0)
    n_themes: int = 0
    n_codes: int = 0
    n_leaves: int = 0
    unit: str = "turn"
    language: str = "en"
    groups: dict[str, int] = field(default_factory=dict)
    saturation: dict = field(default_factory=dict)
    n_interviews: int = 0
    software: dict[str, str] = field(default_factory=dict)


def _column(cases: pd.DataFrame, names) -> pd.Series | None:
    for name in names:
        if name in cases.columns:
            values = cases[name]
            return values[values.notna() & (values.astype(str).str.strip() != "")]
    return None


def software_versions(lang: str) -> dict[str, str]:
    """Versions that make the analysis reproducible (package, Python, spaCy, lemmatiser)."""
    from importlib import metadata  # spaCy's version without importing spaCy

    from ..nlp.lemmas import Lemmatizer
    from ..version import __version__
    return {"interview-analysis": __version__, "Python": platform.python_version(),
            "spaCy": metadata.version("spacy"), "lemmatiser": Lemmatizer(lang).backend}


def _double_coded(manual: pd.DataFrame, documents: list[str]) -> tuple[int, int]:
    if manual.empty or "coder" not in manual:
        return 0, len(documents)
    per_doc = manual.groupby("document")["coder"].nunique()
    return int((per_doc.reindex(documents).fillna(0) >= 2).sum()), len(documents)


def method_facts(study, corpus, codebook, manual: pd.DataFrame, coders: list[str],
                 saturation: dict | None = None, n_interviews: int = 0) -> MethodFacts:
    """Collect the :class:`MethodFacts` of a study.

    Parameters
    ----------
    study:
        The loaded study (cases table and settings).
    corpus:
        Its corpus (participant passages count).
    codebook:
        The codebook used.
    manual:
        All coders' manual codings (long format), for the double-coded share.
    coders:
        The coders, primary first (empty when the rules coded the study).
    saturation, n_interviews:
        The stopping-rule result for COREQ item 22, and the number of interviews it covers.
    """
    part = corpus.participant_passages
    words = part.groupby("case")["words"].sum()
    present = set(part["case"].tolist())
    cases = study.cases.loc[[c for c in study.cases.index if c in present]]
    facts = MethodFacts(n_participants=len(cases), n_documents=len(corpus.texts),
                        words_total=int(words.sum()),
                        words_range=(int(words.min()), int(words.max())) if len(words) else (0, 0),
                        coders=list(coders), unit=corpus.unit, language=corpus.language,
                        saturation=dict(saturation or {}),
                        n_interviews=n_interviews, software=software_versions(corpus.language))
    modes = _column(cases, _columns("interview_mode", cases))
    if modes is not None:
        facts.modes = {str(k): int(v) for k, v in modes.astype(str).value_counts(sort=False)
                       .sort_values(ascending=False, kind="stable").items()}
    durations = _column(cases, _columns("duration_min", cases))
    if durations is not None and len(durations):
        values = pd.to_numeric(durations, errors="coerce").dropna()
        if len(values):
            facts.duration_range = (float(values.min()), float(values.max()))
            facts.n_without_duration = len(cases) - len(values)
    dates = _column(cases, _columns("interview_date", cases))
    if dates is not None and len(dates):
        text = sorted(dates.astype(str))
        facts.date_range = (text[0], text[-1])
    group = study.config.group
    if group and group in cases.columns:
        facts.groups = {str(k): int(v) for k, v in cases[group].dropna().astype(str)
                        .value_counts(sort=False).items()}
    facts.double_coded = _double_coded(manual, list(corpus.texts))
    facts.n_themes, facts.n_codes = len(codebook.themes), len(codebook)
    facts.n_leaves = len(codebook.leaves())
    return facts
