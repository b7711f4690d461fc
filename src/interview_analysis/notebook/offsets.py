"""Offsets between the browser and the canonical text, and spans snapped to whole words.

The canonical text is indexed by Unicode code points (Python's ``text[start:end]``); a browser
counts UTF-16 code units, in which an emoji or another character outside the Basic Multilingual
Plane takes two. The coding widget's front end converts with the same rule as
:func:`code_point_offset` (``static/coder.js``: ``u16ToCp``), and the tests hold the two to it.

A selection is snapped the way QDA tools do: edges that fall on spaces or punctuation are
trimmed, and an edge inside a word is widened to the whole word (:func:`snap_to_words`, the
same rule as the front end's ``snapToWords``).
"""
from __future__ import annotations

import unicodedata

#: Characters that join two word characters into one word (``CRM-järjestelmä``, ``don't``).
JOINERS = frozenset("'\u2019-")


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes (what JavaScript's ``length`` says)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def code_point_offset(text: str, utf16_offset: int) -> int:
    """The code point offset of a UTF-16 offset into ``text``.

    An offset between the two halves of a surrogate pair belongs to the pair's character.

    >>> code_point_offset("a👍b", 3)   # 'a' is 1 unit, '👍' 2: unit 3 is 'b'
    2
    """
    units = 0
    for index, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > utf16_offset:
            return index
        units += width
    return len(text)


def utf16_offset(text: str, code_point: int) -> int:
    """The UTF-16 offset of a code point offset into ``text`` (the inverse of
    :func:`code_point_offset`)."""
    return utf16_length(text[:code_point])


def _core(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc"


def is_word_char(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to a word: a letter, mark, digit or connector, or a hyphen
    or apostrophe between two of those."""
    if not 0 <= i < len(text):
        return False
    ch = text[i]
    if ch in JOINERS:
        return 0 < i < len(text) - 1 and _core(text[i - 1]) and _core(text[i + 1])
    return _core(ch)


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` trimmed of non-word characters at both edges and widened to whole
    words; ``None`` when no word is left (a selection of spaces or punctuation).

    >>> snap_to_words("Sähköposti on helpoin.", 3, 12)
    (0, 13)
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and not is_word_char(text, start):
        start += 1
    while end > start and not is_word_char(text, end - 1):
        end -= 1
    if start >= end:
        return None
    while start > 0 and is_word_char(text, start - 1):
        start -= 1
    while end < len(text) and is_word_char(text, end):
        end += 1
    return start, end
