"""Position conversion: code points, UTF-16 units, CRLF, BOM and NFC into canonical offsets."""
from __future__ import annotations

import unicodedata

from refi_builders import utf16

from interview_analysis.exchange.refi.positions import (
    SourceText,
    choose_counting,
    decode_source,
)

TEXT = "Hei 😀!\r\nSähköposti 👍 toimii.\r\n"


def test_canonical_text_has_no_bom_lf_line_ends_and_nfc():
    source = SourceText("\ufeff" + unicodedata.normalize("NFD", TEXT))
    assert source.canonical == "Hei 😀!\nSähköposti 👍 toimii.\n"


def test_each_counting_maps_to_the_same_canonical_word():
    source = SourceText(TEXT)
    canonical = source.canonical
    raw_i, lf = TEXT.index("toimii"), TEXT.replace("\r\n", "\n")
    lf_i = lf.index("toimii")
    positions = {"codepoints": (raw_i, raw_i + 6), "utf16": (utf16(TEXT, raw_i),
                                                             utf16(TEXT, raw_i + 6)),
                 "codepoints-lf": (lf_i, lf_i + 6),
                 "utf16-lf": (utf16(lf, lf_i), utf16(lf, lf_i + 6))}
    for counting, (start, end) in positions.items():
        s, e = source.to_canonical(start, counting), source.to_canonical(end, counting)
        assert canonical[s:e] == "toimii", counting


def test_positions_in_a_decomposed_text_follow_nfc():
    raw = unicodedata.normalize("NFD", "Sähköposti toimii")
    source = SourceText(raw)
    start = raw.index("toimii")
    assert source.canonical[source.to_canonical(start, "codepoints"):] == "toimii"


def test_positions_beyond_the_text_are_none():
    source = SourceText("abc")
    assert source.to_canonical(4, "codepoints") is None
    assert source.to_canonical(-1, "codepoints") is None


def test_the_origin_decides_unless_the_boundary_check_clearly_disagrees():
    text = "😀 Asiakas vastasi nopeasti ja hyvin.\n"
    source = SourceText(text)
    words = ["Asiakas", "nopeasti", "hyvin"]
    units = [(source, utf16(text, text.index(w)), utf16(text, text.index(w) + len(w)))
             for w in words]
    points = [(source, text.index(w), text.index(w) + len(w)) for w in words]
    assert choose_counting(units, "NVivo 12 Windows")[0] == "utf16"
    assert choose_counting(units, "MAXQDA 2022")[0] == "utf16"
    assert choose_counting(points, "MAXQDA 2022")[0] == "codepoints"
    assert choose_counting(points, "NVivo 12 Windows")[0] == "codepoints"


def test_own_exports_are_trusted_even_when_spans_cut_words():
    text = "😀 Asiakas vastasi nopeasti.\n"
    cut = [(SourceText(text), 3, 6)]
    assert choose_counting(cut, "interview-analysis 0.1.0")[0] == "codepoints"


def test_decode_source_keeps_line_ends_and_drops_the_bom():
    assert decode_source(b"\xef\xbb\xbfa\r\nb") == "a\r\nb"
    assert decode_source("a\r\nä".encode("utf-16")) == "a\r\nä"
    assert decode_source("ä".encode("cp1252")) == "ä"


def test_positions_in_a_text_that_is_not_nfc_match_normalising_the_prefix():
    """The checkpointed NFC mapping gives exactly len(NFC(text[:i])) for every position."""
    import random
    import unicodedata

    from interview_analysis.exchange.refi.positions import SourceText
    pieces = ["a", "\u0308", "\u0301", "e ", "\n", "\r\n", "\u1100", "\u1161", "\u11a8", "o",
              "\u0b47", "\u0b3e", "x"]
    rng = random.Random(7)
    text = "".join(rng.choice(pieces) for _ in range(6000))
    source = SourceText(text)
    assert source.canonical != source.lf and len(source._checkpoints) > 3
    for position in range(0, len(source.lf) + 1, 7):
        assert source.to_canonical(position, "codepoints-lf") == len(
            unicodedata.normalize("NFC", source.lf[:position]))


def test_many_positions_in_a_long_decomposed_text_take_linear_time():
    import time

    from interview_analysis.exchange.refi.positions import SourceText
    source = SourceText("a\u0308 " * 60_000)  # NFD: every 'ä' decomposed
    started = time.perf_counter()
    ends = [source.to_canonical(i, "codepoints") for i in range(0, 180_000, 9)]
    assert ends[:3] == [0, 6, 12] and ends[-1] == 119_994
    assert time.perf_counter() - started < 10  # was minutes: the whole prefix per position
