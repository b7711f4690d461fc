"""One test over every coder class: fit / transform return the codings contract."""
from __future__ import annotations

import pytest

from interview_analysis.coding.coder import RuleCoder
from interview_analysis.coding.codings import CODING_COLUMNS
from interview_analysis.coding.combined import CombinedCoder
from interview_analysis.coding.models import ModelCoder
from interview_analysis.study.study import load_study

CODERS = {
    "rules": lambda cb: RuleCoder(cb),
    "model": lambda cb: ModelCoder(cb),
    "combined": lambda cb: CombinedCoder(RuleCoder(cb), ModelCoder(cb)),
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


def test_model_with_rule_features_learns_a_weight_for_each_rule(pet_study):
    study = load_study(pet_study)
    model = ModelCoder(rules=RuleCoder(study.codebook())).fit(study.corpus(),
                                                             study.codings("researcher"))
    assert (model.rule_coef_ > 0).all()       # both rules fire exactly on their code
