"""Subtitle transcripts: WebVTT (``.vtt``, Teams/Zoom exports) and SubRip (``.srt``).

Cues are read in file order. The speaker of a cue comes from a WebVTT voice tag
(``<v Anna Virtanen>text</v>``, Microsoft Teams) or from a ``Name: text`` prefix (Zoom). Consecutive
cues of the same speaker (or of no speaker) merge into one turn.

The canonical text is a public contract: other code computes offsets against it. One line per
turn, turns separated by a blank line, the text ends with ``\\n``::

    [00:00:03] Anna Virtanen: Welcome, and thanks for joining.

    [00:00:09] Pekka Ranta: Thank you.

Turns without a speaker are rendered ``[HH:MM:SS] utterance``. A turn's span covers the utterance
only. Cue texts within a turn are joined with single spaces, inline tags (``<c>``, ``<i>``,
``<b>``, ``<font>``, ``{\\an8}``) are removed and HTML entities unescaped.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ...base.encoding import read_text_file
from ...errors import InputError
from ..roles import assign_roles
from ..transcript import Transcript, Turn
from ..turns import KNOWN_LABELS, format_timestamp
from .text import speaker_options, warn_about_roles

# Hours have at most 6 digits (over a century): a longer number is not a timestamp.
_TS = r"(?:(\d{1,6}):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_TIMING_RE = re.compile(rf"^\s*{_TS}\s*-->\s*{_TS}(?:\s+.*)?$")
# Tags end at the next '>' but never run past a '<' (or a '{' for ASS overrides): a cue line of
# thousands of unclosed '<v.' or '<a' would otherwise take quadratic time.
_VOICE_RE = re.compile(r"<v(?:\.[^\s<>]*)?[ \t]+([^<>]*)>")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>|</>|<\d[\d:.]*>|\{\\[^{}]*\}")
# "Name: text" (Zoom), "[SPEAKER_00]: text" (WhisperX)
_ZOOM_RE = re.compile(r"^(?P<open>\[)?(?P<label>[^\W\d_][\w .'\-()@]{0,58}?)(?(open)\])[ \t]*:"
                      r"[ \t]+(?P<text>\S.*)$", re.S)
_SPACE_RE = re.compile(r"\s+")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
_EXPECTED = "expected HH:MM:SS.mmm --> HH:MM:SS.mmm"


@dataclass
class Cue:
    """One timed cue: its segments, each ``(speaker or None, text)``."""

    start: float
    end: float
    segments: list  # [(speaker or None, text)]


def _seconds(groups: tuple) -> float:
    hours, minutes, seconds, millis = groups
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            + int(millis.ljust(3, "0")) / 1000)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Groups of non-blank lines with the 1-based number of their first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                first = number
            current.append(line.rstrip())
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _clean(text: str) -> str:
    """Cue text without tags, entities unescaped, whitespace collapsed to single spaces."""
    text = html.unescape(_TAG_RE.sub("", text))
    text = text.replace("\u200e", "").replace("\u200f", "")
    return _SPACE_RE.sub(" ", text).strip()


def _voice_segments(raw: str) -> list[tuple[str | None, str]]:
    """Split a cue's text at its voice tags: ``[(speaker, text), ...]``."""
    parts = _VOICE_RE.split(raw)
    segments = [(None, parts[0])] if parts[0].strip() else []
    for i in range(1, len(parts), 2):
        segments.append((_SPACE_RE.sub(" ", parts[i]).strip() or None, parts[i + 1]))
    return segments


def _parse(text: str, path: Path) -> list[Cue]:
    cues: list[Cue] = []
    for index, (first, lines) in enumerate(_blocks(text)):
        if index == 0 and lines[0].strip().startswith("WEBVTT"):
            if not any("-->" in line for line in lines):
                continue
            first, lines = first + 1, lines[1:]  # no blank line after the header
        head = lines[0].strip()
        if head.split(" ")[0].split("\t")[0] in _SKIPPED_BLOCKS and "-->" not in head:
            continue
        if "-->" in lines[0]:
            timing_at = 0
        elif len(lines) > 1 and "-->" in lines[1]:
            timing_at = 1
        else:
            timing_at = 1 if len(lines) > 1 else 0
        number = first + timing_at
        match = _TIMING_RE.match(lines[timing_at])
        if match is None:
            raise InputError(f"this is not a cue timing line ({_EXPECTED})", file=path,
                             where=f"line {number}", value=lines[timing_at].strip(),
                             fix="correct the timestamps, or remove the blank line inside the "
                                 "cue text above it; every cue is an optional identifier line, a "
                                 "timing line and its text")
        start, end = _seconds(match.groups()[:4]), _seconds(match.groups()[4:8])
        if end < start:
            raise InputError("the cue ends before it starts", file=path, where=f"line {number}",
                             value=lines[timing_at].strip(),
                             fix="correct the timestamps: the end time must not be earlier "
                                 "than the start time")
        cue_text = "\n".join(lines[timing_at + 1:])
        segments = [(speaker, _clean(part)) for speaker, part in _voice_segments(cue_text)]
        cues.append(Cue(start, end, [s for s in segments if s[1]]))
    if not cues:
        raise InputError("the subtitle file has no cues", file=path,
                         fix="export the meeting transcript again (Teams: .vtt, Zoom: .vtt, "
                             "or .srt), or save the transcript as .txt")
    return cues


def _apply_zoom_labels(cues: list[Cue], known: set[str]) -> None:
    """Turn ``Name: text`` prefixes of cues without voice tags into speakers (Zoom exports;
    ``[SPEAKER_00]: text`` from WhisperX).

    As in plain-text transcripts, a label counts only when it opens at least two cues or is a
    well-known interview label or a speaker named in ``study.yaml``.
    """
    found: list[tuple[Cue, int, re.Match]] = []
    counts: dict[str, int] = {}
    for cue in cues:
        for i, (speaker, text) in enumerate(cue.segments):
            match = _ZOOM_RE.match(text) if speaker is None else None
            if match and len(match.group("label").split()) <= 4:
                label = match.group("label").strip()
                counts[label] = counts.get(label, 0) + 1
                found.append((cue, i, match))
    for cue, i, match in found:
        label = match.group("label").strip()
        if counts[label] >= 2 or label.casefold() in KNOWN_LABELS or label.casefold() in known:
            cue.segments[i] = (label, match.group("text").strip())


def render_cues(cues: list[Cue], merge: bool = True) -> tuple[str, list[Turn]]:
    """The canonical text (``[HH:MM:SS] Speaker: text`` paragraphs) and timed turns of
    ``cues``; consecutive cues of one speaker are one turn (with ``merge``)."""
    merged: list[list] = []  # [speaker, time_start, time_end, [texts]]
    for cue in cues:
        for speaker, text in cue.segments:
            if merge and merged and merged[-1][0] == speaker:
                merged[-1][2] = cue.end
                merged[-1][3].append(text)
            else:
                merged.append([speaker, cue.start, cue.end, [text]])
    pieces: list[str] = []
    turns: list[Turn] = []
    offset = 0
    for speaker, start, end, texts in merged:
        label = f"[{format_timestamp(start)}] " + (f"{speaker}: " if speaker else "")
        utterance = " ".join(texts)
        begin = offset + len(label)
        turns.append(Turn(begin, begin + len(utterance), speaker=speaker,
                          time_start=start, time_end=end))
        piece = label + utterance + "\n\n"
        pieces.append(piece)
        offset += len(piece)
    return "".join(pieces)[:-1], turns


def read(path: Path, options: dict) -> list[Transcript]:
    """Read a ``.vtt`` or ``.srt`` file into one transcript with timed speaker turns.

    Parameters
    ----------
    path:
        The subtitle file.
    options:
        ``known_speakers``: speaker names from ``study.yaml``; a ``Name:`` prefix naming one of
        them counts as a speaker even when it opens only one cue. ``speaker_roles``: their
        roles (see :func:`~interview_analysis.corpus.roles.assign_roles`).

    Returns
    -------
    list of Transcript
        One transcript, format ``vtt`` or ``srt``.

    Raises
    ------
    InputError
        On a malformed timing line, a cue ending before it starts, or a file without cues.
    """
    path = Path(path)
    cues = _parse(read_text_file(path), path)
    known = {str(s).casefold() for s in options.get("known_speakers", ())}
    _apply_zoom_labels(cues, known)
    if not any(cue.segments for cue in cues):
        raise InputError("the subtitle file has cues but no text", file=path,
                         fix="export the transcript again with its captions, or save it as .txt")
    text, turns = render_cues(cues)
    turns = assign_roles(turns, text, "", speaker_options(options, path)[1])
    warn_about_roles(turns, path)
    fmt = "srt" if path.suffix.lower() == ".srt" else "vtt"
    return [Transcript(document=path.stem, text=text, turns=tuple(turns), source=path,
                       format=fmt)]
