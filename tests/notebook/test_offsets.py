"""Offsets between the browser (UTF-16 units) and the canonical text (code points), and
selections snapped to whole words."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from interview_analysis.notebook.offsets import (
    code_point_offset,
    snap_to_words,
    utf16_length,
    utf16_offset,
)

TEXT = "ä 👍 Sähköposti 𝔘 on paras"


def test_an_astral_character_is_two_utf16_units_and_one_code_point():
    assert utf16_length("👍") == 2 and len("👍") == 1
    assert utf16_length(TEXT) == len(TEXT) + 2


def test_utf16_offsets_after_emoji_map_back_to_python_offsets():
    browser = TEXT.encode("utf-16-le")
    at = browser.index("paras".encode("utf-16-le")) // 2  # what JavaScript's indexOf says
    assert at == TEXT.index("paras") + 2
    assert code_point_offset(TEXT, at) == TEXT.index("paras")
    assert utf16_offset(TEXT, TEXT.index("paras")) == at


def test_an_offset_inside_a_surrogate_pair_belongs_to_its_character():
    assert code_point_offset("a👍b", 2) == 1
    assert code_point_offset("a👍b", 3) == 2
    assert code_point_offset("a👍b", 99) == 3


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))), st.data())
def test_code_point_and_utf16_offsets_round_trip(text, data):
    i = data.draw(st.integers(0, len(text)))
    assert code_point_offset(text, utf16_offset(text, i)) == i


def test_a_selection_inside_words_widens_to_the_whole_words():
    text = "Sähköposti on helpoin."
    assert snap_to_words(text, 3, 12) == (0, 13)
    assert text[0:13] == "Sähköposti on"


def test_spaces_and_punctuation_at_the_edges_are_trimmed():
    text = "Se on, no, hyvä."
    assert snap_to_words(text, 2, 7) == (3, 5)       # " on, " -> "on"
    assert snap_to_words(text, 10, 16) == (11, 15)   # " hyvä." -> "hyvä"


def test_hyphens_and_apostrophes_inside_words_keep_them_whole():
    assert snap_to_words("CRM-järjestelmään asti", 5, 6) == (0, 17)
    assert snap_to_words("I don't know", 4, 5) == (2, 7)
    assert snap_to_words("tämä - tuo", 0, 6) == (0, 4)   # a dash between spaces is not a word


def test_a_selection_of_no_words_snaps_to_nothing():
    assert snap_to_words("Se on , . hyvä", 5, 10) is None
    assert snap_to_words("abc", 2, 2) is None


def test_snapping_counts_code_points_after_emoji():
    start, end = snap_to_words(TEXT, TEXT.index("Sähkö") + 2, TEXT.index("on") + 1)
    assert TEXT[start:end] == "Sähköposti 𝔘 on"


def test_a_reversed_or_overlong_selection_is_put_in_order():
    assert snap_to_words("yksi kaksi", 10, 5) == (5, 10)
    assert snap_to_words("yksi kaksi", -3, 99) == (0, 10)
