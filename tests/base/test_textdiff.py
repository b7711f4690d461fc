"""Aligning an edited transcript with its earlier text: spans keep their words."""
from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_analysis.base.textdiff import EDITED, KEPT, LOST, align

TEXT = ("Haastattelija: Mitkä kanavat ovat parhaita?\n\n"
        "H1: Sähköpostitse on helpointa. Matti soittaa joskus.\n\n"
        "Haastattelija: Entä tapaamiset?\n\n"
        "H1: Kerran vuodessa riittää, jos Matti tulee käymään.\n")


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_a_typo_fix_before_a_span_moves_it_onto_the_same_words():
    new = TEXT.replace("Mitkä", "Mitkäs")
    alignment = align(TEXT, new)
    start, end, status = alignment.map_span(*span(TEXT, "Sähköpostitse on helpointa"))
    assert status == KEPT and new[start:end] == "Sähköpostitse on helpointa"
    assert start == span(TEXT, "Sähköpostitse")[0] + 1


def test_a_pseudonymised_name_inside_a_span_is_edited_and_covers_the_new_words():
    new = TEXT.replace("Matti", "Henkilö A")
    mapped = align(TEXT, new).map_span(*span(TEXT, "Matti soittaa joskus."))
    assert mapped.status == EDITED
    assert new[mapped.start:mapped.end] == "Henkilö A soittaa joskus."


def test_a_deleted_paragraph_loses_its_spans_and_moves_the_rest():
    new = TEXT.replace("Haastattelija: Entä tapaamiset?\n\n", "")
    alignment = align(TEXT, new)
    assert alignment.map_span(*span(TEXT, "Entä tapaamiset?")).status == LOST
    start, end, status = alignment.map_span(*span(TEXT, "Kerran vuodessa riittää"))
    assert (status, new[start:end]) == (KEPT, "Kerran vuodessa riittää")


def test_a_span_whose_words_remain_is_kept_even_where_the_alignment_splits_it():
    old, new = "A\n\nB\n\nC", "A\n\nC"
    mapped = align(old, new).map_span(4, 7)  # "\n\nC": the deleted B took one line break
    assert (mapped.status, new[mapped.start:mapped.end]) == (KEPT, "\n\nC")


def test_another_occurrence_of_edited_words_is_not_taken_for_them():
    old = "x sähköposti y z sähköposti w"
    new = "x sähköpäivä y z sähköposti w"
    mapped = align(old, new).map_span(2, 12)
    assert (mapped.status, new[mapped.start:mapped.end]) == (EDITED, "sähköpäivä")


def test_the_work_is_bounded_by_the_text_not_its_square():
    words = [f"sana{i % 5000}" for i in range(200_000)]
    old = " ".join(words)
    new = old.replace("sana7 ", "Henkilö B ").replace("sana4242", "sanaX", 1)
    started = time.perf_counter()
    alignment = align(old, new)
    assert time.perf_counter() - started < 10
    assert alignment.map_span(0, 20).status in (KEPT, EDITED)
    assert align("a " * 100_000, "b " * 100_000).map_span(0, 1).status == EDITED


edits = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8),
                           st.text(alphabet="abcäö ,.\n", max_size=6)), max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcdefäö ,.\n", min_size=1, max_size=400), edits,
       st.lists(st.tuples(st.integers(0, 400), st.integers(1, 40)), min_size=1, max_size=8))
def test_every_kept_span_lands_on_the_same_characters(text, changes, spans):
    new = text
    for at, removed, inserted in changes:
        at %= len(new) + 1
        new = new[:at] + inserted + new[at + removed:]
    alignment = align(text, new)
    for block in alignment.blocks:
        assert text[block.old:block.old + block.length] == new[block.new:block.new + block.length]
    for start, length in spans:
        start %= len(text)
        end = min(len(text), start + length)
        mapped = alignment.map_span(start, end)
        assert 0 <= mapped.start <= mapped.end <= len(new)
        if mapped.status == KEPT:
            assert new[mapped.start:mapped.end] == text[start:end]
        elif mapped.status == LOST:
            assert mapped.start == mapped.end
        else:
            assert mapped.start < mapped.end
