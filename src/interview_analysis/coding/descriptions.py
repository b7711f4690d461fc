"""What interview-analysis writes into REFI-QDA ``Description`` elements, and reads back.

Code descriptions
    The definition, then labelled paragraphs in the study language, then the code ID::

        Asiakas mainitsee sähköpostin.

        Milloin käytetään: kun kanava on sähköposti

        Milloin ei käytetä: uutiskirjeet

        Esimerkki: "Laitan sähköpostia."

        ID: channels/email

    Headings in any supported language are recognised on import, so a codebook survives a
    round trip through NVivo or ATLAS.ti (which show the text as the code's description).

Selection descriptions (stance)
    REFI-QDA has no field for a coding's stance. It is written as the line
    ``stance: positive`` (``negative``, ``mixed``) in the ``Description`` of the coded
    ``PlainTextSelection`` (each exported coding has its own selection). Other text in a
    selection description (ATLAS.ti keeps quotation comments there) is imported as memo text.
"""
from __future__ import annotations

import re

from .codings import STANCES

FIELDS = ("when_to_use", "when_not_to_use", "example")
HEADINGS: dict[str, dict[str, str]] = {
    "en": {"when_to_use": "When to use", "when_not_to_use": "When not to use",
           "example": "Example"},
    "fi": {"when_to_use": "Milloin käytetään", "when_not_to_use": "Milloin ei käytetä",
           "example": "Esimerkki"},
    "sv": {"when_to_use": "När används", "when_not_to_use": "När används inte",
           "example": "Exempel"},
}
ID_HEADING = "ID"
_STANCE_LINE = re.compile(r"^\s*stance\s*:\s*(\S+)\s*$", re.I)


def _heading_pattern() -> tuple[re.Pattern, dict[str, str]]:
    names = {h: field for lang in HEADINGS.values() for field, h in lang.items()}
    names[ID_HEADING] = "id"
    alternatives = "|".join(re.escape(h) for h in sorted(names, key=len, reverse=True))
    return re.compile(rf"^({alternatives})\s*:\s?(.*)$", re.I), {k.casefold(): v
                                                                 for k, v in names.items()}


_HEADING, _FIELD_OF = _heading_pattern()


def code_description(texts: dict[str, str], code_id: str | None, lang: str) -> str | None:
    """The ``Description`` text of a code (``None`` when there is nothing to say)."""
    headings = HEADINGS.get(lang, HEADINGS["en"])
    parts = []
    if texts.get("definition"):
        parts.append(texts["definition"])
    parts += [f"{headings[f]}: {texts[f]}" for f in FIELDS if texts.get(f)]
    if code_id:
        parts.append(f"{ID_HEADING}: {code_id}")
    return "\n\n".join(parts) or None


def parse_code_description(text: str | None) -> tuple[dict[str, str], str | None]:
    """``({definition, when_to_use, when_not_to_use, example}, code ID or None)``."""
    if not text:
        return {}, None
    sections: dict[str, list[str]] = {"definition": []}
    current = "definition"
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _HEADING.match(line.strip())
        if match:
            current = _FIELD_OF[match.group(1).casefold()]
            sections[current] = [match.group(2)]
        else:
            sections.setdefault(current, []).append(line)
    out = {k: "\n".join(v).strip() for k, v in sections.items()}
    code_id = out.pop("id", None) or None
    return {k: v for k, v in out.items() if v}, code_id


def stance_description(stance: str | None) -> str | None:
    return f"stance: {stance}" if stance else None


def parse_selection_description(text: str | None) -> tuple[str | None, str | None]:
    """``(stance, remaining text)`` of a selection's ``Description``."""
    if not text:
        return None, None
    stance, rest = None, []
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _STANCE_LINE.match(line)
        if match and match.group(1).lower() in STANCES and stance is None:
            stance = match.group(1).lower()
        else:
            rest.append(line)
    remaining = "\n".join(rest).strip()
    return stance, remaining or None
