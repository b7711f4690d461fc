"""Group comparison: prevalence per group, Fisher's exact test for two groups, plain caveats."""
from __future__ import annotations

import math

import numpy as np
import pytest

from interview_analysis.analysis.groups import GROUP_COLUMNS, group_comparison
from interview_analysis.errors import StudyError


def groups_corpus(make_corpus, groups: dict[str, str | None]):
    return make_corpus({c: [("I", "Question?"), ("P", f"Answer of {c}.")] for c in groups},
                       attributes={c: {"group": g} for c, g in groups.items()})


@pytest.fixture
def study_b(make_corpus):
    """Five customers and five experts, like study B."""
    return groups_corpus(make_corpus, {**{f"C{i}": "customer" for i in range(1, 6)},
                                       **{f"E{i}": "expert" for i in range(1, 6)}})


@pytest.fixture
def study_b_codings(study_b, make_codings):
    # 'email_best': all five customers, no expert. 'wants_more': 3 customers, 2 experts.
    return make_codings(study_b, [
        *((f"C{i}:0002", "email_best") for i in range(1, 6)),
        *((f"C{i}:0002", "wants_more") for i in (1, 2, 3)),
        *((f"E{i}:0002", "wants_more") for i in (1, 2)),
        ("E3:0001", "email_best"),  # the interviewer's turn does not count
    ])


def test_prevalence_per_group(study_b, study_b_codings):
    table = group_comparison(study_b_codings, study_b, attribute="group")
    assert list(table.columns) == [*GROUP_COLUMNS, "share_customer", "share_expert",
                                   "fisher_p", "note"]
    rows = table.set_index(["code", "group"])
    assert rows.loc[("email_best", "customer"), ["n_cases", "n_group", "share"]].tolist() == [
        5, 5, 1.0]
    assert rows.loc[("email_best", "expert"), ["n_cases", "n_group", "share"]].tolist() == [
        0, 5, 0.0]
    assert rows.loc[("wants_more", "expert"), "share_customer"] == pytest.approx(0.6)


def test_fisher_p_matches_the_hypergeometric_hand_calculation(study_b, study_b_codings):
    table = group_comparison(study_b_codings, study_b, attribute="group").set_index("code")
    # 5/5 vs 0/5: only the two most extreme tables, each with probability 1 / C(10, 5).
    assert math.comb(10, 5) == 252
    assert table.loc["email_best", "fisher_p"].tolist() == pytest.approx([2 / 252] * 2)
    assert 2 / 252 == pytest.approx(0.007937, abs=1e-6)
    # 3/5 vs 2/5 is the most likely table (100/252): every table is as or less likely.
    assert table.loc["wants_more", "fisher_p"].tolist() == pytest.approx([1.0, 1.0])


def test_note_warns_about_small_groups_and_p_values_alone(study_b, study_b_codings):
    note = group_comparison(study_b_codings, study_b, attribute="group")["note"].iloc[0]
    assert note.startswith("n = 5 per group (one case = 20 percentage points): a difference "
                           "of one case is not evidence of a difference")
    assert "report counts, not p-values alone" in note
    assert note.endswith("p-values are not adjusted for the 2 codes compared")


def test_more_than_two_groups_have_no_p_value(make_corpus, make_codings):
    corpus = groups_corpus(make_corpus, {"A": "x", "B": "y", "C": "z"})
    table = group_comparison(make_codings(corpus, [("A:0002", "k")]), corpus, attribute="group")
    assert np.isnan(table["fisher_p"]).all()
    assert table["note"].iloc[0].startswith("3 groups: no p-value")
    assert table["group"].tolist() == ["x", "y", "z"]


def test_cases_without_a_group_are_left_out_and_named(make_corpus, make_codings):
    corpus = groups_corpus(make_corpus, {"A": "x", "B": "y", "C": None, "D": "x"})
    table = group_comparison(make_codings(corpus, [("C:0002", "k")]), corpus, attribute="group")
    assert table["n_group"].tolist() == [2, 1]
    assert table["n_cases"].sum() == 0
    assert table["note"].iloc[0].startswith("n = 2 (x) and 1 (y) (one case = 50–100 percentage")
    assert table["note"].iloc[0].endswith("left out for having no 'group' value: C")


def test_unknown_or_missing_attribute_is_reported(study_b, study_b_codings):
    with pytest.raises(StudyError, match=r"no attribute 'segment'[\s\S]*attributes in "
                                         r"cases.csv: group"):
        group_comparison(study_b_codings, study_b, attribute="segment")
    with pytest.raises(StudyError, match=r"no group attribute given[\s\S]*group: group"):
        group_comparison(study_b_codings, study_b, attribute=None)


def test_fisher_test_runs_once_per_distinct_table_not_per_code(study_b, make_codings,
                                                               monkeypatch):
    # 300 codes, each raised by C1 and E1 alone: one 2 × 2 table, one test (issue #23)
    import scipy.stats

    from interview_analysis.analysis import groups
    codes = [f"code_{i:03d}" for i in range(300)]
    codings = make_codings(study_b, [(f"{c}:0002", code) for code in codes for c in ("C1", "E1")])
    calls = []
    fisher_exact = scipy.stats.fisher_exact
    monkeypatch.setattr(scipy.stats, "fisher_exact",
                        lambda table, **kw: calls.append(table) or fisher_exact(table, **kw))
    groups._fisher.cache_clear()
    table = group_comparison(codings, study_b, attribute="group")
    assert calls == [[[1, 4], [1, 4]]]
    assert len(table) == 600 and table["fisher_p"].tolist() == [1.0] * 600
    assert table["code"].tolist()[:4] == ["code_000", "code_000", "code_001", "code_001"]
    assert table["n_cases"].tolist()[:2] == [1, 1]
