"""Code suggestions for uncoded passages and active learning."""
from __future__ import annotations

import pytest
from model_fixtures import CAT, WEATHER, build_study

from interview_analysis.coding.suggest import (
    NEXT_COLUMNS,
    SUGGESTION_COLUMNS,
    next_to_code,
    suggest,
)
from interview_analysis.errors import CodingsError
from interview_analysis.study.study import load_study

CODED = ("H1", "H2", "H3", "H4")


@pytest.fixture
def half_coded(tmp_path):
    return load_study(build_study(tmp_path / "half", coded=CODED))


def test_suggestions_rank_uncoded_passages_with_evidence(half_coded):
    out = suggest(half_coded, "researcher", n=5)
    assert list(out.columns) == SUGGESTION_COLUMNS
    cats = out[out["code"] == CAT]
    assert cats["passage_id"].tolist()[:2] in (["H5:0002", "H6:0002"], ["H6:0002", "H5:0002"])
    assert cats["score"].is_monotonic_decreasing
    assert cats["evidence"].iloc[0].startswith("kissa")
    assert cats["rule_match"].iloc[:2].tolist() == [True, True]


def test_suggestions_exclude_passages_already_coded_with_the_code(half_coded):
    out = suggest(half_coded, "researcher", min_score=0.0, n=100)
    coded = half_coded.codings("researcher")
    pairs = set(zip(coded["passage_id"], coded["code"]))
    assert not pairs & set(zip(out["passage_id"], out["code"]))
    # uncoded passages of coded documents are still candidates for a code
    assert "H1:0004" in set(out.loc[out["code"] == CAT, "passage_id"])


def test_suggest_one_code(half_coded):
    out = suggest(half_coded, "researcher", code=WEATHER, n=2)
    assert set(out["code"]) == {WEATHER} and len(out) == 2


def test_suggest_for_a_code_without_a_classifier_lists_the_learnable_ones(half_coded):
    with pytest.raises(CodingsError, match="codes with a classifier: pets/cats, life/weather, "
                                           "life/rare"):
        suggest(half_coded, "researcher", code="life")  # a theme: its codes are learned


def test_suggest_for_a_code_not_in_the_codebook_says_which_was_meant(half_coded):
    with pytest.raises(CodingsError, match="unknown code.*'life/sun'[\\s\\S]*did you mean "
                                           "'life'"):
        suggest(half_coded, "researcher", code="life/sun")


def test_next_to_code_picks_uncertain_passages_from_uncoded_documents(half_coded):
    out = next_to_code(half_coded, "researcher", n=4)
    assert list(out.columns) == NEXT_COLUMNS
    assert len(out) == 4 and set(out["document"]) == {"H5", "H6"}
    assert out["reason"].str.startswith("the model is unsure about").all()
    # diversity: the two documents alternate
    assert out["document"].tolist()[:2] in (["H5", "H6"], ["H6", "H5"])


def test_next_to_code_with_everything_coded_is_empty(pet_study):
    assert next_to_code(load_study(pet_study), "researcher").empty
