"""Every kind of study runs: no interviewer passages, one case, codes with few examples,
no hand coding yet."""
from __future__ import annotations

import pandas as pd
import pytest
from model_fixtures import CAT, NO_RULES_CODEBOOK, RARE, WEATHER, build_answers_study

from interview_analysis.coding.crossval import METHODS, cross_validate, cross_validation_report
from interview_analysis.coding.models import ModelCoder
from interview_analysis.coding.suggest import suggest
from interview_analysis.study.study import load_study


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    return load_study(build_answers_study(tmp_path_factory.mktemp("survey") / "kysely"))


def test_a_study_without_interviewer_passages_cross_validates(survey):
    corpus = survey.corpus()
    assert set(corpus.passages["role"]) == {"participant"}
    result = cross_validate(survey, "researcher", folds=5, stance=False)
    assert result["method"].unique().tolist() == list(METHODS)
    scores = result.set_index(["method", "level"])
    assert scores.loc[("model", CAT), "f1"] == 1.0
    assert scores.loc[("model", WEATHER), "f1"] == pytest.approx(12 / 13)   # one extra
    assert scores.loc[("prior", "micro"), "f1"] < scores.loc[("model", "micro"), "f1"]
    assert result.attrs["grouping"] == "case"          # one case per answer: ordinary K-fold


def test_a_study_without_interviewer_passages_gets_suggestions(survey):
    codings = survey.codings("researcher")
    half = codings[codings["document"] <= "R12"]
    out = suggest(survey.corpus(), half, n=3)
    assert set(out["code"]) == {CAT, WEATHER}
    assert out.loc[out["code"] == CAT, "passage_id"].tolist()[0].startswith("R")


def test_a_study_with_one_case_falls_back_to_document_folds_and_says_so(tmp_path):
    study = load_study(build_answers_study(tmp_path / "one", one_case=True))
    result = cross_validate(study, "researcher", folds=4, stance=False)
    assert result.attrs["grouping"] == "document"
    assert "only 1 case(s)" in result.attrs["grouping_note"]
    assert "Folds: only 1 case(s): folds are grouped by document" in \
        cross_validation_report(result)


def test_a_code_with_fewer_than_three_positives_gets_a_note_not_silence(survey):
    model = ModelCoder().fit(survey.corpus(), survey.codings("researcher"))
    assert RARE not in model.codes_
    assert model.notes_ == {RARE: "1 coded passage: fewer than 3, so no classifier; code more "
                                  "passages or write a rule"}
    out = suggest(survey.corpus(), survey.codings("researcher"))
    assert out.attrs["notes"] == model.notes_


def test_before_any_hand_coding_the_codebook_gives_suggestions(tmp_path):
    study = load_study(build_answers_study(tmp_path / "cold", codebook=NO_RULES_CODEBOOK))
    nothing = study.codings("researcher").iloc[:0]
    out = suggest(study.corpus(), nothing, codebook=study.codebook(), min_score=0.0, n=3)
    assert set(out["code"]) == {CAT, WEATHER, RARE}
    top_cat = out.loc[out["code"] == CAT, "text"].iloc[0]
    assert "issa" in top_cat                    # "kissa", "Kissojen", ...: learnt from "Kissat"


def test_a_rejected_suggestion_is_learnt_from_and_not_made_again(survey):
    codings = survey.codings("researcher")
    corpus = survey.corpus()
    first = suggest(corpus, codings, code=WEATHER, min_score=0.0, n=1)
    rejected = first[["passage_id", "code"]].assign(accepted=False)
    again = suggest(corpus, codings, code=WEATHER, min_score=0.0, n=1, feedback=rejected)
    assert again["passage_id"].iloc[0] != first["passage_id"].iloc[0]


def test_feedback_on_an_uncoded_document_labels_that_cell_only(survey):
    corpus = survey.corpus()
    codings = survey.codings("researcher")
    some = codings[codings["document"] <= "R12"]
    feedback = pd.DataFrame({"passage_id": ["R14:0001"], "code": [CAT], "accepted": [True]})
    model = ModelCoder().fit(corpus, some, feedback=feedback)
    assert model.n_positive_[CAT] == some["code"].eq(CAT).sum() + 1
    assert "R14:0001" in set(model.training_passages_)
