"""Written answers to a numbered interview guide: the questions are the interviewer's turns.

A written (e-mailed) interview often comes back as the guide's numbered questions with the
answer typed below each one::

    Hei, tässä vastaukset.                      <- greeting: no turn

    1. Kertoisitteko hieman yrityksestänne?     <- interviewer turn
    Toimistokoneiden vähittäiskauppa.           <- participant turn (up to the next question)

    2. Mitä palveluita käytätte?
    -                                           <- a placeholder answer: no turn

    Ystävällisin terveisin                      <- closing, signature, quoted message: no turn

The questions must be numbered in increasing order and ask something (``?``). Their turns
have no speaker; the role comes from this layout (``role_from = "layout"``).
"""
from __future__ import annotations

import re

from .transcript import Turn

#: ``-----Original Message-----`` and its translations: the quoted history starts here.
SEPARATOR_RE = re.compile(r"^\s*-{2,}\s*(original message|alkuperäinen viesti|ursprüngliche "
                          r"nachricht|ursprungligt meddelande|message d'origine)\s*-{2,}\s*$",
                          re.I)
#: A closing line such as ``Ystävällisin terveisin`` or ``Best regards,``.
CLOSING_RE = re.compile(r"^\s*(ystävällisin terveisin|parhain terveisin|terveisin|t\.|br|best|"
                        r"best regards|kind regards|regards|cheers|sincerely|yours sincerely)"
                        r"\s*[,.!]?\s*$", re.I)
_HEADER_RE = re.compile(r"^\s*(from|lähettäjä|från|sent|lähetetty)\s*:", re.I)
_NUMBERED = re.compile(r"[ \t]*(?:\*\*)?(?P<n>\d{1,2})[.)][ \t]+(?:\*\*)?(?P<q>\S.*)")
_PLACEHOLDER = re.compile(r"[\s\-–—.?!/]*|(?:n/?a|ei vastausta|no answer|-/-)[.]?", re.I)


def _lines(text: str):
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _questions(text: str) -> list[tuple[int, int, int]]:
    """``(line start, start, end)`` of each numbered question's text, when the layout holds."""
    found, numbers = [], []
    for offset, line in _lines(text):
        m = _NUMBERED.fullmatch(line)
        if m and "?" in m.group("q"):
            question = m.group("q").rstrip().removesuffix("**").rstrip()
            found.append((offset, offset + m.start("q"), offset + m.start("q") + len(question)))
            numbers.append(int(m.group("n")))
    increasing = all(b > a for a, b in zip(numbers, numbers[1:]))
    return found if len(found) >= 2 and increasing and numbers[0] <= 2 else []


def _end_of_answers(text: str, after: int) -> int:
    """Where the last answer ends: a closing, a signature or quoted history after it."""
    for offset, line in _lines(text):
        if offset < after:
            continue
        if (CLOSING_RE.match(line) or SEPARATOR_RE.match(line) or _HEADER_RE.match(line)
                or line.rstrip() == "--" or line.lstrip().startswith(">")):
            return offset
    return len(text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def numbered_answers(text: str) -> list[Turn]:
    """Question and answer turns of a written interview; empty when ``text`` is not one.

    >>> turns = numbered_answers("1. Miksi?\\nKoska.\\n\\n2. Milloin?\\nEilen.\\n")
    >>> [(t.role, t.start, t.end) for t in turns]
    [('interviewer', 3, 9), ('participant', 10, 16), ('interviewer', 21, 29), ('participant', 30, 36)]
    """
    questions = _questions(text)
    if not questions:
        return []
    ends = [line for line, _, _ in questions[1:]]
    ends.append(_end_of_answers(text, questions[-1][2]))
    turns: list[Turn] = []
    for (_, q_start, q_end), end in zip(questions, ends):
        turns.append(Turn(q_start, q_end, None, "interviewer", role_from="layout"))
        a_start, a_end = _trimmed(text, q_end, end)
        if a_end > a_start and not _PLACEHOLDER.fullmatch(text[a_start:a_end]):
            turns.append(Turn(a_start, a_end, None, "participant", role_from="layout"))
    return turns
