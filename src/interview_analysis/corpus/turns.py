"""Find speaker turns (``Name:``, ``[00:01:02] Name:``, ``Q:``/``A:``, ``H:``/``V:``) in plain text.

A line opens a turn when it starts with an optional timestamp and a short speaker label followed
by a colon. To keep ordinary sentences such as ``Note: ...`` from opening turns, a label counts
only when it is a well-known interview label or occurs at the start of at least two lines.
"""
from __future__ import annotations

import re

from .transcript import Turn

_TIME = r"(?:\[|\()?(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)(?:\]|\))?"
_LABEL = r"(?:\*\*)?(?P<label>[^\W\d_][\w .'\-()]{0,38}?|\d{1,3}|[A-ZÅÄÖ]{1,3}\d{1,3})(?:\*\*)?"
_TURN_RE = re.compile(rf"^[ \t]*(?:{_TIME}[ \t]*[-–]?[ \t]*)?{_LABEL}[ \t]*:(?:\*\*)?[ \t]*", re.M)

# Anonymised participant codes such as H1, C3, E12 are speaker labels even when they occur once.
_CODE_LABEL = re.compile(r"^[A-ZÅÄÖ]{1,3}\d{1,3}$")

#: Labels accepted even when they occur once, with the role they imply.
KNOWN_LABELS = {
    "q": "interviewer", "a": "participant", "h": "interviewer", "v": "participant",
    "k": "interviewer", "i": "interviewer", "r": "participant",
    "interviewer": "interviewer", "haastattelija": "interviewer", "moderator": "interviewer",
    "moderaattori": "interviewer", "tutkija": "interviewer", "researcher": "interviewer",
    "respondent": "participant", "vastaaja": "participant", "haastateltava": "participant",
    "interviewee": "participant", "participant": "participant",
}


def parse_timestamp(value: str) -> float:
    """Seconds from ``HH:MM:SS(.mmm)``, ``MM:SS`` or ``HH:MM:SS,mmm``."""
    parts = value.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def format_timestamp(seconds: float) -> str:
    """``HH:MM:SS`` for a number of seconds (fractions dropped)."""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _candidates(text: str) -> list[re.Match]:
    return [m for m in _TURN_RE.finditer(text) if len(m.group("label").split()) <= 4]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_turns(text: str, known_speakers: frozenset[str] | set[str] = frozenset()) -> list[Turn]:
    """Return the speaker turns in ``text``; an empty list when it has no speaker markers.

    Text before the first label (a title, a preamble) belongs to no turn.
    """
    matches = _candidates(text)
    counts: dict[str, int] = {}
    for m in matches:
        counts[m.group("label").strip()] = counts.get(m.group("label").strip(), 0) + 1
    known = {s.casefold() for s in known_speakers}

    def accepted(label: str) -> bool:
        folded = label.casefold()
        return (counts[label] >= 2 or folded in KNOWN_LABELS or folded in known
                or _CODE_LABEL.match(label) is not None)

    matches = [m for m in matches if accepted(m.group("label").strip())]
    turns: list[Turn] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        start, end = _trimmed(text, m.end(), end)
        label = m.group("label").strip()
        time = m.group("time")
        turns.append(Turn(start, end, speaker=label, role=KNOWN_LABELS.get(label.casefold()),
                          time_start=parse_timestamp(time) if time else None))
    return [t for t in turns if t.end > t.start]
