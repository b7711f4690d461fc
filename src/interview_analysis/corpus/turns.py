"""Find the speaker turns of a plain-text transcript, whatever layout its labels use.

:mod:`.labels` finds the lines that open turns (``Q:``, ``[00:01:12] Interviewer:``,
``Speaker 1  0:03``, ``Haastattelija`` alone on a line, ...). From them:

* A turn is a maximal run of one speaker's text: the blocks that Teams, Zoom and Otter split
  one speaker's speech into are one turn; blank lines inside it do not end it.
* Text before the first label (a title, a date, an export header) belongs to no turn, and so
  do the lines video-call software writes (``Haastattelija aloitti transkription``).
* When only the interviewer is labelled (``MODERATOR: Could you start task 1?`` followed by
  unlabelled lines), the label's own line is the interviewer's turn and the unlabelled text
  after it the participant's.
* A text without labels may be a written interview of numbered questions
  (:mod:`.answers`); otherwise it has no turns and is one participant's paragraphs.

Roles come from :mod:`.roles`.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from .answers import numbered_answers
from .labels import KNOWN_LABELS, SYSTEM_LINE, LabelLine, label_lines, label_role
from .roles import assign_roles, header_roles
from .transcript import Turn, trimmed

__all__ = ["KNOWN_LABELS", "find_turns", "format_timestamp", "parse_timestamp"]


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


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _until_system_line(text: str, start: int, end: int) -> int:
    """``end``, or the start of the first line video-call software wrote in between."""
    at = start
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        if stop - at < 200 and SYSTEM_LINE.fullmatch(text, at, stop):
            return at
        at = stop + 1
    return end


def _labelled_turns(text: str, lines: list[LabelLine]) -> list[Turn]:
    turns: list[Turn] = []
    for i, line in enumerate(lines):
        end = lines[i + 1].start if i + 1 < len(lines) else len(text)
        start = min(line.content, end)
        start, stop = trimmed(text, start, _until_system_line(text, start, end))
        turns.append(Turn(start, stop, speaker=line.label,
                          time_start=parse_timestamp(line.time) if line.time else None))
    return turns


def _first_paragraph_end(text: str, start: int, end: int) -> int:
    blank = text.find("\n\n", start, end)
    return end if blank < 0 else blank


def _interviewer_only(text: str, lines: list[LabelLine], turns: list[Turn]) -> list[Turn]:
    """Split each turn into the interviewer's labelled line and the unlabelled answer."""
    out: list[Turn] = []
    for line, turn in zip(lines, turns):
        if line.content < line.end:  # the question is on the label's line
            cut = line.end
        else:
            cut = _first_paragraph_end(text, turn.start, turn.end)
        q_start, q_end = trimmed(text, turn.start, min(cut, turn.end))
        out.append(Turn(q_start, q_end, turn.speaker, time_start=turn.time_start))
        a_start, a_end = trimmed(text, min(cut, turn.end), turn.end)
        out.append(Turn(a_start, a_end, None, "participant", role_from="layout"))
    return out


def _merged(turns: list[Turn]) -> list[Turn]:
    """Consecutive turns of one speaker (and role) as one turn; empty turns dropped."""
    out: list[Turn] = []
    for turn in turns:
        if turn.end <= turn.start:
            continue
        last = out[-1] if out else None
        if last is not None and (last.speaker and turn.speaker and
                                 _fold(last.speaker) == _fold(turn.speaker)
                                 or last.speaker is None is turn.speaker) \
                and last.role == turn.role:
            out[-1] = Turn(last.start, turn.end, last.speaker, last.role, last.time_start,
                           turn.time_end, last.role_from)
        else:
            out.append(turn)
    return out


def _roles_before_split(lines: list[LabelLine], header: str,
                        configured: Mapping[str, str]) -> set[str]:
    """The roles the labels have before any guessing (study.yaml, label, header)."""
    given = {_fold(k): v for k, v in configured.items()}
    hints = {_fold(k): v for k, v in header_roles(header, [c.label for c in lines]).items()}
    return {given.get(_fold(c.label)) or label_role(c.label) or hints.get(_fold(c.label))
            for c in lines}


def find_turns(text: str, known_speakers: frozenset[str] | set[str] = frozenset(),
               roles: Mapping[str, str] | None = None) -> list[Turn]:
    """Return the speaker turns in ``text``; an empty list when it has no speaker markers.

    Parameters
    ----------
    text:
        Canonical text.
    known_speakers:
        Names that are speaker labels wherever they stand (the study's speakers, the file
        name).
    roles:
        ``{name: role}`` from ``study.yaml``; matched ignoring case.

    Examples
    --------
    >>> [(t.speaker, t.role) for t in find_turns("Q: Why?\\nA: Because.\\n")]
    [('Q', 'interviewer'), ('A', 'participant')]
    """
    roles = dict(roles or {})
    lines = label_lines(text, set(known_speakers) | set(roles))
    if not lines:
        return numbered_answers(text)
    header = text[:lines[0].start]
    turns = _labelled_turns(text, lines)
    if _roles_before_split(lines, header, roles) == {"interviewer"}:
        turns = _interviewer_only(text, lines, turns)
    turns = assign_roles(_merged(turns), text, header, roles)
    return _merged(turns)
