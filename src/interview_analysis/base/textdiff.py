"""Align an edited text with its earlier version, to carry character offsets across the edit.

:func:`align` finds the characters the two versions share, in order, as *equal blocks*
(``old_start, new_start, length``): everything outside them was deleted, inserted or replaced.
An :class:`Alignment` then maps a span of the old text to the new one and says what happened to
its characters (:data:`KEPT`, :data:`EDITED` or :data:`LOST`).

The work is bounded by the texts, not by their product: the common beginning and end are
skipped, the rest is split into words, spaces and punctuation, and words that occur once in
both versions anchor the alignment (the "patience" idea of version control systems), so the
expensive character-by-character comparison only ever runs on the few words between anchors.
A typo fix in a 100,000-word transcript is aligned in milliseconds.

Examples
--------
>>> a = align("Mitkä kanavat ovat parhaita?", "Mitkäs kanavat ovat parhaita?")
>>> a.map_span(6, 13)        # 'kanavat' keeps its words, one character further on
(7, 14, 'kept')
"""
from __future__ import annotations

import bisect
import re
from difflib import SequenceMatcher
from typing import NamedTuple

#: Every character of the span is in the new text, in one piece: the same words.
KEPT = "kept"
#: The span touches an edit (some of its characters were replaced, removed or added to).
EDITED = "edited"
#: Every character of the span was deleted: it has no words left to point at.
LOST = "lost"

_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
#: Regions without anchors are compared token by token when no larger than this product...
_TOKEN_WORK = 250_000
#: ...and the characters of replaced tokens when no larger than this product.
_CHAR_WORK = 250_000
#: A span at least this long whose words occur once in the new text is put on them wherever.
_UNIQUE_ANYWHERE = 30


class Block(NamedTuple):
    """``length`` characters that are the same at ``old`` in the old text and ``new`` in the
    new one."""

    old: int
    new: int
    length: int


class Mapped(NamedTuple):
    """Where a span of the old text is in the new one, and what happened to its words."""

    start: int
    end: int
    status: str


def _inside_word(text: str, position: int) -> bool:
    """True when ``position`` falls between two letters or digits of one word."""
    return 0 < position < len(text) and text[position - 1].isalnum() and text[position].isalnum()


def _tokens(text: str) -> tuple[list[str], list[int]]:
    """The tokens of ``text`` and their starts, with the text's length as a last start."""
    tokens, starts = [], []
    for match in _TOKENS.finditer(text):
        tokens.append(match.group())
        starts.append(match.start())
    starts.append(len(text))
    return tokens, starts


def _common_ends(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int
                 ) -> tuple[int, int]:
    """How many tokens the ranges share at their beginning and (after that) their end."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    tail = 0
    while (alo + head < ahi - tail and blo + head < bhi - tail
           and a[ahi - 1 - tail] == b[bhi - 1 - tail]):
        tail += 1
    return head, tail


def _unique_anchors(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int
                    ) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of tokens that occur once in each range, longest increasing run."""
    count_a: dict[str, int] = {}
    for i in range(alo, ahi):
        count_a[a[i]] = -1 if a[i] in count_a else i
    count_b: dict[str, int] = {}
    for j in range(blo, bhi):
        count_b[b[j]] = -1 if b[j] in count_b else j
    pairs = sorted((i, count_b[t]) for t, i in count_a.items()
                   if i >= 0 and count_b.get(t, -1) >= 0)
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by ``i``) whose ``j`` also increase."""
    tails: list[int] = []  # j of the last pair of the best run of each length
    ends: list[int] = []  # index into pairs of that pair
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        back[k] = ends[pos - 1] if pos else -1
        if pos == len(tails):
            tails.append(j)
            ends.append(k)
        else:
            tails[pos], ends[pos] = j, k
    run, k = [], ends[-1] if ends else -1
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    return run[::-1]


def _token_matches(a, b, alo, ahi, blo, bhi, out: list[tuple[int, int, int]]) -> None:
    """Append matching token runs ``(i, j, n)`` of ``a[alo:ahi]`` and ``b[blo:bhi]``."""
    head, tail = _common_ends(a, b, alo, ahi, blo, bhi)
    if head:
        out.append((alo, blo, head))
    alo, blo, ahi, bhi = alo + head, blo + head, ahi - tail, bhi - tail
    if alo < ahi and blo < bhi:
        _middle(a, b, alo, ahi, blo, bhi, out)
    if tail:
        out.append((ahi, bhi, tail))


def _middle(a, b, alo, ahi, blo, bhi, out) -> None:
    anchors = _unique_anchors(a, b, alo, ahi, blo, bhi)
    if not anchors:
        if (ahi - alo) * (bhi - blo) <= _TOKEN_WORK:
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            out.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)
        return  # too large and nothing unique in common: replaced as a whole
    i0, j0 = alo, blo
    for i, j in anchors:
        if i0 < i and j0 < j:
            _token_matches(a, b, i0, i, j0, j, out)
        out.append((i, j, 1))
        i0, j0 = i + 1, j + 1
    if i0 < ahi and j0 < bhi:
        _token_matches(a, b, i0, ahi, j0, bhi, out)


def _char_blocks(old: str, new: str, a0: int, a1: int, b0: int, b1: int,
                 out: list[Block]) -> None:
    """Equal characters inside a replaced region ``old[a0:a1]`` / ``new[b0:b1]``."""
    if a0 >= a1 or b0 >= b1 or (a1 - a0) * (b1 - b0) > _CHAR_WORK:
        return
    matcher = SequenceMatcher(None, old[a0:a1], new[b0:b1], autojunk=False)
    out.extend(Block(a0 + i, b0 + j, n) for i, j, n in matcher.get_matching_blocks() if n)


def _merge(blocks: list[Block]) -> list[Block]:
    merged: list[Block] = []
    for block in sorted(blocks):
        if merged and merged[-1].old + merged[-1].length == block.old \
                and merged[-1].new + merged[-1].length == block.new:
            last = merged.pop()
            block = Block(last.old, last.new, last.length + block.length)
        merged.append(block)
    return merged


def align(old: str, new: str) -> "Alignment":
    """The :class:`Alignment` of ``old`` with ``new`` (see the module docstring)."""
    a, a_at = _tokens(old)
    b, b_at = _tokens(new)
    runs: list[tuple[int, int, int]] = []
    _token_matches(a, b, 0, len(a), 0, len(b), runs)
    runs.sort()
    blocks: list[Block] = []
    ai = bj = 0  # tokens before these are aligned
    for i, j, n in runs + [(len(a), len(b), 0)]:
        _char_blocks(old, new, a_at[ai], a_at[i], b_at[bj], b_at[j], blocks)
        if n:
            blocks.append(Block(a_at[i], b_at[j], a_at[i + n] - a_at[i]))
        ai, bj = i + n, j + n
    return Alignment(old, new, _merge(blocks))


class Alignment:
    """Equal blocks of an old and a new text, and the mapping of spans they give."""

    def __init__(self, old: str, new: str, blocks: list[Block]) -> None:
        self.old, self.new, self.blocks = old, new, blocks
        self._olds = [b.old for b in blocks]

    @property
    def unchanged(self) -> bool:
        return self.old == self.new

    def _block_at(self, position: int) -> int:
        """Index of the block holding old character ``position``, or -1."""
        k = bisect.bisect_right(self._olds, position) - 1
        if k >= 0 and position < self.blocks[k].old + self.blocks[k].length:
            return k
        return -1

    def _left(self, position: int) -> int:
        """New position of old ``position``, or where what replaced it starts."""
        k = bisect.bisect_right(self._olds, position) - 1
        if k < 0:
            return 0
        block = self.blocks[k]
        return block.new + min(position - block.old, block.length)

    def _right(self, position: int) -> int:
        """New position just after the last character before old ``position`` that was kept,
        or the end of what replaced the characters up to it."""
        k = bisect.bisect_right(self._olds, position - 1) - 1
        if k >= 0 and position - 1 < self.blocks[k].old + self.blocks[k].length:
            return self.blocks[k].new + position - self.blocks[k].old
        if k + 1 < len(self.blocks):  # in a gap before block k + 1: the replacement's end
            return self.blocks[k + 1].new
        return len(self.new)

    def map_span(self, start: int, end: int) -> Mapped:
        """Where ``old[start:end]`` is in the new text, and whether its words are
        :data:`KEPT` (the same characters), :data:`EDITED` (some replaced, deleted or added
        to: the span covers what stands there now) or :data:`LOST` (all deleted: ``start ==
        end`` then marks where they were).

        A span the alignment splits although its words are still there (a deleted paragraph
        took the line break before it, a sentence was moved) is looked for nearby, and a long
        one anywhere (when it occurs once): its words are kept, so it is put on them.
        """
        k = self._block_at(start)
        if k >= 0 and end <= self.blocks[k].old + self.blocks[k].length:
            shift = self.blocks[k].new - self.blocks[k].old
            return Mapped(start + shift, end + shift, KEPT)
        new_start, new_end = self._left(start), self._right(end)
        found = self._find(self.old[start:end], new_start, new_end)
        if found is not None:
            return Mapped(found, found + end - start, KEPT)
        if new_end <= new_start:
            return Mapped(new_start, new_start, LOST)
        # a span that began and ended between words covers whole words of the new text too
        if not _inside_word(self.old, start):
            while _inside_word(self.new, new_start):
                new_start -= 1
        if not _inside_word(self.old, end):
            while _inside_word(self.new, new_end):
                new_end += 1
        return Mapped(new_start, new_end, EDITED)

    def _find(self, words: str, lo: int, hi: int) -> int | None:
        """Start of ``words`` in the new text where it overlaps or touches ``[lo, hi)`` (the
        place the alignment gives), closest to ``lo``; or, for a long span, its only
        occurrence anywhere. ``None`` when the words are not there: they were edited."""
        if not words.strip():
            return None
        starts, at = [], self.new.find(words, max(0, lo - len(words)), hi + len(words))
        while at >= 0:
            starts.append(at)
            at = self.new.find(words, at + 1, hi + len(words))
        if starts:
            return min(starts, key=lambda s: (abs(s - lo), s))
        if len(words) >= _UNIQUE_ANYWHERE:
            first = self.new.find(words)
            if first >= 0 and self.new.find(words, first + 1) < 0:
                return first
        return None
