"""Guess a study's language from its text when ``study.yaml`` says ``auto``.

Scores each candidate language by the share of words that are in spaCy's stop-word list for it:
function words identify a language reliably on a few hundred words, and the lists ship with
spaCy (no download, no dictionary loading).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import import_module

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
