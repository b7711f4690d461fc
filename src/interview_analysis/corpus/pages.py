"""Page furniture: the running footer or header a transcript copied out of a PDF repeats.

A block of lines standing alone between blank lines, that comes back two or more times with
only its numbers changed and ends in a page number, is a page footer or header::

    He was the first

    12 March 2019 2
    Riverside County Water Works Oral History Project Harold J. Pettersson

    engineer who actually came out to the sites

It is not part of anyone's turn, so the reader leaves it out of the canonical text (the blank
line after it goes too), and the turn around it stays one turn.
"""
from __future__ import annotations

import re

from .labels import opens_a_turn

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"(?:^|\s)(?:page\s+|sivu\s+|s\.\s*|p\.\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?"
                          r"\s*$|^\s*[-–]\s*\d{1,4}\s*[-–]\s*$", re.I)
_MAX_LINE = 120
_MAX_LINES = 3
#: Page footers are at most one block in this many.
_MAX_SHARE = 3


def _blocks(text: str) -> list[tuple[int, int, list[str]]]:
    """``(start, end, lines)`` of every run of non-blank lines."""
    blocks, start, offset, lines = [], None, 0, []
    for line in text.split("\n"):
        if line.strip():
            if start is None:
                start, lines = offset, []
            lines.append(line.strip())
        elif start is not None:
            blocks.append((start, offset - 1, lines))
            start = None
        offset += len(line) + 1
    if start is not None:
        blocks.append((start, len(text), lines))
    return blocks


def _shape(lines: list[str]) -> str | None:
    """A footer block's shape (digits blanked), or ``None`` when it cannot be one: too long,
    no page number, or a speaker's line (``P: unit 1``)."""
    if len(lines) > _MAX_LINES or any(len(line) > _MAX_LINE for line in lines):
        return None
    if not any(_PAGE_NUMBER.search(line) for line in lines):
        return None
    if any(opens_a_turn(line) for line in lines):
        return None
    return "\n".join(_DIGITS.sub("#", line) for line in lines)


def drop_page_furniture(text: str) -> str:
    """``text`` without repeated page footers and headers (see the module docstring)."""
    if text.count("\n\n") < 4:
        return text
    blocks = _blocks(text)
    shapes: dict[str, list[tuple[int, int, str]]] = {}
    for start, end, lines in blocks:
        shape = _shape(lines)
        if shape is not None:
            shapes.setdefault(shape, []).append((start, end, "\n".join(lines)))
    # Footers repeat with their page numbers, and are a small part of the text's blocks.
    cuts = sorted((start, end) for found in shapes.values()
                  if len(found) >= 2 and len({body for _, _, body in found}) == len(found)
                  and len(found) * _MAX_SHARE <= len(blocks)
                  for start, end, _ in found)
    if not cuts:
        return text
    pieces, at = [], 0
    for start, end in cuts:
        pieces.append(text[at:start])
        at = end + 1 if text[end:end + 2] == "\n\n" else end
        while at < len(text) and text[at] == "\n" and pieces[-1].endswith("\n\n"):
            at += 1
    pieces.append(text[at:])
    return "".join(pieces)
