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


def tokenize_encoded(text: str, lang: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Word tokens of ``text`` as ``(starts, ends, codes, forms)``: ``forms[codes[i]]`` is the
    lower-cased form of token ``i``; each distinct form is listed once, in order of first use.

    Whitespace and punctuation tokens are dropped. Offsets are character offsets into ``text``.
    """
    nlp = blank_pipeline(lang)
    doc = nlp.make_doc(text)
    if len(doc) == 0:
        return (np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int32), [])
    arr = doc.to_array([IDX, LENGTH, LOWER, IS_SPACE, IS_PUNCT])
    arr = arr[(arr[:, 3] == 0) & (arr[:, 4] == 0)]
    # Strings are looked up once per distinct form, not once per token.
    hashes, first, codes = np.unique(arr[:, 2], return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    strings = nlp.vocab.strings
    forms = [strings[int(h)] for h in hashes[order]]
    starts = arr[:, 0].astype(np.int32)
    return (starts, starts + arr[:, 1].astype(np.int32), rank[codes.ravel()].astype(np.int32),
            forms)


def tokenize(text: str, lang: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Word tokens of ``text``: start offsets, end offsets and lower-cased forms.

    Whitespace and punctuation tokens are dropped. Offsets are character offsets into ``text``.
    """
    starts, ends, codes, forms = tokenize_encoded(text, lang)
    return starts.astype(np.int64), ends.astype(np.int64), [forms[c] for c in codes.tolist()]
