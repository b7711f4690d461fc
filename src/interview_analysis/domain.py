"""The domain's terms, each defined once: stances, consensus labels, units, roles, code IDs.

Everything that names a stance, a consensus label, a passage unit, a speaker role, a coding's
origin or the primary coder imports it from here. User-facing words for these terms (in fi and
en) live in :mod:`interview_analysis.messages`; this module holds the identifiers only.

Examples
--------
>>> Stance.parse("Positive")
<Stance.POSITIVE: 'positive'>
>>> theme_of("channels/email"), parent_of("channels/email"), leaf_of("channels/email")
('channels', 'channels', 'email')
"""
from __future__ import annotations

from enum import Enum


class Stance(str, Enum):
    """An interviewee's view of a coded topic.

    ``positive`` (for it), ``negative`` (against it), ``mixed`` (both ways, or only under a
    condition) — and, for a case that raised a topic without evaluating it, ``no view``.
    """

    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"
    NO_VIEW = "no view"

    @classmethod
    def parse(cls, value: object) -> "Stance | None":
        """The stance ``value`` names, ignoring case, spaces and ``_`` (``"No_view"``);
        ``None`` for an empty value or one that names no stance."""
        if value is None or (isinstance(value, float) and value != value):
            return None
        text = " ".join(str(value).replace("_", " ").split()).casefold()
        for stance in cls:
            if stance.value == text:
                return stance
        return None

    @property
    def column(self) -> str:
        """The name of this stance's column in analysis tables (``no_view``)."""
        return self.value.replace(" ", "_")


#: The stances a coding can carry (a coding with no evaluation has an empty stance).
STANCES = (Stance.POSITIVE.value, Stance.NEGATIVE.value, Stance.MIXED.value)
#: What a case that raised a topic but gave no evaluation holds.
NO_VIEW = Stance.NO_VIEW.value
#: Every view a case can hold on a code it raised.
VIEWS = (*STANCES, NO_VIEW)


def normalise_stance(value: object) -> str | None:
    """A coding's stance as stored: ``positive``, ``negative``, ``mixed`` or ``None``.

    ``Positive``, ``" MIXED "`` and the like are accepted; ``None`` is returned for an empty
    value. A value that names no stance is returned unchanged, for the caller to report.
    """
    stance = Stance.parse(value)
    if stance is None:
        if value is None or (isinstance(value, float) and value != value):
            return None
        text = str(value).strip()
        return text or None
    return None if stance is Stance.NO_VIEW else stance.value


#: Consensus labels of the agreement between interviewees, strongest first.
CONSENSUS = ("unanimous", "strong majority", "majority", "split", "minority", "single voice",
             "by sub-topic", "none")

#: Passage units: a speaker turn, a paragraph or a sentence.
UNITS = ("turn", "paragraph", "sentence")
#: Speaker roles. Interviewer and observer passages are kept but neither coded nor counted.
ROLES = ("interviewer", "participant", "observer")
#: What a case is: one transcript (``document``), or one participant speaker of a transcript
#: (``speaker``: a focus group or group interview gives a case per participant).
CASES_FROM = ("document", "speaker")
#: Where a coding came from: a rule, a researcher, a learned model.
ORIGINS = ("rule", "manual", "model")
#: Where a coding's stance came from: the coder, or the automatic stance detector.
STANCE_ORIGINS = ("coder", "auto")

#: The coder whose codings are the primary ones when several coders exist.
PRIMARY_CODER = "researcher"


def order_coders(coders) -> list[str]:
    """Coders with :data:`PRIMARY_CODER` first, the others in name order, each once.

    >>> order_coders(["second", "researcher", "anna"])
    ['researcher', 'anna', 'second']
    """
    coders = sorted(dict.fromkeys(coders))
    return ([c for c in coders if c == PRIMARY_CODER]
            + [c for c in coders if c != PRIMARY_CODER])


#: The files that make a folder a report folder (``run --out``): a report folder is replaced
#: as a whole by the next run, and a transcripts folder never reads one.
REPORT_FILES = ("report.html", "report.docx")

#: The separator of the segments of a code ID: ``theme/code/sub-code``.
CODE_SEPARATOR = "/"
#: How many levels a codebook may nest (theme = 1). Research codebooks use two to four; a
#: limit keeps a runaway file (a 1,000-deep chain of parents) from costing memory and time
#: that grow with the square of its depth.
MAX_CODE_DEPTH = 12


def theme_of(code_id: str) -> str:
    """The theme of a code ID: its first segment (``channels/email`` → ``channels``)."""
    return str(code_id).split(CODE_SEPARATOR, 1)[0]


def parent_of(code_id: str) -> str | None:
    """The parent of a code ID (``channels/email`` → ``channels``), ``None`` for a theme."""
    code_id = str(code_id)
    return code_id.rsplit(CODE_SEPARATOR, 1)[0] if CODE_SEPARATOR in code_id else None


def leaf_of(code_id: str) -> str:
    """The last segment of a code ID (``channels/email`` → ``email``)."""
    return str(code_id).rsplit(CODE_SEPARATOR, 1)[-1]


def join_code(*segments: str) -> str:
    """A code ID from its segments: ``join_code("channels", "email")`` → ``channels/email``."""
    return CODE_SEPARATOR.join(s for s in segments if s)


#: Case attributes the toolkit knows by meaning, with the names a cases table or a transcript's
#: header may give them (a Word header table's ``Date:`` is the interview date; an e-mailed
#: answer's date is the day of that interview). The first name is the one ``init`` writes.
INTERVIEW_ATTRIBUTES = {
    "interview_mode": ("interview_mode", "mode", "interview mode", "haastattelutapa", "tapa"),
    "duration_min": ("duration_min", "duration", "duration (min)", "kesto_min", "kesto",
                     "length"),
    "interview_date": ("interview_date", "date", "interview date", "haastattelupaiva",
                       "haastattelupäivä", "päivämäärä", "pvm", "email_date"),
}


def attribute_meaning(name: object) -> str | None:
    """The known attribute ``name`` stands for (``Date`` → ``interview_date``), or ``None``.

    >>> attribute_meaning("Kesto"), attribute_meaning("industry")
    ('duration_min', None)
    """
    folded = " ".join(str(name).replace("_", " ").casefold().split())
    for meaning, names in INTERVIEW_ATTRIBUTES.items():
        if folded in {n.replace("_", " ") for n in names}:
            return meaning
    return None
