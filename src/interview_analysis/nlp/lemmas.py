"""Lemmas and compound parts of word forms, from installed packages only (no downloads).

English uses spaCy's lookup table (spacy-lookups-data) when installed; Finnish and the other
languages simplemma covers use simplemma. An installed Voikko is used for Finnish when present.
Every form is analysed once per process (results are cached), so coding cost grows with the
vocabulary, not with the corpus.
"""
from __future__ import annotations

import re
from functools import lru_cache

import simplemma

#: Languages that write compounds as one word, where a term may be a compound part.
COMPOUNDING = {"fi", "et", "de", "sv", "nl", "da", "nb", "nn", "no", "is", "hu"}

# Finnish case endings and common derivations, longest first, optionally with a possessive
# suffix or clitic. Used when simplemma does not know a form (brand names, new compounds):
# "Teamsissa", "CRM:ään", "WhatsAppilla", "sähköpostitse".
_FI_ENDINGS = sorted(set("""
a ä ta tä n en in an än on un yn hin han hen hon hun hyn hän hön seen siin
na nä ksi ssa ssä sta stä lla llä lta ltä lle tse tta ttä ne ineen
t ja jä ia iä ita itä in ien jen iden itten tten iin ihin isiin
issa issä ista istä illa illä ilta iltä ille ina inä iksi itse
ista istä ille ja jen je
""".split()), key=len, reverse=True)
_FI_CLITICS = ("kin", "kaan", "kään", "han", "hän", "pa", "pä", "ko", "kö", "ni", "si", "mme",
               "nne", "nsa", "nsä")
_FI_ENDING_RE = re.compile("^:?(?:" + "|".join(_FI_ENDINGS) + ")?(?:" + "|".join(_FI_CLITICS)
                           + ")?$")


def finnish_ending(rest: str) -> bool:
    """True when ``rest`` is an inflectional ending (with optional clitic) in Finnish."""
    return bool(_FI_ENDING_RE.match(rest))


@lru_cache(maxsize=32)
def _english_table():
    try:
        from spacy.lookups import load_lookups
        return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    except (ImportError, ValueError, KeyError, OSError):
        return None


@lru_cache(maxsize=8)
def _voikko():
    try:
        import libvoikko  # type: ignore[import-not-found]
        return libvoikko.Voikko("fi")
    except Exception:  # Voikko is optional; any failure means: not available.
        return None


class Lemmatizer:
    """Lemma, known-word and compound analysis for one language.

    Parameters
    ----------
    lang:
        Language code (``fi``, ``en``, ...).
    use_voikko:
        Use Voikko for Finnish when it is installed.
    """

    def __init__(self, lang: str, use_voikko: bool = True) -> None:
        self.lang = lang
        self.compounding = lang in COMPOUNDING
        self._table = _english_table() if lang == "en" else None
        self._voikko = _voikko() if (lang == "fi" and use_voikko) else None
        self._simplemma_ok = lang in simplemma.utils.SUPPORTED_LANGUAGES if hasattr(
            simplemma, "utils") and hasattr(simplemma.utils, "SUPPORTED_LANGUAGES") else True
        self._cache: dict[str, str] = {}

    @property
    def backend(self) -> str:
        """Which lemmatiser is used: ``voikko``, ``spacy-lookups`` or ``simplemma``."""
        if self._voikko is not None:
            return "voikko"
        return "spacy-lookups" if self._table is not None else "simplemma"

    def lemma(self, form: str) -> str:
        """The lemma of a lower-cased word form."""
        cached = self._cache.get(form)
        if cached is None:
            cached = self._cache[form] = self._lemma(form)
        return cached

    def _lemma(self, form: str) -> str:
        if self._voikko is not None:
            analyses = self._voikko.analyze(form)
            if analyses:
                return analyses[0].get("BASEFORM", form).lower()
        if self._table is not None:
            return self._table.get(form, form).lower()
        try:
            lemma = simplemma.lemmatize(form, lang=self.lang).lower()
        except (ValueError, KeyError):
            return form
        if self.lang == "fi" and lemma != form and not simplemma.is_known(form, lang="fi"):
            # For words outside its dictionary simplemma guesses by cutting the word; a guess
            # that cuts off more than an inflectional ending drops the head of a compound
            # ("kehitysidea" -> "kehitys"), so the form itself is the safer lemma.
            if not (form.startswith(lemma) and finnish_ending(form[len(lemma):])):
                return self._compound_lemma(form)
        return lemma

    def _compound_lemma(self, form: str) -> str:
        """Lemma of an unknown compound: its modifier plus the lemma of its longest known head
        ("aamiaistilaisuudet" -> "aamiais" + "tilaisuus")."""
        for i in range(3, len(form) - 3):
            head = form[i:]
            if simplemma.is_known(head, lang=self.lang):
                return form[:i] + simplemma.lemmatize(head, lang=self.lang).lower()
        return form

    def is_known(self, word: str) -> bool:
        """True when the lexicon knows ``word`` (used to accept compound splits)."""
        if self._voikko is not None:
            return bool(self._voikko.analyze(word))
        try:
            return simplemma.is_known(word, lang=self.lang) or (
                self.lemma(word) != word and len(word) > 3)
        except (ValueError, KeyError):
            return False
