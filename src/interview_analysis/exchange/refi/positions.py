"""Turn the selection positions other tools write into offsets into our canonical text.

REFI-QDA counts Unicode code points from 0 (end exclusive) over the plain-text file. Tools
differ in practice (see ``NOTES.md`` of the REFI-QDA material):

* NVivo for Windows counts UTF-16 code units (an emoji counts 2) with CRLF counted as 2;
* ATLAS.ti writes CRLF into the text but counts a line break as 1;
* NVivo and QualCoder write a BOM and do not count it.

A :class:`SourceText` maps a position under each counting to the canonical text (BOM removed,
LF line ends, NFC). :func:`choose_counting` picks the counting for a project: the one its
``origin`` implies, unless another counting puts clearly more selections on word boundaries.
"""
from __future__ import annotations

import bisect
import codecs
import re

from ...base.encoding import normalise_text

#: How positions may be counted: unit (code points / UTF-16) x line ends (as in file / LF).
COUNTINGS = ("codepoints", "utf16", "codepoints-lf", "utf16-lf")
DESCRIBE = {
    "codepoints": "Unicode characters (the REFI-QDA rule)",
    "utf16": "UTF-16 code units, an emoji counting 2 (as NVivo for Windows writes them)",
    "codepoints-lf": "characters with each CRLF line break counted once (as ATLAS.ti does)",
    "utf16-lf": "UTF-16 code units with each CRLF line break counted once",
}
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASCII = re.compile("[\x00-\x7f]")


def decode_source(data: bytes) -> str:
    """Decode a plain-text source as written, removing only the BOM (line ends kept)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _nfc(text: str) -> str:
    """NFC as the transcript readers make it (:func:`~interview_analysis.base.encoding.
    normalise_text`), so that positions map onto exactly the text a study reads back."""
    return normalise_text(text) if not text.isascii() else text


class SourceText:
    """A source text as the tool wrote it, and maps from its positions to canonical offsets."""

    def __init__(self, raw: str) -> None:
        self.raw = raw.lstrip("\ufeff")
        self.lf = self.raw.replace("\r\n", "\n").replace("\r", "\n")
        self.canonical = _nfc(self.lf)
        self._crlf = [m.start() for m in re.finditer("\r\n", self.raw)]
        self._nfc = self.canonical == self.lf
        self._astral = {"raw": self._astral_ends(self.raw), "lf": self._astral_ends(self.lf)}
        self._checkpoints, self._nfc_lengths = ([0], [0]) if self._nfc else \
            self._nfc_checkpoints(self.lf)

    @staticmethod
    def _nfc_checkpoints(text: str, step: int = 1024) -> tuple[list[int], list[int]]:
        """Positions about every ``step`` characters where NFC may be split, and the NFC length
        of the text before each: ``len(NFC(text[:i]))`` then costs one short normalisation.

        Normalisation never joins an ASCII character to what precedes it (it is a starter that
        composes with nothing before it), so ``NFC(a + b) == NFC(a) + NFC(b)`` when ``b``
        starts with one.
        """
        points, lengths = [0], [0]
        position = step
        while position < len(text):
            match = _ASCII.search(text, position)
            if match is None:
                break
            cut = match.start()
            lengths.append(lengths[-1] + len(_nfc(text[points[-1]:cut])))
            points.append(cut)
            position = cut + step
        return points, lengths

    @staticmethod
    def _astral_ends(text: str) -> list[int]:
        """UTF-16 offset just after each non-BMP character."""
        return [m.start() + k + 2 for k, m in enumerate(_ASTRAL.finditer(text))]

    @property
    def countings(self) -> tuple[str, ...]:
        """The countings that give different results for this text."""
        out = ["codepoints"]
        if self._astral["raw"]:
            out.append("utf16")
        if self._crlf:
            out.append("codepoints-lf")
            if self._astral["raw"]:
                out.append("utf16-lf")
        return tuple(out)

    def to_canonical(self, position: int, counting: str) -> int | None:
        """The canonical offset of ``position`` under ``counting`` (``None`` if out of range)."""
        base = "lf" if counting.endswith("-lf") else "raw"
        text = self.lf if base == "lf" else self.raw
        index = int(position)
        if counting.startswith("utf16"):
            ends = self._astral[base]
            if not 0 <= index <= len(text) + len(ends):
                return None
            index -= bisect.bisect_right(ends, index)
        elif not 0 <= index <= len(text):
            return None
        if base == "raw":
            index -= bisect.bisect_left(self._crlf, index)
        if not self._nfc:
            k = bisect.bisect_right(self._checkpoints, index) - 1
            cut = self._checkpoints[k]
            index = self._nfc_lengths[k] + len(_nfc(self.lf[cut:index]))
        return index


def on_boundary(text: str, position: int) -> bool:
    """Is ``position`` between words (or at an end), not inside a word?"""
    if position <= 0 or position >= len(text):
        return True
    return not (text[position - 1].isalnum() and text[position].isalnum())


def clean_share(spans: list[tuple[SourceText, int, int]], counting: str) -> float:
    """Share of selections that, under ``counting``, start and end on word boundaries."""
    if not spans:
        return 0.0
    clean = 0
    for source, start, end in spans:
        s, e = source.to_canonical(start, counting), source.to_canonical(end, counting)
        if s is not None and e is not None and s < e and on_boundary(source.canonical, s) \
                and on_boundary(source.canonical, e):
            clean += 1
    return clean / len(spans)


def preferred_counting(origin: str | None) -> str:
    """The counting a tool's ``origin`` attribute implies."""
    origin = (origin or "").lower()
    if "nvivo" in origin and "win" in origin:
        return "utf16"
    if "atlas" in origin:
        return "codepoints-lf"
    return "codepoints"


def choose_counting(spans: list[tuple[SourceText, int, int]], origin: str | None,
                    fails: float = 0.5, passes: float = 0.9) -> tuple[str, dict[str, float]]:
    """``(counting, {counting: clean share})`` for all text selections of a project.

    The counting the origin implies wins unless it fails the boundary sanity check (fewer than
    ``fails`` of the selections start and end between words) while another counting passes it
    (at least ``passes``). Files written by interview-analysis itself are trusted as they are:
    coders may well select parts of words.
    """
    if (origin or "").lower().startswith("interview-analysis"):
        return "codepoints", {}
    relevant = set()
    for source, _, _ in spans:
        relevant.update(source.countings)
    preferred = preferred_counting(origin)
    if preferred not in relevant:
        preferred = "codepoints"
    scores = {c: clean_share(spans, c) for c in COUNTINGS if c in relevant}
    if len(scores) <= 1:
        return preferred, scores
    best = max(scores, key=lambda c: (scores[c], c == preferred))
    if scores[preferred] < fails and scores[best] >= passes:
        return best, scores
    return preferred, scores
