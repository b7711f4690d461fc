"""Emailed answers to a written interview guide (``.eml``): quoted questions, unquoted answers.

The reply's body (text/plain preferred, else text/html converted to text) loses its quoted
history (``-----Original Message-----``, an Outlook ``From:``/``Sent:`` header block,
``On ... wrote:``, ``... kirjoitti:``) and its signature (the ``-- `` line). In what remains,
consecutive ``>`` lines are one interviewer question and the unquoted text after them is the
answer. The canonical text is::

    Q: What does customer management mean in your company?

    A: Mostly keeping in touch with our regular customers.
    We call them twice a year.

with turns ``Q`` (role ``interviewer``) and ``A`` (role ``participant``) spanning the text after
``Q: ``/``A: ``. Lines of one paragraph are joined with spaces; paragraphs inside an answer are
separated by a single ``\\n`` so that the answer stays one turn. A body without quoted lines is
read like a plain-text transcript (``Q:``/``A:`` markers or paragraphs).
"""
from __future__ import annotations

import dataclasses
import email
import email.errors
import email.policy
import re
from html.parser import HTMLParser
from pathlib import Path

from ...base.encoding import decode_bytes, normalise_text
from ...errors import InputError
from ..transcript import Transcript, Turn
from .text import transcript_from_text

_SEPARATOR_RE = re.compile(r"^\s*-{2,}\s*(original message|alkuperäinen viesti|ursprüngliche "
                           r"nachricht|ursprungligt meddelande|message d'origine)\s*-{2,}\s*$", re.I)
_FROM_RE = re.compile(r"^\s*\**(from|lähettäjä|från)\s*:\**", re.I)
_SENT_RE = re.compile(r"^\s*\**(sent|lähetetty|date|päivämäärä|skickat)\s*:\**", re.I)
_WROTE_RE = re.compile(r"^\s*on\b.*\bwrote:\s*$", re.I)
# "a digit somewhere" is a lookahead: two greedy ".*" around "\d" take quadratic time on a long
# line of digits.
_KIRJOITTI_RE = re.compile(r"^(?!\s*>)(?=[^\n]*\d).*\bkirjoitti:\s*$", re.I)
_QUOTE_RE = re.compile(r"^\s*(?:>[ \t]?)+")
_CLOSING_RE = re.compile(r"^\s*(ystävällisin terveisin|parhain terveisin|terveisin|t\.|br|best|"
                         r"best regards|kind regards|regards|cheers|sincerely|yours sincerely)"
                         r"\s*[,.!]?\s*$", re.I)
_GREETING_WORDS = {"hei", "hi", "hello", "moi", "moikka", "terve", "dear", "hyvä", "tervehdys",
                   "good", "hey", "morjens"}
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "ul", "ol", "hr", "pre", "blockquote"}


_MAX_QUOTE_DEPTH = 10


class _HTMLText(HTMLParser):
    """HTML to text: block elements become line breaks, ``<blockquote>`` lines get ``> ``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.depth = 0
        self.skip = 0

    def _newline(self) -> None:
        text = "".join(self.line).replace("\xa0", " ").strip()
        # quoted or not is what matters: a few levels of "> " show the nesting, thousands of
        # nested <blockquote> elements must not make every line thousands of characters long
        self.lines.append(("> " * min(self.depth, _MAX_QUOTE_DEPTH) + text) if self.depth
                          else text)
        self.line = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self._newline()
            self.depth += tag == "blockquote"

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS and tag != "br":
            self._newline()
            self.depth = max(0, self.depth - (tag == "blockquote"))

    def handle_data(self, data):
        if not self.skip:
            self.line.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        self._newline()
        return re.sub(r"\n{3,}", "\n\n", "\n".join(self.lines))


def _decode(raw: bytes, charset: str | None, path: Path) -> str:
    """Decode a body part: UTF-8 when valid (labels are often wrong), else its charset."""
    if charset and not charset.lower().startswith(("utf-16", "utf-32")):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError, ValueError, TypeError):  # a bogus charset name
            pass
    return decode_bytes(raw, path)


#: What the standard library's e-mail parser raises on damaged headers or MIME structure
#: (it parses lazily, so any access to a header can raise).
_PARSE_ERRORS = (IndexError, KeyError, ValueError, TypeError, AttributeError, LookupError,
                 email.errors.MessageError, RecursionError)  # thousands of nested parts


def _damaged(path: Path, exc: Exception) -> InputError:
    return InputError(f"cannot read this email: a header or its MIME structure is damaged "
                      f"({type(exc).__name__}: {exc})", file=path,
                      fix="save the reply again from the mail program (Outlook: File > Save "
                          "As), or copy the answers into a .txt file")


def _body(msg, path: Path) -> str:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is not None:
            raw = part.get_payload(decode=True) or b""
            charset, subtype = part.get_content_charset(), part.get_content_subtype()
    except _PARSE_ERRORS as exc:
        raise _damaged(path, exc) from None
    if part is None:
        raise InputError("this email has no text body", file=path,
                         fix="save the reply as .eml with its text, or copy the answers into "
                             "a .txt file")
    content = _decode(raw, charset, path)
    if subtype == "html":
        parser = _HTMLText()
        parser.feed(content)
        parser.close()
        content = parser.text()
    return normalise_text(content)


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _history_start(lines: list[str]) -> int:
    """Index of the first line of the quoted history (``len(lines)`` when there is none).

    An ``On ... wrote:`` line followed by quoted text with answers between the quotes introduces
    an inline reply; then only that line is blanked, not everything after it.
    """
    for i, line in enumerate(lines):
        if _SEPARATOR_RE.match(line):
            return i
        if _FROM_RE.match(line) and any(_SENT_RE.match(n) for n in lines[i + 1:i + 5]):
            return i
        span = 1 if _WROTE_RE.match(line) or _KIRJOITTI_RE.match(line) else (
            2 if line.lstrip().lower().startswith("on ") and i + 1 < len(lines)
            and _WROTE_RE.match(line + " " + lines[i + 1]) else 0)  # Gmail wraps long lines
        if span:
            following = [r for r in lines[i + span:] if r.strip()]
            if following and _is_quoted(following[0]) and not all(map(_is_quoted, following)):
                lines[i:i + span] = [""] * span
                continue
            return i
    return len(lines)


def _cut(body: str) -> list[str]:
    """Body lines without quoted history, signature and a closing such as ``Terveisin,``."""
    lines = body.split("\n")
    lines = lines[:_history_start(lines)]
    for i, line in enumerate(lines):
        if line.rstrip() == "--":
            lines = lines[:i]
            break
    kept: list[str] = []
    in_quoted_signature = False
    for line in lines:
        if _is_quoted(line) and _QUOTE_RE.sub("", line).rstrip() == "--":
            in_quoted_signature = True
        elif not _is_quoted(line) and line.strip():
            in_quoted_signature = False
        if not in_quoted_signature:
            kept.append(line)
    for i in [i for i, line in enumerate(kept) if line.strip()][-4:]:
        if _CLOSING_RE.match(kept[i]) and not any(map(_is_quoted, kept[i:])):
            return kept[:i]
    return kept


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines grouped into paragraphs (at blank lines), each joined with single spaces."""
    paragraphs, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _is_greeting(lines: list[str]) -> bool:
    filled = [line.strip() for line in lines if line.strip()]
    if len(filled) > 2 or any(len(line) > 80 for line in filled):
        return False
    first_word = re.split(r"[\s,!:]+", filled[0].lower())[0] if filled else ""
    return not filled or filled[-1][-1] in ":,!" or first_word in _GREETING_WORDS


def _turns(lines: list[str]) -> list[tuple[str, str]]:
    """``[("Q", question), ("A", answer), ...]`` from body lines with ``>`` quotes."""
    groups: list[tuple[bool, list[str]]] = []
    for line in lines:
        quoted = _is_quoted(line)
        if not line.strip() or (quoted and not _QUOTE_RE.sub("", line).strip()):
            if groups:
                groups[-1][1].append("")
            continue
        text = _QUOTE_RE.sub("", line) if quoted else line
        if groups and groups[-1][0] == quoted:
            groups[-1][1].append(text)
        else:
            groups.append((quoted, [text]))
    turns: list[tuple[str, str]] = []
    for i, (quoted, group) in enumerate(groups):
        if quoted:
            turns.append(("Q", " ".join(_paragraphs(group))))
        elif i > 0 or not _is_greeting(group):
            turns.append(("A", "\n".join(_paragraphs(group))))
    return [t for t in turns if t[1]]


def _attributes(msg) -> dict:
    """The date and subject, when they can be read (a damaged one is left out)."""
    attributes = {}
    try:
        stamp = getattr(msg["date"], "datetime", None)
    except _PARSE_ERRORS:  # an unparsable Date header
        stamp = None
    if stamp is not None:
        attributes["email_date"] = stamp.date().isoformat()
    try:
        subject = msg["subject"]
    except _PARSE_ERRORS:
        subject = None
    if subject is not None:
        attributes["email_subject"] = str(subject).strip()
    return attributes


def read(path: Path, options: dict) -> list[Transcript]:
    """Read one emailed reply into a question/answer transcript.

    Parameters
    ----------
    path:
        The ``.eml`` file.
    options:
        ``known_speakers`` is used when the body has no quoted questions.

    Returns
    -------
    list of Transcript
        One transcript, format ``eml``, attributes ``email_date`` (ISO date, the sender's
        local date) and ``email_subject`` when the message has them.

    Raises
    ------
    InputError
        When the file is not an email, has no text body, or nothing is left after removing the
        quoted history and the signature.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=path,
                         fix="check the file permissions") from None
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except _PARSE_ERRORS as exc:
        raise _damaged(path, exc) from None
    if not any(h in msg for h in ("from", "to", "subject", "date", "message-id")):
        raise InputError("this file is not an email message (it has no From, To, Subject or "
                         "Date header)", file=path, value=data[:40].decode("utf-8", "replace"),
                         fix="save the reply from the mail program as .eml (Outlook: File > "
                             "Save As; Thunderbird: Save As > File), or use .txt")
    lines, attributes = _cut(_body(msg, path)), _attributes(msg)
    quoted = any(map(_is_quoted, lines))
    qa = _turns(lines) if quoted else "\n".join(lines).strip()
    if not qa:
        raise InputError("this email has no text left after removing the quoted history "
                         "and the signature", file=path,
                         fix="check that the file is the participant's reply, or copy the "
                             "answers into a .txt file")
    if not quoted:
        transcript = transcript_from_text(qa + "\n", path, "eml", options)
        return [dataclasses.replace(transcript, attributes=attributes)]
    pieces, turns, offset = [], [], 0
    for label, content in qa:
        begin = offset + len(label) + 2
        turns.append(Turn(begin, begin + len(content), speaker=label,
                          role="interviewer" if label == "Q" else "participant"))
        pieces.append(f"{label}: {content}\n\n")
        offset += len(pieces[-1])
    return [Transcript(document=path.stem, text="".join(pieces)[:-1], turns=tuple(turns),
                       source=path, format="eml", attributes=attributes)]
