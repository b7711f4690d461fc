"""Co-occurrence counts and Jaccard indices at passage and case level."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_analysis.analysis.cooccurrence import (
    COOCCURRENCE_COLUMNS,
    cooccurrence,
    cooccurrence_matrix,
)
from interview_analysis.errors import InterviewAnalysisError


@pytest.fixture
def corpus(make_corpus):
    return make_corpus({"H1": [("I", "q"), ("P", "p1"), ("P", "p2")],
                        "H2": [("P", "p3"), ("P", "p4")]})


@pytest.fixture
def codings(corpus, make_codings):
    # Passages: p1 {a, b}, p2 {a}, p3 {b, c}, p4 {a, b}; the interviewer's turn {c}.
    return make_codings(corpus, [
        ("H1:0002", "a"), ("H1:0002", "b"), ("H1:0003", "a"),
        ("H2:0001", "b"), ("H2:0001", "c"), ("H2:0002", "a"), ("H2:0002", "b"),
        ("H1:0001", "c"),
    ])


def pairs(table):
    return {(r.code_a, r.code_b): (r.count, r.jaccard) for r in table.itertuples()}


def test_passage_level_counts_and_jaccard(corpus, codings):
    table = cooccurrence(codings, corpus, level="passage")
    assert list(table.columns) == COOCCURRENCE_COLUMNS
    got = pairs(table)
    assert got[("a", "b")] == (2, pytest.approx(2 / 4))  # {p1, p4} / {p1, p2, p3, p4}
    assert got[("b", "c")] == (1, pytest.approx(1 / 3))  # {p3} / {p1, p3, p4}
    assert got[("a", "c")] == (0, 0.0)
    assert got[("a", "a")] == (3, 1.0)  # the diagonal is the code's own count
    assert got[("c", "c")] == (1, 1.0)  # the interviewer's turn is not counted
    assert len(table) == 9


def test_case_level_counts_and_jaccard(corpus, codings):
    got = pairs(cooccurrence(codings, corpus, level="case"))
    assert got[("a", "b")] == (2, 1.0)  # both cases have both codes
    assert got[("a", "c")] == (1, pytest.approx(1 / 2))  # {H2} / {H1, H2}


def test_without_a_corpus_every_coding_with_a_passage_counts(codings):
    got = pairs(cooccurrence(codings, level="passage"))
    assert got[("c", "c")] == (2, 1.0)


def test_matrix_is_square_and_symmetric_in_the_given_order(corpus, codings):
    matrix = cooccurrence_matrix(codings, corpus, level="passage", codes=["c", "b", "a"],
                                 value="jaccard")
    assert list(matrix.index) == list(matrix.columns) == ["c", "b", "a"]
    np.testing.assert_allclose(matrix.to_numpy(), matrix.to_numpy().T)
    assert matrix.at["c", "b"] == pytest.approx(1 / 3)


def test_unused_code_has_zero_count_and_undefined_jaccard(corpus, codings):
    got = pairs(cooccurrence(codings, corpus, codes=["a", "z"]))
    assert got[("z", "z")][0] == 0 and np.isnan(got[("z", "z")][1])
    assert got[("a", "z")] == (0, 0.0)


def test_unknown_level_and_value_are_rejected(codings):
    with pytest.raises(InterviewAnalysisError, match="unknown co-occurrence level.*'document'"):
        cooccurrence(codings, level="document")
    with pytest.raises(InterviewAnalysisError, match="unknown co-occurrence value.*'lift'"):
        cooccurrence_matrix(codings, value="lift")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sets(st.sampled_from("abcd"), max_size=4), min_size=1, max_size=12))
def test_counts_and_jaccard_match_set_arithmetic(unit_codes):
    import pandas as pd

    codings = pd.DataFrame([{"passage_id": f"p{i}", "case": "H1", "code": c}
                            for i, codes in enumerate(unit_codes) for c in codes],
                           columns=["passage_id", "case", "code"])
    got = pairs(cooccurrence(codings, codes=list("abcd")))
    units = {c: {i for i, codes in enumerate(unit_codes) if c in codes} for c in "abcd"}
    for a, b in itertools.product("abcd", repeat=2):
        both, either = units[a] & units[b], units[a] | units[b]
        count, jaccard = got[(a, b)]
        assert count == len(both)
        if either:
            assert jaccard == pytest.approx(len(both) / len(either))
            assert jaccard == got[(b, a)][1]
        else:
            assert np.isnan(jaccard)


def test_max_codes_keeps_the_codes_most_units_carry_in_the_given_order(corpus, codings):
    # a: 3 passages, b: 3, c: 1 (the interviewer's turn does not count); ties keep the order
    table = cooccurrence(codings, corpus, codes=["c", "b", "a"], max_codes=2)
    assert list(table["code_a"]) == ["b", "b", "a", "a"]
    assert pairs(table)[("b", "a")] == (2, pytest.approx(2 / 4))
    assert len(cooccurrence(codings, corpus, codes=["c", "b", "a"], max_codes=1)) == 1


def test_the_reports_table_is_bounded_however_many_codes_were_used(make_corpus, make_codings):
    # 5,000 coded codes gave 25 million rows (issue #23); the report keeps MAX_CODES of them
    from interview_analysis.analysis.cooccurrence import MAX_CODES
    corpus = make_corpus({"H1": [("P", f"p{i}") for i in range(3)]})
    rows = [(f"H1:{1 + i % 3:04d}", f"k{i:03d}") for i in range(MAX_CODES + 100)]
    rows += [("H1:0001" if i % 3 else "H1:0002", f"k{i:03d}")  # on two passages: kept
             for i in range(250, 300)]
    table = cooccurrence(make_codings(corpus, rows), corpus, max_codes=MAX_CODES)
    kept = list(dict.fromkeys(table["code_a"]))
    assert len(table) == MAX_CODES ** 2 == 40_000
    assert kept[-50:] == [f"k{i:03d}" for i in range(250, 300)]
    assert kept[:150] == [f"k{i:03d}" for i in range(150)]
