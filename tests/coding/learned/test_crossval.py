"""cross_validate: case-grouped folds, pooled scores, graceful degradation without rules."""
from __future__ import annotations

import pandas as pd
import pytest
from model_fixtures import CAT, NO_RULES_CODEBOOK, RARE, WEATHER, build_study

from interview_analysis.coding.crossval import (
    RESULT_COLUMNS,
    case_folds,
    cross_validate,
    cross_validation_report,
)
from interview_analysis.errors import CodingsError
from interview_analysis.study.study import load_study

LEVELS = [CAT, WEATHER, RARE, "micro", "macro"]


def test_group_k_fold_never_puts_one_case_on_both_sides():
    cases = pd.Series(["A"] * 5 + ["B"] * 3 + ["C"] * 4 + ["D"] * 2 + ["E"] * 6)
    folds = case_folds(cases, 3)
    assert len(folds) == 3
    tested = [c for _, test in folds for c in test]
    assert sorted(tested) == ["A", "B", "C", "D", "E"]           # each case tested once
    for train, test in folds:
        assert not set(train) & set(test)
        assert sorted(train + test) == ["A", "B", "C", "D", "E"]


def test_more_folds_than_cases_is_leave_one_case_out():
    folds = case_folds(["A", "A", "B", "C"], 10)
    assert sorted(test for _, test in folds) == [["A"], ["B"], ["C"]]


def test_cross_validation_needs_two_cases():
    with pytest.raises(CodingsError, match="at least two cases"):
        case_folds(["A", "A"], 5)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    study = load_study(build_study(tmp_path_factory.mktemp("cv") / "pets"))
    return cross_validate(study, "researcher", folds=3)


def test_result_has_the_contract_columns_and_one_row_per_method_and_level(result):
    assert list(result.columns) == RESULT_COLUMNS
    assert result["method"].unique().tolist() == ["rules", "model", "combined", "baseline"]
    for method in ("rules", "model", "combined", "baseline"):
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
    assert result.attrs["stance"]["n"] == 6


def test_report_is_markdown_with_the_summary_table(result):
    text = cross_validation_report(result)
    assert text.splitlines()[0].startswith("| method | micro P")
    assert "| rules | 1.000 | 0.923 | 0.960 |" in text
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
    refi = pytest.importorskip("interview_analysis.exchange.refi")
    root = build_study(tmp_path / "qdc")
    study = load_study(root)
    with pytest.warns(Warning):   # the export says that rules are lost
        qdc = refi.export_study(study, "qdc", tmp_path / "pets.qdc")
    result = cross_validate(study, "researcher", folds=3, codebook=str(qdc), stance=False)
    assert result["method"].unique().tolist() == ["rules", "model", "combined", "baseline"]
    scores = result.set_index(["method", "level"])
    assert scores.loc[("rules", "micro"), "recall"] == 0.0
    assert scores.loc[("combined", "micro"), "f1"] == scores.loc[("model", "micro"), "f1"]
    assert scores.loc[("model", CAT), "f1"] == 1.0
