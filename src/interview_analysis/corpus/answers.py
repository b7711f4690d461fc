"""Written answers to a numbered interview guide: the questions are the interviewer's turns.

A written (e-mailed) interview often comes back as the guide's numbered questions with the
answer typed below each one::

    Hei, tässä vastaukset.                      <- greeting: no turn

    1. Kertoisitteko hieman yrityksestänne?     <- interviewer turn
    Toimistokoneiden vähittäiskauppa.           <- participant turn (up to the next question)

    2. Mitä palveluita käytätte?
    -                                           <- a placeholder answer: no turn

    Ystävällisin terveisin                      <- closing, signature, quoted message: no turn

The questions must be numbered in increasing order and ask something (``?``). A reply saved
as text with the guide's questions quoted (``> Mitä ...?``) and the answers typed between them
is read the same way. The turns have no speaker; the role comes from this layout
(``role_from = "layout"``).
"""
from __future__ import annotations

import re

from .transcript import Turn, trimmed

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


def _end_of_answers(text: str, after: int, quoted_questions: bool = False) -> int:
    """Where the answers end: a closing, a signature or the quoted history after ``after``
    (quoted lines end them too, unless the questions themselves are quoted)."""
    for offset, line in _lines(text):
        if offset < after:
            continue
        if (CLOSING_RE.match(line) or SEPARATOR_RE.match(line) or _HEADER_RE.match(line)
                or line.rstrip() == "--"
                or (not quoted_questions and line.lstrip().startswith(">"))):
            return offset
    return len(text)


def _quoted_blocks(text: str) -> list[tuple[int, int, int]]:
    """``(line start, text start, end)`` of each run of ``>`` lines."""
    blocks: list[list[int]] = []
    for offset, line in _lines(text):
        stripped = line.lstrip()
        if stripped.startswith(">"):
            body = stripped.lstrip("> \t")
            if not body:
                continue  # an empty quoted line neither starts nor ends a question
            start = offset + len(line) - len(body)
            if blocks and blocks[-1][3] == 1:
                blocks[-1][2] = offset + len(line.rstrip())
            else:
                blocks.append([offset, start, offset + len(line.rstrip()), 1])
        elif line.strip() and blocks:
            blocks[-1][3] = 0  # unquoted text: the next quote is a new question
    return [(a, b, c) for a, b, c, _ in blocks]


def _turns_after(text: str, questions: list[tuple[int, int, int]], quoted: bool = False
                 ) -> list[Turn]:
    """The questions' turns and the answers between them, up to a closing or signature
    (quoted lines after it are the original message, not questions)."""
    stop = _end_of_answers(text, questions[-1][2] if not quoted else questions[0][2], quoted)
    questions = [q for q in questions if q[0] < stop]
    ends = [line for line, _, _ in questions[1:]] + [stop]
    turns: list[Turn] = []
    for (_, q_start, q_end), end in zip(questions, ends):
        turns.append(Turn(q_start, q_end, None, "interviewer", role_from="layout"))
        a_start, a_end = trimmed(text, q_end, end)
        if a_end > a_start and not _PLACEHOLDER.fullmatch(text[a_start:a_end]):
            turns.append(Turn(a_start, a_end, None, "participant", role_from="layout"))
    return turns


def quoted_answers(text: str) -> list[Turn]:
    """Question and answer turns of a reply with quoted questions; empty when it is not one
    (at least two quoted questions, each answered below)."""
    blocks = _quoted_blocks(text)
    turns = _turns_after(text, blocks, quoted=True) if len(blocks) >= 2 else []
    answered = sum(1 for t in turns if t.role == "participant")
    return turns if answered >= 2 and answered >= len(blocks) - 1 else []


def numbered_answers(text: str) -> list[Turn]:
    """Question and answer turns of a written interview; empty when ``text`` is not one.

    >>> turns = numbered_answers("1. Miksi?\\nKoska.\\n\\n2. Milloin?\\nEilen.\\n")
    >>> [(t.role, t.start, t.end) for t in turns]
    [('interviewer', 3, 9), ('participant', 10, 16), ('interviewer', 21, 29), ('participant', 30, 36)]
    """
    questions = _questions(text)
    return _turns_after(text, questions) if questions else quoted_answers(text)
