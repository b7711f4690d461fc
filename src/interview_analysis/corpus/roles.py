"""Who is the interviewer: the role of each speaker of a transcript, and how it was decided.

In order, a speaker's role comes from

1. ``study.yaml`` (``speakers:`` or ``interviewer:``) — ``role_from = "study.yaml"``;
2. the reader (quoted questions of an e-mail, survey answers) — ``"reader"``;
3. the label itself: ``Haastattelija``, ``Q``, ``Interviewer 2``, ``Participant 12`` — ``"label"``;
4. the header before the first turn: ``Interviewed by Anne Morales``, ``Haastattelija MK``,
   ``interview with plot holder (J.S.)`` — ``"header"``;
5. elimination: when someone is the interviewer, every other speaker is a participant
   (a focus group's members, the one interviewee of a Zoom call) — ``"others"``;
6. a guess, when no label tells: the one speaker who asks most of the questions is the
   interviewer — ``"guess"``; the reader then says so, and ``study.yaml`` can correct it.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from .labels import label_role
from .transcript import Turn

_INTERVIEWER_CUE = re.compile(
    r"\b(?:interview(?:ed|s)?\s+by|interviewers?|moderators?|moderaattori|haastattelijat?|"
    r"haastattelijana|haastatteli|facilitators?|fasilitaattori|tutkija)\b", re.I)
_PARTICIPANT_CUE = re.compile(
    r"\b(?:interview(?:ed)?\s+with|interviewees?|respondents?|participants?|haastateltava|"
    r"haastateltu|vastaaja|narrators?|kertoja)\b", re.I)
#: Within this many characters before a name, a cue word in the header gives its role.
_CUE_REACH = 60
#: A speaker is guessed to be the interviewer when at least this share of their turns ask
#: something and no other speaker comes close.
_QUESTION_SHARE = 0.5
_MIN_QUESTIONS = 3


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def header_roles(header: str, labels: Sequence[str]) -> dict[str, str]:
    """Roles the header (text before the first turn) gives labels by a nearby cue word.

    >>> header_roles("INTERVIEWED BY ANNE MORALES AND JOON KIM-ADLER", ["MORALES", "KIM-ADLER"])
    {'MORALES': 'interviewer', 'KIM-ADLER': 'interviewer'}
    """
    found: dict[str, str] = {}
    for label in labels:
        if len(label) < 2:
            continue  # "I" is a pronoun in the header, not the interviewer
        pattern = re.compile(rf"(?<![\w.]){re.escape(label)}(?![\w])", re.I)
        for line in header.split("\n"):
            for m in pattern.finditer(line):
                role = _nearest_cue(line[max(0, m.start() - _CUE_REACH):m.start()])
                if role:
                    found.setdefault(label, role)
    return found


def _nearest_cue(before: str) -> str | None:
    best, role = -1, None
    for pattern, name in ((_INTERVIEWER_CUE, "interviewer"), (_PARTICIPANT_CUE, "participant")):
        for m in pattern.finditer(before):
            if m.start() > best:
                best, role = m.start(), name
    return role


def _speakers(turns: Sequence[Turn]) -> dict[str, str]:
    """``{folded label: label as first written}`` in order of appearance."""
    names: dict[str, str] = {}
    for t in turns:
        if t.speaker:
            names.setdefault(_fold(t.speaker), t.speaker)
    return names


def _guess(turns: Sequence[Turn], text: str, open_: set[str]) -> str | None:
    """The one speaker among ``open_`` who asks most of the questions, if clearly so: at
    least :data:`_MIN_QUESTIONS` turns that ask (two, when every one of their turns asks and
    nobody else asks anything), a share of asking turns well above everyone else's, and fewer
    words than the one who talks most."""
    asks: dict[str, list[int]] = {}
    for t in turns:
        key = _fold(t.speaker) if t.speaker else None
        if key in open_:
            counts = asks.setdefault(key, [0, 0, 0])
            piece = text[t.start:t.end]
            counts[0] += "?" in piece
            counts[1] += 1
            counts[2] += len(piece.split())
    shares = sorted(((q / n, key) for key, (q, n, _) in asks.items()), reverse=True)
    if len(shares) < 2:
        return None
    (top, who), (second, _) = shares[0], shares[1]
    most_words = max(words for key, (_, _, words) in asks.items() if key != who)
    if asks[who][2] >= most_words or top < _QUESTION_SHARE or top - second < 0.25:
        return None
    # a short exchange (two questions) counts when only this speaker asks, in every turn
    short = asks[who][0] >= 2 and top == 1.0 and second == 0.0
    return who if asks[who][0] >= _MIN_QUESTIONS or short else None


def assign_roles(turns: Sequence[Turn], text: str, header: str = "",
                 configured: Mapping[str, str] | None = None) -> list[Turn]:
    """``turns`` with every labelled speaker's ``role`` and ``role_from`` filled in.

    Parameters
    ----------
    turns:
        Turns as found; a role a reader already gave stays (``role_from = "reader"``).
    text:
        The canonical text the turns point into (for the question count of a guess).
    header:
        The text before the first turn.
    configured:
        ``{name: role}`` from ``study.yaml``, matched ignoring case.
    """
    configured = {_fold(k): v for k, v in (configured or {}).items()}
    names = _speakers(turns)
    decided: dict[str, tuple[str, str]] = {}
    for key, name in names.items():
        if key in configured:
            decided[key] = (configured[key], "study.yaml")
        elif label_role(name):
            decided[key] = (label_role(name), "label")
    for name, role in header_roles(header, [n for k, n in names.items()
                                            if k not in decided]).items():
        decided[_fold(name)] = (role, "header")
    given = {_fold(t.speaker) for t in turns if t.speaker and t.role}  # roles from the reader
    open_ = {k for k in names if k not in decided and k not in given}
    if open_:
        decided.update(_by_elimination(turns, text, decided, open_))
    return [_with_role(t, decided) for t in turns]


def _by_elimination(turns, text, decided, open_) -> dict[str, tuple[str, str]]:
    roles = {role for role, _ in decided.values()} | {t.role for t in turns if t.role}
    if "interviewer" in roles:
        return {k: ("participant", "others") for k in open_}
    asker = _guess(turns, text, open_ | {k for k, (r, _) in decided.items()
                                          if r == "participant"})
    if asker is None or asker not in open_:
        return {}
    return {k: ("interviewer", "guess") if k == asker else ("participant", "guess")
            for k in open_}


def _with_role(turn: Turn, decided: dict[str, tuple[str, str]]) -> Turn:
    key = _fold(turn.speaker) if turn.speaker else None
    role, how = decided.get(key, (None, None))
    if role and (how == "study.yaml" or not turn.role):
        return dataclasses.replace(turn, role=role, role_from=how)
    if turn.role and turn.role_from is None:
        return dataclasses.replace(turn, role_from="reader")
    return turn
