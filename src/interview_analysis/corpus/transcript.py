"""The reader's output: a canonical text and the speaker turns found in it.

A :class:`Transcript` is what every reader returns. Its ``text`` is the canonical plain text of
the document; it is never altered afterwards, and every passage and coding points into it by
character offsets (Unicode code points, end exclusive).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Turn:
    """One speaker turn: the span of what was said, without the ``Speaker:`` label.

    ``role`` is a reader's hint (e.g. quoted questions in an email are the interviewer's);
    ``study.yaml`` speaker roles override it. ``role_from`` says how the role was decided
    (``study.yaml``, ``reader``, ``label``, ``header``, ``others``, ``layout``, ``guess``; see
    :mod:`interview_analysis.corpus.roles`).
    """

    start: int
    end: int
    speaker: str | None = None
    role: str | None = None
    time_start: float | None = None
    time_end: float | None = None
    role_from: str | None = None


@dataclass(frozen=True)
class Transcript:
    """A document as read from disk.

    Attributes
    ----------
    document:
        Document ID, by default the file stem.
    text:
        Canonical text: NFC, ``\\n`` line ends, no BOM.
    turns:
        Speaker turns in text order. Empty when the text has no speaker markers; the text is then
        one participant's and its passages are its paragraphs.
    source:
        The file it came from.
    format:
        Reader name (``txt``, ``vtt``, ``eml``, ...).
    attributes:
        Case attributes found in the file (survey columns, docx metadata table).
    """

    document: str
    text: str
    turns: tuple[Turn, ...] = ()
    source: Path | None = None
    format: str = "txt"
    attributes: dict = field(default_factory=dict)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` of ``text`` without the white space at either end.

    >>> trimmed("  Kyllä.  ", 0, 10)
    (2, 8)
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
