"""The one catalogue of user-facing words, in Finnish and English.

Every sentence, label, heading, unit and number word the report, the figures, the tables and
the notebooks show comes from here; analysis code returns data and never prose. Each language
is a module (:mod:`.en`, :mod:`.fi`) with the same sections:

=============  ================================================================================
``REPORT``     headings, table headers and sentences of the report documents
``FIGURE``     axis labels, legends and captions of figures
``FACTS``      method facts (COREQ items)
``AGREEMENT``  templates of the agreement sentences ("All five interviewees were …")
``SIDES``      a stance as a side ("for", "against"; "myönteisesti")
``NUMBERS``    number words one to twenty
``THEME``      theme sentences and quotation marks
``SATURATION`` saturation stopping-rule results
``METHOD``     sentences of the draft method paragraph
``ATTRIBUTES`` names of well-known case attributes (``interview_mode`` → "Haastattelutapa")
``ATTRIBUTE_VALUES`` well-known attribute values (``email`` → "sähköposti")
``SPEAKERS``   the speaker table of the method section (roles, how a role was decided)
=============  ================================================================================

Add a language by adding a module with the same names and listing it in :data:`LANGUAGES`.

Examples
--------
>>> word("themes", "fi"), label("positive", "en"), count_phrase(4, 5, "fi")
('Tulokset teemoittain', 'Positive', 'Neljä viidestä haastateltavasta')
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import import_module
from types import ModuleType

from ..domain import CONSENSUS, VIEWS

#: Languages with a catalogue; every other language falls back to English.
LANGUAGES = ("en", "fi")
_MODULES: dict[str, ModuleType] = {}


def language(lang: str | None) -> str:
    """The catalogue language for ``lang``: ``fi`` or ``en`` (anything else falls back to
    English)."""
    return lang if lang in LANGUAGES else "en"


#: Quotation marks inside quotation marks: English ‘…’, Finnish ’…’.
_INNER_QUOTES = {"en": ("‘", "’"), "fi": ("’", "’")}
_DOUBLE_QUOTED = re.compile(r'["“”]([^"“”]*)["“”]')


def inner_quotes(text: str, lang: str | None = "en") -> str:
    """``text`` as it is set inside the report's quotation marks: its own double quotes become
    single ones.

    >>> inner_quotes('"Is everything OK" message', "en")
    '‘Is everything OK’ message'
    """
    opening, closing = _INNER_QUOTES[language(lang)]
    return _DOUBLE_QUOTED.sub(lambda m: f"{opening}{m.group(1)}{closing}", text)


def catalogue(lang: str | None) -> ModuleType:
    """The language module (:mod:`.en` or :mod:`.fi`) for ``lang``."""
    lang = language(lang)
    if lang not in _MODULES:
        _MODULES[lang] = import_module(f".{lang}", __name__)
    return _MODULES[lang]


def section(name: str, lang: str | None):
    """One section of the catalogue (``"REPORT"``, ``"FIGURE"``, …) in ``lang``."""
    return getattr(catalogue(lang), name)


def _format(text: str, values: Mapping) -> str:
    return text.format(**values) if values else text


def word(key: str, lang: str | None = "en", **values) -> str:
    """A report word or sentence in ``lang``, formatted with ``values``."""
    return _format(section("REPORT", lang)[key], values)


def label(key: str, lang: str | None = "en", **values) -> str:
    """A figure word (axis, legend, caption) in ``lang``, formatted with ``values``."""
    return _format(section("FIGURE", lang)[key], values)


def attribute_word(name: object, lang: str | None = "en") -> str | None:
    """The catalogue's name of a well-known case attribute (``founded`` → ``Perustettu``), or
    ``None``; a study's own labels (``attributes:`` in ``study.yaml``) come first."""
    return section("ATTRIBUTES", lang).get(str(name).strip().casefold())


def attribute_value_word(value: object, lang: str | None = "en") -> str | None:
    """The catalogue's word for a well-known attribute value (``email`` → ``sähköposti``), or
    ``None``."""
    return section("ATTRIBUTE_VALUES", lang).get(str(value).strip().casefold())


def consensus_word(value: str, lang: str | None = "en") -> str:
    """The consensus label (``strong majority``) in ``lang``."""
    names = dict(zip(CONSENSUS, word("consensus_words", lang).split("|")))
    return names.get(str(value), str(value))


def stance_word(stance: object, lang: str | None = "en") -> str:
    """A stance as an adjective in running text (``positive``, ``myönteinen``); empty for none."""
    return word(stance, lang).lower() if isinstance(stance, str) and stance else ""


def side_word(stance: str, lang: str | None = "en") -> str:
    """A stance as a side: ``for``/``against``/``mixed``/``no view`` (``myönteisesti`` …)."""
    return section("SIDES", lang)[stance]


def percent(share: float, lang: str | None = "en", digits: int = 0) -> str:
    """``40 %`` with a space before the sign (SI and Finnish style), comma decimals in fi."""
    text = f"{share * 100:.{digits}f}"
    if language(lang) == "fi":
        text = text.replace(".", ",")
    return f"{text} %"


def decimal(value: float, lang: str | None, digits: int = 2) -> str:
    """A number with the decimal separator of ``lang`` (comma in Finnish)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language(lang) == "fi" else text


def number_word(n: int, lang: str | None = "en") -> str:
    """A count in words up to twenty, in digits above (style guides for both languages).

    Examples
    --------
    >>> number_word(4), number_word(4, "fi"), number_word(25)
    ('four', 'neljä', '25')
    """
    words = section("NUMBERS", lang)
    return words[n - 1] if 1 <= n <= 20 else str(n)


def _elative_fi(n: int) -> str:
    """``viidestä``, ``25:stä``: "of n" in Finnish, the ending after a colon above twenty
    in the vowel harmony of the spoken number."""
    fi = catalogue("fi")
    if 1 <= n <= 20:
        return fi.ELATIVES[n - 1]
    if n % 10:
        ending = "sta" if 11 <= n % 100 <= 19 else fi.ELATIVE_SUFFIX[n % 10]
    else:
        ending = "stä" if n % 100 else "sta"  # kymmenestä vs sadasta, tuhannesta
    return f"{n}:{ending}"


def counted(k: int, n: int, lang: str | None = "en") -> tuple[str, bool]:
    """The subject phrase for ``k`` of ``n`` interviewees and whether its verb is plural."""
    if language(lang) == "fi":
        if k == n and n == 2:
            return "molemmat haastateltavat", True
        if k == n and n > 2:
            return f"kaikki {number_word(n, 'fi')} haastateltavaa", True
        return f"{number_word(k, 'fi')} {_elative_fi(n)} haastateltavasta", False
    if k == n and n == 2:
        return "both interviewees", True
    if k == n and n > 2:
        return f"all {number_word(n)} interviewees", True
    return f"{number_word(k)} of the {number_word(n)} interviewees", k != 1


def count_phrase(k: int, n: int, lang: str | None = "en") -> str:
    """``"All five interviewees"``, ``"Four of the five interviewees"``, ``"Neljä viidestä
    haastateltavasta"`` — capitalised to start a sentence.

    Examples
    --------
    >>> count_phrase(5, 5), count_phrase(4, 5, "fi"), count_phrase(21, 25)
    ('All five interviewees', 'Neljä viidestä haastateltavasta', '21 of the 25 interviewees')
    """
    phrase = counted(k, n, lang)[0]
    return phrase[:1].upper() + phrase[1:]


def summary_text(sides: Mapping[str, list[str]], lang: str | None = "en") -> str:
    """``"H1 for; H3, H4 against; H2, H5 mixed"`` from ``{stance: [cases]}``."""
    return "; ".join(f"{', '.join(sides[s])} {side_word(s, lang)}"
                     for s in (*VIEWS, "varied") if sides.get(s))
