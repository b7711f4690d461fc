"""Canonical text: normalising it again changes nothing, so offsets into it stay valid."""
from __future__ import annotations

import pytest

from interview_analysis.base.encoding import normalise_text

CGJ = "\u034f"


@pytest.mark.parametrize("text", [
    "Sähköposti\r\non hyvä.\rKyllä.",
    "\ufeffe\u0301 ja a\u0308",                   # BOM, decomposed é and ä
    "x" + "\u0301" * 95 + "y",                    # a hostile run of combining marks
    "x" + "\u0301" * 30 + CGJ + "\u0301" * 31,    # a run already cut once
])
def test_normalising_twice_is_normalising_once(text):
    once = normalise_text(text)
    assert normalise_text(once) == once


def test_a_long_run_of_marks_is_cut_every_thirty():
    out = normalise_text("x" + "\u0301" * 95)
    assert out.count(CGJ) == 3
    assert [len(part) for part in out[1:].split(CGJ)] == [30, 30, 30, 5]


def test_ordinary_text_is_nfc_with_lf():
    assert normalise_text("\ufeffe\u0301\r\nä") == "é\nä"
