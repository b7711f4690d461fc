"""One test over every coder class: fit / transform return the codings contract."""
from __future__ import annotations

import pytest

from interview_analysis.coding.coder import RuleCoder
from interview_analysis.coding.codings import CODING_COLUMNS
from interview_analysis.coding.combined import CombinedCoder
from interview_analysis.coding.learned.baselines import PriorCoder, TfidfCoder
from interview_analysis.coding.models import ModelCoder
from interview_analysis.study.study import load_study

WEATHER, CAT, RARE = "life/weather", "pets/cats", "life/rare"
EXPECTED_TFIDF_THRESHOLDS = {RARE: 0.442, WEATHER: 0.445, CAT: 0.441}
CODERS = {
    "rules": lambda cb: RuleCoder(cb),
    "model": lambda cb: ModelCoder(cb),
    "combined": lambda cb: CombinedCoder(RuleCoder(cb), ModelCoder(cb)),
    "model-without-second-stage": lambda cb: ModelCoder(cb, stack=False),
    "prior": lambda cb: PriorCoder(cb),
    "tfidf": lambda cb: TfidfCoder(cb),
    "tfidf-pooled": lambda cb: TfidfCoder(cb, threshold="pooled"),
}


@pytest.mark.parametrize("name", list(CODERS))
def test_every_coder_fits_and_returns_contract_codings(pet_study, name):
    study = load_study(pet_study)
    corpus, codings = study.corpus(), study.codings("researcher")
    coder = CODERS[name](study.codebook())
    assert coder.fit(corpus, codings) is coder
    out = coder.transform(corpus)
    assert list(out.columns) == CODING_COLUMNS
    assert len(out) > 0
    assert set(out["origin"]) <= {"rule", "model"}
    assert out["passage_id"].isin(corpus.participant_passages["passage_id"]).all()
    assert out["score"].between(0, 1).all()
    assert out[["start", "end"]].dtypes.tolist() == ["int64", "int64"]
    again = CODERS[name](study.codebook()).fit_transform(corpus, codings)
    pairs = ["passage_id", "code"]
    assert again[pairs].values.tolist() == out[pairs].values.tolist()


def test_combined_coder_keeps_origins_and_notes_the_source(pet_study):
    study = load_study(pet_study)
    corpus, codings = study.corpus(), study.codings("researcher")
    coder = CombinedCoder(RuleCoder(study.codebook()), ModelCoder(), veto=0.5, alone=2.0)
    out = coder.fit_transform(corpus, codings)
    assert (coder.veto_, coder.alone_) == (0.5, 2.0)
    assert set(out["coder"]) == {"combined"}
    cat = out[out["passage_id"] == "H1:0002"].iloc[0]
    assert (cat["origin"], cat["memo"]) == ("rule", "combined: rule+model")
    assert cat["matched"].startswith("kissa")


def test_combined_coder_tunes_its_scheme_on_training_data_only(pet_study):
    study = load_study(pet_study)
    corpus, codings = study.corpus(), study.codings("researcher")
    coder = CombinedCoder(RuleCoder(study.codebook()), ModelCoder()).fit(corpus, codings)
    assert len(coder.scores_) == 25
    assert coder.scores_[(coder.veto_, coder.alone_)] == max(coder.scores_.values())


def test_combined_coder_keeps_rule_hits_of_codes_the_model_cannot_learn(pet_study):
    study = load_study(pet_study)
    corpus, codings = study.corpus(), study.codings("researcher")
    two_cases = codings[codings["case"].isin(["H1", "H2"])]       # 2 examples per code
    coder = CombinedCoder(RuleCoder(study.codebook()), ModelCoder()).fit(corpus, two_cases)
    out = coder.transform(corpus)
    assert coder.model_.codes_ == []
    assert set(out["memo"]) == {"combined: rule"}
    assert sorted(out.loc[out["code"] == "pets/cats", "case"]) == ["H1", "H2", "H3", "H4",
                                                                    "H5", "H6"]


def test_model_with_rule_features_learns_how_much_each_rule_is_worth(pet_study):
    study = load_study(pet_study)
    model = ModelCoder(rules=RuleCoder(study.codebook())).fit(study.corpus(),
                                                             study.codings("researcher"))
    # both rules fire exactly on their code: 6 hits, 6 coded -> (6 + 1) / (6 + 2)
    assert model.rule_precision_.tolist() == [0.875, 0.875]
    assert model.stacker_.model_.coef_[0, 8] > 0   # a reliable rule's hit raises the score


def test_prior_coder_gives_everyone_the_codes_worth_guessing(pet_study):
    study = load_study(pet_study)
    prior = PriorCoder().fit(study.corpus(), study.codings("researcher"))
    # 6 of 24 passages each for cats and weather, 1 for rare: guessing cats and weather for
    # everyone gives F1 2·12/(48 + 13) = 0.39, better than one code (0.32) or all three
    assert prior.chosen_ == [WEATHER, CAT]
    assert len(prior.transform(study.corpus())) == 2 * 24


def test_tfidf_baseline_tunes_one_threshold_per_code_inside_the_training_data(pet_study):
    study = load_study(pet_study)
    tfidf = TfidfCoder().fit(study.corpus(), study.codings("researcher"))
    assert tfidf.codes_ == [RARE, WEATHER, CAT]        # alphabetical without a codebook
    assert tfidf.thresholds_.round(3).to_dict() == EXPECTED_TFIDF_THRESHOLDS
