"""Whose codings a report uses: the researcher's where they coded, the rules elsewhere."""
from __future__ import annotations

import pytest

from helpers import write
from interview_analysis.errors import UsageError
from interview_analysis.pipeline.codings import choose_codings
from interview_analysis.pipeline.results import analyse
from interview_analysis.study.study import load_study


@pytest.fixture
def half_coded(fi_study):
    """H1 coded by the researcher (one coding, no stance); H2 coded by nobody."""
    text = (fi_study / "transcripts" / "H1.txt").read_text(encoding="utf-8")
    start = text.index("Sähköposti")
    write(fi_study / "codings" / "researcher.csv",
          f"document,start,end,code,stance,memo\nH1,{start},{start + 10},channels/email,,\n")
    return load_study(fi_study)


def _chosen(study, coders=None):
    return choose_codings(study, study.codebook(), study.corpus(), coders)


def test_the_researcher_where_they_coded_and_the_rules_elsewhere(half_coded):
    chosen = _chosen(half_coded)
    by_document = chosen.codings.groupby("document")["origin"].agg(set).to_dict()
    assert by_document == {"H1": {"manual"}, "H2": {"rule"}}
    assert (chosen.primary, chosen.with_rules) == ("researcher", True)


def test_every_coding_without_a_coders_stance_gets_an_automatic_one(half_coded):
    codings = _chosen(half_coded).codings
    assert set(codings["stance_origin"]) == {"auto"}
    h2 = codings[codings["document"] == "H2"]
    assert h2["stance"].notna().all()


def test_coders_choose_exactly_whose_codings(half_coded):
    assert set(_chosen(half_coded, ["researcher"]).codings["origin"]) == {"manual"}
    assert set(_chosen(half_coded, "rules").codings["origin"]) == {"rule"}


def test_an_unknown_coder_is_named_with_a_suggestion(half_coded):
    with pytest.raises(UsageError, match=r"(?s)no codings file for this coder.*'resercher'"
                                         r".*did you mean 'researcher'"):
        _chosen(half_coded, ["resercher"])


def test_analyse_honours_the_passage_unit(half_coded):
    assert analyse(half_coded, unit="sentence").corpus.unit == "sentence"
