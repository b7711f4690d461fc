"""Best quotes: a key-flagged passage first, then the shortest, ties to the earlier passage."""
from __future__ import annotations

import pytest

from interview_analysis.analysis.quotes import (
    QUOTE_COLUMNS,
    best_quotes,
    is_key_memo,
    truncate,
)


@pytest.fixture
def quoted(make_corpus):
    return make_corpus({
        "H1": [("I", "Question?"),
               ("P", "  A long answer about the same contact person and other things.  "),
               ("P", "Short one."),
               ("P", "Also short"),  # as long as "Short one.": the earlier passage wins
               ("P", "A passage that is long but flagged by the researcher.")],
        "H2": [("P", "Email first, then a phone call when a time is agreed.")],
    })


def rows(quoted, make_codings, memo_on_last=None):
    return make_codings(quoted, [
        ("H1:0001", "c"),  # the interviewer's short question is never a quote
        ("H1:0002", "c"), ("H1:0003", "c"), ("H1:0004", "c"),
        ("H1:0005", "c", None, memo_on_last),
        ("H2:0001", "c"), ("H2:0001", "d"),
    ])


def test_shortest_participant_passage_wins_and_ties_go_to_the_earlier(quoted, make_codings):
    quotes = best_quotes(rows(quoted, make_codings), quoted, code="c", case="H1", n=None)
    assert list(quotes.columns) == QUOTE_COLUMNS
    assert quotes["passage_id"].tolist() == ["H1:0003", "H1:0004", "H1:0005", "H1:0002"]
    assert quotes["rank"].tolist() == [1, 2, 3, 4]
    assert not quotes["key"].any()


@pytest.mark.parametrize("memo", ["key", "Key quote for 4.2", "key: chapter 4", "good #key"])
def test_a_key_memo_puts_its_passage_first(quoted, make_codings, memo):
    quotes = best_quotes(rows(quoted, make_codings, memo), quoted, code="c", case="H1", n=2)
    assert quotes["passage_id"].tolist() == ["H1:0005", "H1:0003"]
    assert quotes["key"].tolist() == [True, False]


@pytest.mark.parametrize("memo,expected", [
    ("key", True), ("KEY", True), ("  key point", True), ("see #key", True),
    ("keyboard shortcut", False), ("not a key quote", False), ("#keys", False), (None, False),
])
def test_key_memo_rules(memo, expected):
    assert is_key_memo(memo) is expected


def test_quotes_are_trimmed_and_labelled_by_case(quoted, make_codings):
    quotes = best_quotes(rows(quoted, make_codings), quoted, n=None)
    long = quotes.set_index("passage_id").loc["H1:0002"]
    assert long["text"] == "A long answer about the same contact person and other things."
    assert long["label"] == "H1"
    assert quotes[["code", "case"]].drop_duplicates().values.tolist() == [
        ["c", "H1"], ["c", "H2"], ["d", "H2"]]


def test_n_limits_quotes_per_code_and_case(quoted, make_codings):
    quotes = best_quotes(rows(quoted, make_codings), quoted, n=1)
    assert quotes[["code", "case", "passage_id"]].values.tolist() == [
        ["c", "H1", "H1:0003"], ["c", "H2", "H2:0001"], ["d", "H2", "H2:0001"]]


def test_max_chars_shortens_quotes_at_a_word_boundary(quoted, make_codings):
    quotes = best_quotes(rows(quoted, make_codings), quoted, code="d", max_chars=24)
    assert quotes["text"].tolist() == ["Email first, then a…"]


def test_no_codings_give_an_empty_table(quoted, make_codings):
    quotes = best_quotes(make_codings(quoted, []), quoted)
    assert quotes.empty and list(quotes.columns) == QUOTE_COLUMNS


@pytest.mark.parametrize("text,limit,expected", [
    ("Short.", 10, "Short."),
    ("Email first, then  a phone call.", 20, "Email first, then a…"),
    ("Email first, then a phone call.", 16, "Email first…"),
    ("Supercalifragilistic", 10, "Supercali…"),
    ("two\nlines", 20, "two lines"),
])
def test_truncate(text, limit, expected):
    assert truncate(text, limit) == expected
