"""ModelCoder: per-code classifiers learnt from hand coding."""
from __future__ import annotations

import numpy as np
import pytest
from model_fixtures import CAT, RARE, WEATHER, build_study

from interview_analysis.coding.codings import CODING_COLUMNS
from interview_analysis.coding.learn import best_threshold, case_splits, platt_scaling
from interview_analysis.coding.models import ModelCoder
from interview_analysis.errors import CodingsError, InterviewAnalysisError
from interview_analysis.study.study import load_study

TRAIN = ["H1", "H2", "H3", "H4"]


@pytest.fixture
def fitted(pet_study):
    study = load_study(pet_study)
    corpus = study.corpus()
    codings = study.codings("researcher")
    model = ModelCoder().fit(corpus, codings[codings["case"].isin(TRAIN)])
    return model, corpus


def test_model_recovers_a_perfectly_separable_code_in_unseen_interviews(fitted):
    model, corpus = fitted
    coded = model.transform(corpus)
    unseen = coded[coded["case"].isin(["H5", "H6"])]
    assert sorted(unseen.loc[unseen["code"] == CAT, "passage_id"]) == ["H5:0002", "H6:0002"]
    assert sorted(unseen.loc[unseen["code"] == WEATHER, "passage_id"]) == ["H5:0004", "H6:0004"]


def test_transform_returns_model_codings_with_probability_and_evidence(fitted):
    model, corpus = fitted
    coded = model.transform(corpus)
    assert list(coded.columns) == CODING_COLUMNS
    assert set(coded["origin"]) == {"model"} and set(coded["coder"]) == {"model"}
    cat = coded[(coded["code"] == CAT) & (coded["passage_id"] == "H5:0002")].iloc[0]
    assert 0.5 < cat["score"] <= 1.0
    assert cat["matched"].split("; ")[0] == "kissa"   # lemma of "kissa" / "kissoja" / "kissalle"


def test_predict_proba_is_passages_by_codes(fitted):
    model, corpus = fitted
    proba = model.predict_proba(corpus)
    assert list(proba.columns) == [WEATHER, CAT]   # alphabetical without a codebook
    assert list(proba.index) == corpus.participant_passages["passage_id"].tolist()
    assert ((proba >= 0) & (proba <= 1)).all().all()


def test_codes_with_too_few_examples_are_skipped_and_reported(fitted):
    model, _ = fitted
    assert model.skipped_.to_dict() == {RARE: 1}
    assert RARE not in model.codes_
    assert model.n_positive_.to_dict() == {WEATHER: 4, CAT: 4}


def test_codebook_orders_the_codes(pet_study):
    study = load_study(pet_study)
    model = ModelCoder(study.codebook()).fit(study.corpus(), study.codings("researcher"))
    assert model.codes_ == [CAT, WEATHER, RARE]    # rare: one passage and its label as seed


def test_fixed_threshold_is_used_for_every_code(fitted, pet_study):
    study = load_study(pet_study)
    model = ModelCoder(threshold=0.3).fit(study.corpus(), study.codings("researcher"))
    assert model.thresholds_.tolist() == [0.3, 0.3]


def test_fit_without_coded_passages_says_what_to_do(pet_study):
    study = load_study(pet_study)
    empty = study.codings("researcher").iloc[:0]
    with pytest.raises(CodingsError, match="no coded participant passages to learn from"):
        ModelCoder().fit(study.corpus(), empty)


def test_transform_before_fit_is_an_error(pet_study):
    with pytest.raises(InterviewAnalysisError, match="has not been fitted"):
        ModelCoder().transform(load_study(pet_study).corpus())


def test_span_level_codings_count_by_overlap(tmp_path):
    study = load_study(build_study(tmp_path / "s", span="word"))
    codings = study.codings("researcher")
    assert (codings["end"] - codings["start"] < 12).all()      # one word each
    model = ModelCoder().fit(study.corpus(), codings)
    assert model.n_positive_.to_dict() == {WEATHER: 6, CAT: 6}


def test_case_splits_keep_cases_apart_and_fall_back_to_random_splits():
    groups = np.array(["a", "a", "b", "b", "c", "c"])
    for train, test in case_splits(groups, 5):
        assert not set(groups[train]) & set(groups[test])
    assert len(case_splits(groups, 5)) == 3
    assert len(case_splits(np.array(["a"] * 4), 2)) == 2


def test_best_threshold_sits_in_the_middle_of_the_best_gap():
    proba = np.array([0.1, 0.2, 0.6, 0.8])
    y = np.array([0, 0, 1, 1])
    assert best_threshold(proba, y, 0.5) == pytest.approx(0.4)
    assert best_threshold(proba, np.zeros(4, int), 0.5) == 0.5


def test_platt_scaling_is_increasing_and_smoothed():
    scores = np.array([-2.0, -1.0, 1.0, 2.0])
    a, b = platt_scaling(scores, np.array([0, 0, 1, 1]))
    assert a > 0
    p = 1 / (1 + np.exp(-(a * scores + b)))
    assert p[0] < 0.5 < p[-1] and p[-1] < 1 - 1e-3   # smoothed targets: never exactly 0 or 1
