"""Which columns of a survey table are free-text answers: the rest never become passages.

Without ``text_columns`` in ``study.yaml`` every column is sorted into one kind, in this
order, and only ``text`` columns become passages:

==============  ==========================================================================
``empty``       no value at all
``id``          named as an identifier (``id``, ``Vastaajan ID``, ``respondent_id``,
                ``tunnus``)
``numbers``     every value a number, decimal point or comma (``4,5``), ``%`` allowed
``dates``       every value a date or date-time (``4.3.2024``, ``2024-01-08 09:14``)
``codes``       codes or category labels: named ``human_codes``, ``codes``, ``koodit`` ...;
                lists such as ``nopeus;ystävällisyys``; or short labels (``Email``, ``65+``)
``instructions``  named ``Ohje``, ``Instructions``, ``Coder instructions`` ...; or the same
                text in every row
``text``        everything else: sentences people wrote
==============  ==========================================================================
"""
from __future__ import annotations

import re

#: Column kinds in the order they are tested, with how a note about them reads.
KINDS = {"empty": "empty", "id": "ID", "numbers": "numbers", "dates": "dates",
         "codes": "codes or category labels", "instructions": "instructions",
         "text": "free-text answers"}
_ID_WORDS = {"id", "tunnus", "tunniste", "uuid", "respondent", "vastaaja", "case"}
_CODE_NAMES = re.compile(r"^(?:human[ _]?)?(?:codes?|koodit|koodi|labels?|tags?|luokat|"
                         r"luokka|categories|category|kategoria|kategoriat)$|[ _]codes?$", re.I)
_INSTRUCTION_NAMES = re.compile(r"\b(?:ohje|ohjeet|ohjeita|instructions?|ohjeistus|"
                                r"coder[ _]notes?|koodausohje)\b", re.I)
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)?[ \u00a0]?%?")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?|"
                   r"\d{1,2}\.\d{1,2}\.\d{2,4}(?:\s+(?:klo\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?|"
                   r"\d{1,2}/\d{1,2}/\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)?")
_CODE_LIST = re.compile(r"[\w\-]+(?:\s*[;|,]\s*[\w\-]+)+")
#: A column of labels: values this short on average, and never more words than this.
_LABEL_MEAN_CHARS = 15
_LABEL_MAX_WORDS = 3
#: Answers that say nothing: they give no passage.
PLACEHOLDER = re.compile(r"[\s\-–—.?!/]*|(?:n/?a|#n/a|ei vastausta|no answer|-/-)\.?", re.I)


def _filled(values: list[str]) -> list[str]:
    return [v.strip() for v in values if v.strip() and not PLACEHOLDER.fullmatch(v.strip())]


def _name_words(name: str) -> set[str]:
    return set(re.split(r"[\W_]+", name.casefold())) - {""}


def is_id_name(name: str) -> bool:
    """Whether a column name says it holds identifiers (``Vastaajan ID``, ``respondent_id``)."""
    words = _name_words(name)
    return bool(words & {"id", "tunnus", "tunniste", "uuid"}) or name.casefold() in _ID_WORDS


def _all(pattern: re.Pattern, values: list[str]) -> bool:
    return bool(values) and all(pattern.fullmatch(v) for v in values)


def _looks_like_codes(name: str, values: list[str]) -> bool:
    if _CODE_NAMES.search(name.strip()):
        return True
    lists = sum(1 for v in values if _CODE_LIST.fullmatch(v) and " " not in v.replace("; ", ";"))
    if lists * 2 >= len(values):
        return True
    mean = sum(len(v) for v in values) / len(values)
    return mean < _LABEL_MEAN_CHARS and max(len(v.split()) for v in values) <= _LABEL_MAX_WORDS


def _looks_like_instructions(name: str, values: list[str], rows: int) -> bool:
    if _INSTRUCTION_NAMES.search(name):
        return True
    return len(values) >= 2 and len(values) == rows and len(set(values)) == 1


def column_kind(name: str, values: list[str]) -> str:
    """The kind of a column (see the module docstring) from its name and cell texts.

    >>> column_kind("Ikä", ["34", "58", ""]), column_kind("Kehitysehdotukset", ["Lisää chat."])
    ('numbers', 'text')
    """
    filled = _filled(values)
    if not filled:
        return "empty"
    if is_id_name(name):
        return "id"
    if _all(_NUMBER, filled):
        return "numbers"
    if _all(_DATE, filled):
        return "dates"
    rows = sum(1 for v in values if v.strip())
    if _looks_like_instructions(name, filled, rows):
        return "instructions"
    if _looks_like_codes(name, filled):
        return "codes"
    return "text"


def number(value: str):
    """``value`` as an int or float when it is one (decimal comma ``4,5`` too), else
    ``None``. ``1,234`` stays text: three digits after a comma are a thousands separator."""
    text = value.strip().replace("\u00a0", " ")
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+\.\d+|[+-]?\d+(?:\.\d+)?[eE][+-]?\d+", text):
        return float(text)
    if re.fullmatch(r"[+-]?\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    return None


def typed(value: str):
    """A table cell as an attribute: a number stays a number (so attributes sort and plot
    naturally, :func:`number`), an empty cell is missing (``None``), anything else is text."""
    value = value.strip()
    if not value:
        return None
    found = number(value)
    return value if found is None else found
