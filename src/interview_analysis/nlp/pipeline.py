"""Tokenise canonical texts with a blank spaCy pipeline (rule-based, no model download).

A trained pipeline is never required; tokenisation and sentence boundaries are rule-based, and
lemmas come from :mod:`interview_analysis.nlp.lemmas`.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=16)
def blank_pipeline(lang: str):
    """A blank spaCy pipeline for ``lang`` (falls back to the multi-language ``xx``)."""
    import spacy  # here, not at the top: a study whose tokens are cached never loads spaCy
    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    # Only the tokenizer runs (no parser or NER), so long transcripts are safe.
    nlp.max_length = 10**9
    return nlp


#: Texts longer than this (characters) are tokenised in pieces cut at whitespace: the tokens
#: are the same (spaCy never joins across whitespace), and memory stays bounded by the piece.
CHUNK_CHARS = 1_000_000


def text_pieces(text: str, size: int = CHUNK_CHARS):
    """``(offset, piece)`` of ``text`` cut after whitespace, each about ``size`` long."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end  # a piece without spaces is cut anyway
        yield start, text[start:end]
        start = end


def _piece_array(nlp, offset: int, piece: str) -> np.ndarray:
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER
    doc = nlp.make_doc(piece)
    if len(doc) == 0:
        return np.zeros((0, 3), np.uint64)
    arr = doc.to_array([IDX, LENGTH, LOWER, IS_SPACE, IS_PUNCT])
    arr = arr[(arr[:, 3] == 0) & (arr[:, 4] == 0)][:, :3]
    arr[:, 0] += np.uint64(offset)
    return arr


def tokenize_encoded(text: str, lang: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Word tokens of ``text`` as ``(starts, ends, codes, forms)``: ``forms[codes[i]]`` is the
    lower-cased form of token ``i``; each distinct form is listed once, in order of first use.

    Whitespace and punctuation tokens are dropped. Offsets are character offsets into ``text``.
    Time and memory grow linearly with the text (a long text is tokenised in pieces).
    """
    nlp = blank_pipeline(lang)
    parts = [_piece_array(nlp, offset, piece) for offset, piece in text_pieces(text)]
    arr = np.concatenate(parts) if parts else np.zeros((0, 3), np.uint64)
    if len(arr) == 0:
        return (np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int32), [])
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


def word_count(text: str) -> int:
    """Whitespace-separated words of ``text``, counted piece by piece (a 100 MB text does not
    become a list of 20 million strings)."""
    return sum(len(piece.split()) for _, piece in text_pieces(text))


def tokenize(text: str, lang: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Word tokens of ``text``: start offsets, end offsets and lower-cased forms.

    Whitespace and punctuation tokens are dropped. Offsets are character offsets into ``text``.
    """
    starts, ends, codes, forms = tokenize_encoded(text, lang)
    return starts.astype(np.int64), ends.astype(np.int64), [forms[c] for c in codes.tolist()]
