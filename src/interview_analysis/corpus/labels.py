"""Speaker labels at the start of a line, in the layouts real transcripts use.

A line is a *label line* when it starts a speaker's turn in one of these layouts::

    Haastattelija: Mitä te arvostatte?             name and colon, text on the same line
    Q: / A: / H: / V: / I: / R:                    one-letter role labels
    [00:01:12] Interviewer: Okay, we're on.        timestamp before the name
    00:01:12 Haastattelija: Hei!                   (with or without brackets)
    Haastattelija (00:01:12): Tallennus on päällä.   timestamp after the name
    **Anna:** text                                 Markdown bold
    Interviewer:                                   the name alone, the text on the next lines
    Haastattelija                                  a role word alone on its line (no colon)
    Speaker 1  0:03                                Otter, Teams .docx: name and time, text below
    Q. How did you start?  /  A. My father ...      role letter and full stop (in pairs)
    I<tab>How did you start?                       a Word table of speaker | text as text
    [Daniel R.] 10:02:19                           Zoom .txt: name in brackets and clock time

Which candidates really are speakers is decided over the whole text (:func:`label_lines`):
ordinary lines such as ``Note: ...``, ``Esimerkiksi: ...`` or ``https://...`` must not open
turns. A label counts when it is a role word (``Haastattelija``, ``Interviewer 2``), a
participant code (``H1``), a name the study gives, or a name-shaped label that opens at least
two lines (an all-capitals name once, in a transcript of all-capitals names).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_TIME = r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_CHAR = r"[\w.'’\-]"
# One to four words (``Daniel R.``, ``Participant 12``, ``A.B.``), or a number (``1:``).
_NAME = rf"[^\W\d_]{_CHAR}*(?:[ \t]{_CHAR}+){{0,3}}|\d{{1,3}}"
_BOLD = r"(?:\*\*|__)?"
# "Name: text", with a time before or after the name, a note in brackets after it
# ("Anna (HR): ..."), or a table's cell border instead of the colon ("Name | text", which is
# how a Word table of speaker | text reads).
_INLINE = re.compile(
    rf"[ \t]*(?:[\[(]?(?P<t1>{_TIME})[\])]?[ \t]*[-–|]?[ \t]*)?{_BOLD}(?P<label>{_NAME}){_BOLD}"
    rf"(?:[ \t]*[\[(](?P<t2>{_TIME})[\])]|[ \t]+(?P<t3>{_TIME}))?"
    rf"(?:[ \t]*\((?P<note>[^():\n]{{1,30}})\))?[ \t]*"
    rf"(?:{_BOLD}:{_BOLD}(?:[ \t]+\|)?|(?<=[ \t])\|)(?=[ \t]|$)[ \t]*(?P<rest>.*)")
_BRACKETED = re.compile(rf"[ \t]*\[(?P<label>{_NAME})\][ \t]*(?:(?P<t1>{_TIME})[ \t]*:?|:)"
                        rf"[ \t]*(?P<rest>.*)")
_TIMED = re.compile(rf"[ \t]*(?P<label>{_NAME})[ \t]+(?:[|\-–][ \t]*)?[\[(]?(?P<t1>{_TIME})"
                    rf"[\])]?[ \t]*")
_TIME_FIRST = re.compile(rf"[ \t]*[\[(]?(?P<t1>{_TIME})[\])]?[ \t]+(?:[-–][ \t]+)?"
                         rf"(?P<label>{_NAME})[ \t]*")
# "Q. How did you start?" / "A. My father ...": a role letter and a full stop, as court-style
# and older oral-history transcripts write them (accepted only in pairs, see label_lines).
# "I<tab>How did you start?": a two-column Word table pasted as text.
_TABBED = re.compile(rf"[ \t]*(?P<label>{_NAME}):?\t+(?P<rest>\S.*)")
_DOTTED = re.compile(r"[ \t]*(?P<label>[QAKV])\.[ \t]+(?P<rest>\S.*)")
_BARE = re.compile(rf"[ \t]*{_BOLD}(?P<label>{_NAME}){_BOLD}[ \t]*")
_CODE = re.compile(r"[A-ZÅÄÖ]{1,3}\d{1,3}")
_LEADING_TIME = re.compile(rf"[\[(]({_TIME})[\])][ \t]*")
_MAX_LABEL = 40

#: Labels that say the speaker's role, accepted even when they occur once.
KNOWN_LABELS = {
    "q": "interviewer", "a": "participant", "h": "interviewer", "v": "participant",
    "k": "interviewer", "i": "interviewer", "r": "participant", "p": "participant",
    "int": "interviewer", "iv": "interviewer", "ir": "interviewer", "ie": "participant",
    "resp": "participant",
    "interviewer": "interviewer", "haastattelija": "interviewer", "moderator": "interviewer",
    "moderaattori": "interviewer", "tutkija": "interviewer", "researcher": "interviewer",
    "facilitator": "interviewer", "fasilitaattori": "interviewer", "kysyjä": "interviewer",
    "respondent": "participant", "vastaaja": "participant", "haastateltava": "participant",
    "interviewee": "participant", "participant": "participant", "osallistuja": "participant",
    "informant": "participant", "narrator": "participant",
}
#: Role words that give a role from anywhere in a name-shaped label: ``Anna (Interviewer)``,
#: ``Virtanen Matti, haastateltava``, ``Interviewer - Anna`` (a video call's display name).
ROLE_WORDS = {k: v for k, v in KNOWN_LABELS.items() if len(k) >= 5}
#: Words that name a speaker without a role: ``Speaker 1``, ``Puhuja 2``.
GENERIC_LABELS = frozenset({"speaker", "puhuja", "henkilö", "person", "unknown", "tuntematon",
                            "voice", "ääni", "guest", "vieras"})
#: Words that start ordinary lines with a colon (headers, notes, examples), never speakers.
NOT_LABELS = frozenset({
    "note", "notes", "nb", "huom", "huomio", "huomautus", "esim", "esimerkiksi", "example",
    "e.g", "eg", "ps", "lesson", "rule", "ratio", "reminder", "tip", "vinkki", "tavoite",
    "periaate", "goal", "aim", "date", "päivämäärä", "pvm", "aika", "time", "kesto", "duration",
    "length", "pituus", "paikka", "place", "location", "sijainti", "present", "läsnä",
    "project", "projekti", "hanke", "aihe", "subject", "topic", "teema", "from", "to", "cc",
    "bcc", "sent", "lähettäjä", "vastaanottaja", "lähetetty", "kopio", "title", "otsikko",
    "tallenne", "recording", "litteroija", "litterointi", "transcriber", "transcribed by",
    "transcript", "transcription", "merkinnät", "legend", "key", "keywords", "summary",
    "speakers", "source", "lähde", "http", "https", "www", "ftp", "mailto", "tel", "puh",
    "email", "e-mail", "sähköposti", "url", "link", "linkki", "question", "kysymys", "answer",
    "vastaus", "kommentti", "comment", "edit", "editor's note", "anonymised", "anonymized",
    "anonymisoitu", "interview", "haastattelu", "interview date", "litterointipalvelu",
})
#: Lines that video-call software writes into a transcript; they belong to no turn.
SYSTEM_LINE = re.compile(
    r"[ \t]*(?:.{1,80}[ \t](?:aloitti|lopetti|käynnisti|pysäytti) (?:transkription|"
    r"litteroinnin|tallennuksen)|.{1,80}[ \t](?:started|stopped) (?:transcription|recording)|"
    r"transcribed by https?://otter\.ai|(?:transkriptio|transcription) (?:aloitettu|"
    r"lopetettu|started|stopped|ended))[ \t.]*$", re.I)


@dataclass(frozen=True)
class LabelLine:
    """A line that opens a turn: where it is, who speaks and where the words start.

    ``content`` is where the turn's text begins: after the label on the same line, or the
    next line when the label stands alone. ``form`` is ``inline``, ``alone`` (name and colon
    only), ``timed`` (name and time only), ``bracketed`` or ``bare`` (a name alone).
    """

    start: int
    end: int
    label: str
    content: int
    time: str | None
    form: str


@lru_cache(maxsize=4096)
def _key(label: str) -> str:
    return " ".join(label.casefold().split())


@lru_cache(maxsize=4096)
def label_role(label: str | None) -> str | None:
    """The role a label names: ``Haastattelija``, ``Q``, ``Interviewer 2``, ``Participant 12``.

    >>> label_role("Participant 12"), label_role("MK")
    ('participant', None)
    """
    if not label:
        return None
    key = _key(label).rstrip(".")
    if key in KNOWN_LABELS:
        return KNOWN_LABELS[key]
    head, _, tail = key.partition(" ")
    if tail and len(head) > 1 and head in KNOWN_LABELS and re.fullmatch(r"[\w.\-]{1,6}", tail):
        return KNOWN_LABELS[head]
    return _role_word(label)


def _role_word(label: str) -> str | None:
    """The role of a display name with one role word among capitalised names (``Anna
    (Interviewer)``, ``Korhonen Liisa - haastateltava``); ``None`` for ordinary phrases
    (``Interviewer notes``) and names with words of both roles."""
    words = re.findall(r"[^\W\d_]+", label)
    if not 2 <= len(words) <= 4:
        return None
    roles = {ROLE_WORDS[w.casefold()] for w in words if w.casefold() in ROLE_WORDS}
    names = [w for w in words if w.casefold() not in ROLE_WORDS]
    if len(roles) == 1 and names and all(w[0].isupper() and w.casefold() not in NOT_LABELS
                                         for w in names):
        return roles.pop()
    return None


def _generic(label: str) -> bool:
    head = _key(label).partition(" ")[0]
    return head in GENERIC_LABELS


def _match(line: str):
    """``(match, form)`` of the first layout ``line`` fits, or ``(None, None)``."""
    m = _INLINE.fullmatch(line)
    if m:
        return m, "inline" if m.group("rest").strip() else "alone"
    for pattern, form in ((_BRACKETED, "bracketed"), (_TIMED, "timed"),
                          (_TIME_FIRST, "timed"), (_TABBED, "tabbed"), (_DOTTED, "dotted"),
                          (_BARE, "bare")):
        m = pattern.fullmatch(line)
        if m:
            return m, form
    return None, None


def candidates(text: str) -> list[LabelLine]:
    """Every line that could open a turn, before deciding which labels are speakers."""
    found: list[LabelLine] = []
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        if line.strip():
            m, form = _match(line)
            label = " ".join(m.group("label").split()) if m else ""
            note = m.groupdict().get("note") if m else None
            if note and label_role(note):  # "Anna (Interviewer): ...": the note says the role
                label = f"{label} ({' '.join(note.split())})"
            if m and len(label) <= _MAX_LABEL:
                rest = m.group("rest") if "rest" in m.re.groupindex else ""
                times = [m.group(g) for g in ("t1", "t2", "t3") if g in m.re.groupindex]
                stamp = _LEADING_TIME.match(rest)  # "Name: [00:01:12] text" (Trint, Sonix)
                if stamp:
                    times.append(stamp.group(1))
                    rest = rest[stamp.end():]
                content = end - len(rest) if rest and rest.strip() else end
                time = next((t for t in times if t), None)
                found.append(LabelLine(offset, end, label, content, time, form))
        offset = end + 1
    return found


def opens_a_turn(line: str) -> bool:
    """Whether one line, on its own, could open a speaker's turn (``P: unit 1``,
    ``Speaker 1  0:03``, ``Haastattelija``)."""
    return any(label_role(c.label) if c.form == "bare" else c.form != "dotted"
               for c in candidates(line))


def _shaped_like_a_name(label: str) -> bool:
    words = label.split()
    return len(words) == 1 or all(w[0].isupper() or w[0].isdigit() for w in words)


def _all_caps(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def label_lines(text: str, known: set[str] | frozenset[str] = frozenset()) -> list[LabelLine]:
    """The lines of ``text`` that open speaker turns.

    ``known`` holds names the study gives (folded with :meth:`str.casefold`); they count
    wherever they stand, in every layout.
    """
    known = {_key(k) for k in known}
    lines = _dotted_in_pairs([c for c in candidates(text) if _key(c.label) in known
                              or _plausible(c)])
    counts: dict[str, int] = {}
    for c in lines:
        if c.form != "bare":
            counts[_key(c.label)] = counts.get(_key(c.label), 0) + 1

    def sure(c: LabelLine) -> bool:
        key = _key(c.label)
        if key in known or label_role(c.label) is not None:
            return True
        if c.form == "bare":
            return False
        return (_CODE.fullmatch(c.label) is not None
                or (counts[key] >= 2 and _shaped_like_a_name(c.label)))

    accepted = _with_single_names(lines, [c for c in lines if sure(c)])
    return _without_header_fields(_numbered_roles(accepted))


def _dotted_in_pairs(lines: list[LabelLine]) -> list[LabelLine]:
    """``Q.``/``A.`` lines, only when both an asking and an answering letter open at least two
    lines each (so a list item ``A. Introduction`` opens no turn)."""
    dotted = [c for c in lines if c.form == "dotted"]
    roles = {}
    for c in dotted:
        roles.setdefault(label_role(c.label), set()).add(c.start)
    if len(roles.get("interviewer", ())) >= 2 and len(roles.get("participant", ())) >= 2:
        return lines
    return [c for c in lines if c.form != "dotted"]


def _plausible(c: LabelLine) -> bool:
    key = _key(c.label).rstrip(".")
    if key in NOT_LABELS or key.partition(" ")[0] in NOT_LABELS:
        return False
    if c.form == "bare":
        return label_role(c.label) is not None
    return True


def _with_single_names(lines: list[LabelLine], accepted: list[LabelLine]) -> list[LabelLine]:
    """Add all-capitals names that open one line only, in a transcript whose speakers are all
    all-capitals names: a focus-group member who spoke once."""
    names = {_key(c.label) for c in accepted}
    if len(names) < 3 or not all(_all_caps(c.label) for c in accepted):
        return accepted
    forms = {c.form for c in accepted}
    chosen = set(map(id, accepted))
    for c in lines:
        if id(c) not in chosen and c.form in forms and _all_caps(c.label) \
                and not _generic(c.label) and len(c.label.split()) == 1:
            chosen.add(id(c))
    return [c for c in lines if id(c) in chosen]


_NUMBERED_ROLE = re.compile(r"([A-Za-zÅÄÖåäö]{1,3})[ \t]?(\d{1,3})")


def _numbered_roles(lines: list[LabelLine]) -> list[LabelLine]:
    """``Q1:``/``A1:``, ``Q2:``/``A2:``: a role letter numbered by the question is one speaker
    ``Q`` (the letter has two or more numbers); ``H1`` alone stays the participant ``H1``."""
    numbers: dict[str, set[str]] = {}
    for c in lines:
        m = _NUMBERED_ROLE.fullmatch(c.label)
        if m and m.group(1).casefold() in KNOWN_LABELS:
            numbers.setdefault(m.group(1), set()).add(m.group(2))
    letters = {letter for letter, found in numbers.items() if len(found) >= 2}
    if not letters:
        return lines
    out = []
    for c in lines:
        m = _NUMBERED_ROLE.fullmatch(c.label)
        out.append(LabelLine(c.start, c.end, m.group(1), c.content, c.time, c.form)
                   if m and m.group(1) in letters else c)
    return out


def _without_header_fields(lines: list[LabelLine]) -> list[LabelLine]:
    """Leave out ``Haastattelija: Minna Koskinen`` lines of a header: a role word that opens
    one short line, before the speakers who take turns (named otherwise) first speak."""
    counts: dict[str, int] = {}
    for c in lines:
        counts[_key(c.label)] = counts.get(_key(c.label), 0) + 1
    repeated = [c.start for c in lines if counts[_key(c.label)] >= 2
                and label_role(c.label) is None]
    if not repeated:
        return lines
    first = min(repeated)
    return [c for c in lines if not (c.start < first and counts[_key(c.label)] == 1
                                     and label_role(c.label) is not None
                                     and c.end - c.content <= 60)]
