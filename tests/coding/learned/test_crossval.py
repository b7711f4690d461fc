"""cross_validate: case-grouped folds, pooled scores, graceful degradation without rules."""
from __future__ import annotations

import pandas as pd
import pytest
from model_fixtures import CAT, NO_RULES_CODEBOOK, RARE, WEATHER, build_study

from interview_analysis.coding.crossval import (
    METHODS,
    RESULT_COLUMNS,
    cross_validate,
    cross_validation_report,
)
from interview_analysis.coding.learned.folds import make_folds
from interview_analysis.errors import CodingsError
from interview_analysis.exchange.refi import export_study
from interview_analysis.study.study import load_study

LEVELS = [CAT, WEATHER, RARE, "micro", "macro"]


def _test_groups(folds):
    return [sorted(set(folds.groups[test])) for _, test in folds.splits]


def test_group_k_fold_never_puts_one_case_on_both_sides():
    cases = pd.Series(["A"] * 5 + ["B"] * 3 + ["C"] * 4 + ["D"] * 2 + ["E"] * 6)
    folds = make_folds(cases, 3)
    assert folds.by == "case" and folds.note == ""
    assert len(folds.splits) == 3
    tested = [c for groups in _test_groups(folds) for c in groups]
    assert sorted(tested) == ["A", "B", "C", "D", "E"]           # each case tested once
    for train, test in folds.splits:
        assert not set(cases[train]) & set(cases[test])


def test_more_folds_than_cases_is_leave_one_case_out():
    folds = make_folds(["A", "A", "B", "C", "D"], 10)
    assert sorted(_test_groups(folds)) == [["A"], ["B"], ["C"], ["D"]]


def test_few_cases_fall_back_to_documents_and_say_so():
    folds = make_folds(["A"] * 8, 5, documents=["d1", "d1", "d2", "d2", "d3", "d3", "d4", "d5"])
    assert folds.by == "document" and len(folds.splits) == 5
    assert "only 1 case(s): folds are grouped by document" in folds.note


def test_one_case_one_document_is_plain_k_fold_and_says_so():
    folds = make_folds(["A"] * 10, 5, documents=["d1"] * 10, seed=0)
    assert folds.by == "passage" and len(folds.splits) == 5
    assert "plain shuffled K-fold" in folds.note
    assert sorted(i for _, test in folds.splits for i in test) == list(range(10))


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    study = load_study(build_study(tmp_path_factory.mktemp("cv") / "pets"))
    # seeded_min=None: a code needs three coded passages even with seed texts in the codebook
    return cross_validate(study, "researcher", folds=3, model_params={"seeded_min": None})


def test_result_has_the_contract_columns_and_one_row_per_method_and_level(result):
    assert list(result.columns) == RESULT_COLUMNS
    assert result["method"].unique().tolist() == list(METHODS)
    assert METHODS == ("rules", "model", "combined", "prior", "tfidf")
    for method in METHODS:
        assert result.loc[result["method"] == method, "level"].tolist() == LEVELS


def test_rules_and_model_find_the_separable_codes_across_interviews(result):
    scores = result.set_index(["method", "level"])
    assert scores.loc[("rules", CAT), ["precision", "recall", "f1", "support"]].tolist() == \
        [1.0, 1.0, 1.0, 6]
    assert scores.loc[("model", CAT), "f1"] == 1.0
    assert scores.loc[("model", WEATHER), "recall"] == 1.0
    # the rare code (one example) has no rule and too few examples: nobody finds it
    assert scores.loc[("model", RARE), "recall"] == 0.0
    assert scores.loc[("rules", "micro"), "support"] == 13


def test_fold_membership_and_skipped_codes_are_reported(result):
    tested = sorted(c for fold in result.attrs["folds"] for c in fold)
    assert tested == ["H1", "H2", "H3", "H4", "H5", "H6"]
    assert result.attrs["skipped"] == {RARE: 1}
    assert result.attrs["grouping"] == "case" and result.attrs["grouping_note"] == ""
    assert result.attrs["notes"][RARE].startswith("1 coded passage in a training fold")
    assert result.attrs["stance"]["n"] == 6


def test_report_is_markdown_with_the_summary_table(result):
    text = cross_validation_report(result)
    assert text.splitlines()[0].startswith("| method | micro P")
    assert "| rules | 1.000 | 0.923 | 0.960 |" in text
    assert "| prior |" in text and "| tfidf |" in text
    assert "| code | support | rules F1 | model F1 | combined F1 | prior F1 | tfidf F1 | winner |" \
        in text
    assert f"- `{RARE}`: 1 coded passage in a training fold" in text
    assert "Stance accuracy" in text


def test_span_level_codings_are_scored_by_passage_overlap(tmp_path):
    study = load_study(build_study(tmp_path / "spans", span="word"))
    result = cross_validate(study, "researcher", folds=6, methods=("rules",), stance=False)
    assert result.set_index("level").loc[CAT, "f1"] == 1.0


def test_codebook_without_rules_gives_empty_rules_and_combined_equal_to_model(tmp_path):
    root = build_study(tmp_path / "norules", codebook=NO_RULES_CODEBOOK)
    result = cross_validate(load_study(root), "researcher", folds=3, stance=False)
    rules = result[result["method"] == "rules"]
    assert (rules["recall"] == 0).all() and rules["precision"].isna().all()
    model = result[result["method"] == "model"].reset_index(drop=True)
    combined = result[result["method"] == "combined"].reset_index(drop=True)
    pd.testing.assert_frame_equal(model.drop(columns="method"), combined.drop(columns="method"))


def test_only_grouping_by_case_is_supported(pet_study):
    with pytest.raises(CodingsError, match="grouped by case only"):
        cross_validate(load_study(pet_study), "researcher", by="passage")


def test_a_qdc_codebook_has_no_rules_so_combined_is_the_model(tmp_path):
    root = build_study(tmp_path / "qdc")
    study = load_study(root)
    with pytest.warns(Warning):   # the export says that rules are lost
        qdc = export_study(study, "qdc", tmp_path / "pets.qdc")
    result = cross_validate(study, "researcher", folds=3, codebook=str(qdc), stance=False)
    assert result["method"].unique().tolist() == list(METHODS)
    scores = result.set_index(["method", "level"])
    assert scores.loc[("rules", "micro"), "recall"] == 0.0
    assert scores.loc[("combined", "micro"), "f1"] == scores.loc[("model", "micro"), "f1"]
    assert scores.loc[("model", CAT), "f1"] == 1.0


def test_a_code_with_one_coded_passage_is_learnt_from_its_codebook_texts(tmp_path):
    study = load_study(build_study(tmp_path / "seeded"))
    result = cross_validate(study, "researcher", folds=3, methods=("model",), stance=False)
    assert result.attrs["skipped"] == {} and result.attrs["notes"] == {}
