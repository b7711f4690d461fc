"""Case × code matrices count participant passages only, in cases-table order."""
from __future__ import annotations

import pandas as pd
import pytest

from interview_analysis.analysis.framework import framework_matrix
from interview_analysis.analysis.matrix import (
    by_attribute,
    case_code_matrix,
    case_order,
)
from interview_analysis.errors import (
    CodingsError,
    InterviewAnalysisError,
    StudyError,
    StudyWarning,
)


@pytest.fixture
def small(make_corpus):
    # Participant words: A 3 + 4 + 1 = 8, B 5, C 4; D has only an interviewer turn.
    return make_corpus(
        {"A": [("I", "q q"), ("P", "one two three"), ("P", "four five six seven"), ("P", "x")],
         "B": [("I", "q"), ("P", "a b c d e")],
         "C": [("P", "only participant words here")],
         "D": [("I", "nobody answered")]},
        attributes={"B": {"group": "g1"}, "A": {"group": "g1"}, "C": {"group": "g2"},
                    "D": {"group": "g2"}})


@pytest.fixture
def small_codings(small, make_codings):
    return make_codings(small, [
        ("A:0002", "x"), ("A:0002", "x"),  # two overlapping spans on one passage: counted once
        ("A:0003", "x"), ("A:0003", "y"),
        ("A:0001", "x"),  # interviewer turn: not counted
        ("B:0002", "y"),
        (None, "x"),  # no passage: ignored
    ])


def test_case_order_follows_cases_table_and_drops_cases_without_participant_passages(small):
    assert case_order(small) == ["B", "A", "C"]


def test_presence_matrix_marks_cases_coded_on_participant_passages(small, small_codings):
    matrix = case_code_matrix(small_codings, small, value="presence")
    expected = pd.DataFrame({"x": [0, 1, 0], "y": [1, 1, 0]},
                            index=pd.Index(["B", "A", "C"], name="case"))
    expected.columns.name = "code"
    pd.testing.assert_frame_equal(matrix, expected)


def test_count_matrix_counts_distinct_coded_passages(small, small_codings):
    matrix = case_code_matrix(small_codings, small, value="count")
    assert matrix.loc["A"].to_dict() == {"x": 2, "y": 1}
    assert matrix.loc["B"].to_dict() == {"x": 0, "y": 1}


def test_share_matrix_divides_coded_passage_words_by_participant_words(small, small_codings):
    matrix = case_code_matrix(small_codings, small, value="share")
    assert matrix.at["A", "x"] == pytest.approx(7 / 8)  # (3 + 4) / (3 + 4 + 1); "q q" excluded
    assert matrix.at["A", "y"] == pytest.approx(4 / 8)
    assert matrix.at["B", "y"] == pytest.approx(1.0)
    assert matrix.at["C", "x"] == 0.0


def test_codes_argument_orders_columns_and_adds_unused_codes(small, small_codings):
    matrix = case_code_matrix(small_codings, small, value="count", codes=["z", "y"])
    assert list(matrix.columns) == ["z", "y"]
    assert matrix["z"].sum() == 0


def test_by_attribute_sums_presence_and_averages_shares(small, small_codings):
    presence = case_code_matrix(small_codings, small, by="group")
    assert presence.index.name == "group"
    assert presence.loc["g1"].to_dict() == {"x": 1, "y": 2}
    assert presence.loc["g2"].to_dict() == {"x": 0, "y": 0}
    share = case_code_matrix(small_codings, small, value="share", by="group")
    assert share.at["g1", "x"] == pytest.approx((0 + 7 / 8) / 2)


def test_by_attribute_mean_of_presence_is_prevalence(small, small_codings):
    matrix = case_code_matrix(small_codings, small)
    assert by_attribute(matrix, small.cases, "group", how="mean").at["g1", "y"] == 1.0


def test_by_attribute_names_the_missing_attribute_and_the_known_ones(small, small_codings):
    with pytest.raises(StudyError, match=r"no attribute 'industry'[\s\S]*attributes in "
                                         r"cases.csv: group"):
        case_code_matrix(small_codings, small, by="industry")


def test_unknown_value_is_rejected_with_the_choices(small, small_codings):
    with pytest.raises(InterviewAnalysisError, match="unknown matrix value.*'words'"
                                                     r"[\s\S]*presence, count, share"):
        case_code_matrix(small_codings, small, value="words")


def test_codings_for_passages_of_another_unit_are_reported(small, small_codings):
    stray = small_codings.assign(passage_id="A:0042")
    with pytest.raises(CodingsError, match=r"7 codings point at passages this corpus does not "
                                           r"have \(found \['A:0042'\]\)[\s\S]*unit='turn'"):
        case_code_matrix(stray, small)


def test_codings_without_passage_ids_are_rejected_with_a_fix(small, small_codings):
    with pytest.raises(CodingsError, match=r"missing columns.*passage_id[\s\S]*study.codings"):
        case_code_matrix(small_codings.drop(columns="passage_id"), small)


def test_codings_from_several_coders_warn_that_they_are_pooled(small, small_codings,
                                                                 make_codings):
    other = make_codings(small, [("C:0001", "x")], coder="ben")
    with pytest.warns(StudyWarning, match="2 coders \\(anna, ben\\) are pooled"):
        matrix = case_code_matrix(pd.concat([small_codings, other]), small)
    assert matrix.at["C", "x"] == 1


def test_framework_matrix_cells_hold_the_best_quote_or_nothing(small, small_codings):
    matrix = framework_matrix(small_codings, small)
    assert matrix.at["A", "x"] == "one two three"  # shorter than "four five six seven"
    assert matrix.at["A", "y"] == "four five six seven"
    assert matrix.at["C", "x"] == ""
    assert list(matrix.index) == ["B", "A", "C"]


def test_framework_matrix_cuts_long_quotes_at_a_word(five, five_codings):
    matrix = framework_matrix(five_codings, five, max_chars=30)
    assert matrix.at["H2", "contact_types/regular_checkins"] == "Check-ins can be good if…"
    assert all(len(cell) <= 30 for cell in matrix.to_numpy().ravel())


@pytest.mark.parametrize("module", ["matrix", "agreement", "cooccurrence", "groups",
                                    "saturation", "quotes", "framework"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    found = importlib.import_module(f"interview_analysis.analysis.{module}")
    result = doctest.testmod(found, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
