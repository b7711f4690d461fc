"""A case's view of a code from its codings: a coder's stance wins, automatic ones are weighed,
a theme view that differs by code is 'varied'."""
from __future__ import annotations

import pytest

from interview_analysis.analysis.stances import case_stances, weighted_stance


@pytest.mark.parametrize("weights,view", [
    ((2, 0, 0), "positive"), ((0, 1, 0), "negative"), ((2, 1, 0), "positive"),
    ((1, 2, 0), "negative"), ((1.4, 1, 0), "mixed"), ((1.5, 1, 0), "positive"),
    ((1, 1, 0), "mixed"),
    # a mixed coding counts half for each side
    ((1, 0, 2), "positive"), ((0, 1, 1), "negative"), ((1, 1, 1), "mixed"),
    ((0, 0, 2), "mixed"), ((2, 0, 1), "positive"), ((0, 0, 0), "no view"),
])
def test_weighted_automatic_stances(weights, view):
    assert weighted_stance(*weights) == view


def test_a_coders_stance_wins_over_automatic_ones(five, make_codings):
    codings = make_codings(five, [("H1:0002", "c", "negative"), ("H1:0004", "c", "positive"),
                                  ("H1:0004", "c", "positive")])
    codings["stance_origin"] = ["coder", "auto", "auto"]
    codings["stance_score"] = [1.0, 1.0, 1.0]
    got = case_stances(codings, five)
    assert got[["case", "code", "stance", "stance_origin"]].values.tolist() == [
        ["H1", "c", "negative", "coder"]]


def test_automatic_stances_are_weighed_not_merely_collected(five, make_codings):
    codings = make_codings(five, [("H1:0002", "c", "positive"), ("H1:0004", "c", "positive"),
                                  ("H2:0002", "c", "negative"), ("H2:0003", "c", "positive"),
                                  ("H3:0002", "c", None)])
    codings["stance_origin"] = "auto"
    codings["stance_score"] = [1.0, 1.0, 1.0, 0.5, 0.0]
    got = case_stances(codings, five).set_index("case")
    # H1: two positives; H2: an explicit negative against an implicit positive; H3: no cue.
    assert got["stance"].to_dict() == {"H1": "positive", "H2": "negative", "H3": "no view"}
    assert got["stance_origin"].tolist() == ["auto", "auto", None]
