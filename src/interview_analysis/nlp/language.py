"""Guess a study's language from its text when ``study.yaml`` says ``auto``."""
from __future__ import annotations

import simplemma

#: Languages tried by detection: those simplemma lemmatises that theme interviews are
#: most often done in around the Nordics and Europe.
CANDIDATES = ("fi", "en", "sv", "de", "fr", "es", "et", "nl", "it", "da", "nb", "pt", "pl")


def detect_language(texts: list[str], default: str = "en") -> str:
    """Return the most likely language code for a sample of the texts."""
    sample = " ".join(t[:3000] for t in texts[:50])
    if not sample.strip():
        return default
    scores = simplemma.langdetect(sample, lang=CANDIDATES)
    best, share = scores[0]
    return best if best != "unk" and share > 0.2 else default
