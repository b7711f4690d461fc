"""Guess a study's language from its text when ``study.yaml`` says ``auto``.

Scores each candidate language by the share of words that are in spaCy's stop-word list for it:
function words identify a language reliably on a few hundred words, and the lists ship with
spaCy (no download, no dictionary loading).
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from importlib import import_module
from pathlib import Path

#: Languages tried: those theme interviews are most often done in around the Nordics and Europe.
CANDIDATES = ("fi", "en", "sv", "de", "fr", "es", "et", "nl", "it", "da", "nb", "pt", "pl")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    try:
        return frozenset(import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)
    except (ImportError, AttributeError):
        return frozenset()


def detect_language(texts: list[str], default: str = "en") -> str:
    """Return the most likely language code for a sample of the texts."""
    words = [w.lower() for t in texts[:50] for w in _WORD.findall(t[:5000])]
    if len(words) < 5:
        return default
    scores = {lang: sum(w in _stop_words(lang) for w in words) / len(words)
              for lang in CANDIDATES}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 0.1 else default


@lru_cache(maxsize=1)
def spacy_languages() -> frozenset[str]:
    """Language codes spaCy has a blank pipeline for (``fi``, ``en``, ..., ``xx``: any).

    Read from spaCy's ``lang`` folder without importing spaCy (that takes a second).
    """
    spec = importlib.util.find_spec("spacy")
    folders = [Path(p) / "lang" for p in (spec.submodule_search_locations or [])] if spec else []
    return frozenset(p.name for folder in folders if folder.is_dir() for p in folder.iterdir()
                     if p.is_dir() and p.name.isalpha() and p.name.islower())


def is_known_language(code: object, allow_auto: bool = True) -> bool:
    """Is ``code`` a language code the toolkit can tokenise (or ``auto``)?"""
    if not isinstance(code, str):
        return False
    if allow_auto and code == "auto":
        return True
    known = spacy_languages()
    if not known:  # spaCy's folder not found: accept any plausible code
        return code.isalpha() and 2 <= len(code) <= 3
    return code in known


def language_fix(allow_auto: bool = True) -> str:
    """The "use one of" advice for an unknown language code."""
    return ("use a language code such as fi or en" + (", or auto to detect it" if allow_auto
                                                       else "") + "; known codes: "
            + ", ".join(sorted(spacy_languages())))
