"""Lemmas and compound parts of word forms, from installed packages only (no downloads).

English uses spaCy's lookup table (spacy-lookups-data) when installed; Finnish and the other
languages simplemma covers use simplemma. An installed Voikko is used for Finnish when present.
Every form is analysed once per process (results are cached), so coding cost grows with the
vocabulary, not with the corpus.
"""
from __future__ import annotations

import gzip
import json
import mmap
import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path


from ..errors import CacheDamaged, InternalError


@lru_cache(maxsize=1)
def _simplemma_module():
    """simplemma, imported when a word is first looked up in it (its rules for every language
    take a fifth of a second to import; an English study with spaCy's lookup table, or a
    re-code answered from the caches, never needs it)."""
    import simplemma
    return simplemma


class _SortedLexicon:
    """simplemma's dictionary for one language as sorted keys and values in memory-mapped
    files: opening it takes milliseconds, where decoding simplemma's compressed dictionary
    takes 5–10 s and ~0.5 GB for Finnish in every new process. Lookups bisect the keys."""

    def __init__(self, folder: Path) -> None:
        self._maps = {}
        for name in ("keys", "keys.off", "values", "values.off"):
            with open(folder / name, "rb") as f:
                self._maps[name] = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        self._keys, self._values = self._maps["keys"], self._maps["values"]
        self._key_off = memoryview(self._maps["keys.off"]).cast("q")
        self._value_off = memoryview(self._maps["values.off"]).cast("q")
        self._n = len(self._key_off) - 1
        if (self._n < 0 or len(self._value_off) != self._n + 1
                or self._key_off[self._n] != len(self._keys)
                or self._value_off[self._n] != len(self._values)):
            raise CacheDamaged(f"damaged lexicon files in {folder}")

    def lookup(self, key: str) -> str | None:
        target = key.encode()
        keys, off = self._keys, self._key_off
        lo, hi = 0, self._n
        while lo < hi:
            mid = (lo + hi) >> 1
            if keys[off[mid]:off[mid + 1]] < target:
                lo = mid + 1
            else:
                hi = mid
        if lo < self._n and keys[off[lo]:off[lo + 1]] == target:
            return self._values[self._value_off[lo]:self._value_off[lo + 1]].decode()
        return None

    @staticmethod
    def write(folder: Path, dictionary: dict[bytes, bytes]) -> None:
        """Write ``dictionary`` sorted, atomically (a folder renamed into place)."""
        import numpy as np

        keys = sorted(dictionary)
        values = [dictionary[k] for k in keys]
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            for name, items in (("keys", keys), ("values", values)):
                (tmp / name).write_bytes(b"".join(items))
                lengths = np.fromiter(map(len, items), np.int64, len(items))
                offsets = np.concatenate([[0], np.cumsum(lengths)]).astype("<i8")
                (tmp / f"{name}.off").write_bytes(offsets.tobytes())
            os.replace(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _user_cache() -> Path:
    """The user's cache folder of this package (``$XDG_CACHE_HOME``, else ``~/.cache``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / \
        "interview-analysis"


def _lexicon_folder(lang: str) -> Path:
    version = getattr(_simplemma_module(), "__version__", "unknown")
    return _user_cache() / f"simplemma-{version}" / lang


class _FastSimplemma:
    """``simplemma.lemmatize`` and ``simplemma.is_known`` with the same results, backed by
    :class:`_SortedLexicon` (built once per machine in the user's cache folder). Falls back
    to simplemma itself when its internals differ or the cache cannot be written."""

    def __init__(self) -> None:
        self._lemmatizer = None
        self._lookup = None

    def __getattr__(self, name: str):
        return getattr(_simplemma_module(), name)

    def _setup(self) -> bool:
        if self._lookup is not None:
            return self._lookup is not False
        try:
            from simplemma.strategies import DefaultStrategy
            from simplemma.strategies.dictionaries.dictionary_factory import (
                CachingDictionaryFactory,
                DecodedStrMapping,
                _load_dictionary_from_disk,
            )
            from simplemma.strategies.dictionary_lookup import DictionaryLookupStrategy
            from simplemma.utils import normalize_token, validate_lang_input

            class Mapping(DecodedStrMapping):
                __slots__ = ("_lexicon",)

                def __init__(self, lexicon: _SortedLexicon) -> None:
                    self._lexicon = lexicon

                def _lookup(self, key: str) -> str | None:
                    return self._lexicon.lookup(key)

                def __iter__(self):
                    raise InternalError("the lexicon is looked up word by word, never iterated")

                def __len__(self) -> int:
                    return self._lexicon._n

            class Factory(CachingDictionaryFactory):
                def _get_dictionary_uncached(self, lang: str):
                    folder = _lexicon_folder(lang)
                    try:
                        return Mapping(_SortedLexicon(folder))
                    except (OSError, ValueError, CacheDamaged):
                        pass
                    dictionary = _load_dictionary_from_disk(lang)  # ValueError: unsupported
                    try:
                        _SortedLexicon.write(folder, dictionary)
                        return Mapping(_SortedLexicon(folder))
                    except (OSError, ValueError, CacheDamaged):
                        return {k.decode(): v.decode() for k, v in dictionary.items()}

            factory = Factory()
            self._lemmatizer = _simplemma_module().Lemmatizer(
                lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
            lookup = DictionaryLookupStrategy(factory)
            self._lookup = (lookup, normalize_token, validate_lang_input)
        except (ImportError, AttributeError, TypeError):
            self._lookup = False
        return self._lookup is not False

    def lemmatize(self, token: str, lang) -> str:
        if not self._setup():
            return _simplemma_module().lemmatize(token, lang=lang)
        return self._lemmatizer.lemmatize(token, lang)

    def is_known(self, token: str, lang) -> bool:
        if not self._setup():
            return _simplemma_module().is_known(token, lang=lang)
        lookup, normalize_token, validate_lang_input = self._lookup
        token = normalize_token(token)
        return any(lookup.get_lemma(token, code) is not None
                   for code in validate_lang_input(lang))


# Every ``simplemma.lemmatize``/``simplemma.is_known`` call below goes through the fast
# lexicon; all other attributes are simplemma's own.
simplemma = _FastSimplemma()


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


class _LookupTable:
    """A lemma lookup table (``form -> lemma``) read from a :class:`_SortedLexicon`."""

    def __init__(self, lexicon: _SortedLexicon) -> None:
        self._lexicon = lexicon

    def get(self, key: str, default: str | None = None) -> str | None:
        found = self._lexicon.lookup(key)
        return default if found is None else found


@lru_cache(maxsize=32)
def _english_table():
    """spaCy's English lemma lookup table from spacy-lookups-data, or ``None``.

    The table is read straight from the package's data file, without importing spaCy (a
    second of every English command's start-up), and kept as a :class:`_SortedLexicon` in the
    user's cache folder, so later processes open it in milliseconds.
    """
    try:
        import spacy_lookups_data
        source = Path(str(spacy_lookups_data.en["lemma_lookup"]))
        version = getattr(spacy_lookups_data, "__version__", "unknown")
    except (ImportError, AttributeError, KeyError, TypeError):
        return None
    folder = _user_cache() / f"spacy-lookups-data-{version}" / "en"
    try:
        return _LookupTable(_SortedLexicon(folder))
    except (OSError, ValueError, CacheDamaged):
        pass
    try:  # as spaCy reads it: the .json, else the .json.gz beside it
        if source.exists():
            table = json.loads(source.read_bytes())
        else:
            table = json.loads(gzip.decompress(source.with_name(source.name + ".gz")
                                               .read_bytes()))
    except (OSError, ValueError):
        return None
    try:
        _SortedLexicon.write(folder, {k.encode(): str(v).encode() for k, v in table.items()})
        return _LookupTable(_SortedLexicon(folder))
    except (OSError, ValueError, CacheDamaged):
        return table  # a dict answers .get() the same way


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
            rest = form[len(lemma):] if form.startswith(lemma) else None
            # The cut-off part must be an ending and not a word of its own: "asiakasilta" is
            # asiakas + ilta (evening), not the ablative of asiakas.
            if rest is None or not finnish_ending(rest) or (
                    len(rest) >= 3 and simplemma.is_known(rest, lang="fi")):
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
            return simplemma.is_known(word, lang=self.lang)
        except (ValueError, KeyError):
            return False
