"""Tokenise canonical texts with a blank spaCy pipeline (rule-based, no model download).

A trained pipeline is never required; tokenisation and sentence boundaries are rule-based, and
lemmas come from :mod:`interview_analysis.nlp.lemmas`.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER


@lru_cache(maxsize=16)
def blank_pipeline(lang: str):
    """A blank spaCy pipeline for ``lang`` (falls back to the multi-language ``xx``)."""
    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    # Only the tokenizer runs (no parser or NER), so long transcripts are safe.
    nlp.max_length = 10**9
    return nlp



def tokenize(text: str, lang: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Word tokens of ``text``: start offsets, end offsets and lower-cased forms.

    Whitespace and punctuation tokens are dropped. Offsets are character offsets into ``text``.
    """
    nlp = blank_pipeline(lang)
    doc = nlp.make_doc(text)
    if len(doc) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), []
    arr = doc.to_array([IDX, LENGTH, LOWER, IS_SPACE, IS_PUNCT])
    keep = (arr[:, 3] == 0) & (arr[:, 4] == 0)
    arr = arr[keep]
    strings = nlp.vocab.strings
    forms = [strings[int(h)] for h in arr[:, 2]]
    starts = arr[:, 0].astype(np.int64)
    return starts, starts + arr[:, 1].astype(np.int64), forms
