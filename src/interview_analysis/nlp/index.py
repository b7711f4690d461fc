"""The corpus as columnar token arrays: what rule coding and concordances run on.

Tokens are stored once per document (cached on disk by content hash and NLP settings, as
Parquet) and mapped to passages and sentences of whatever unit the corpus uses. The finished
index (token arrays, vocabulary and lemmas) is cached too, keyed by every document's content key
and the passage layout, so a study that is loaded again reads one file instead of re-running
NLP. Rule matching then works on integer arrays over the vocabulary, not on the text, so
re-coding after a codebook edit does not re-run NLP.

The first pass over many uncached documents is spread over a process pool.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..base.progress import progress
from .lemmas import Lemmatizer
from .sentences import sentence_spans
from .tokens import TokenCache, cache_key, nlp_version, tokenize_all


@dataclass
class TokenIndex:
    """Token arrays of a corpus.

    Attributes
    ----------
    vocab:
        Lower-cased word forms; ``form_id`` indexes into it.
    lemmas:
        Lemma of each vocabulary form.
    form_id, doc, start, end, passage, sentence:
        One entry per token (``int32``). ``passage`` is the row number in the corpus' passages
        table (``-1`` outside every passage, e.g. a ``Speaker:`` label); ``sentence`` a global
        sentence number.
    key:
        Content key of the index (texts, passage layout, NLP and lemmatiser versions).
    """

    lang: str
    vocab: np.ndarray
    lemmas: np.ndarray
    form_id: np.ndarray
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    passage: np.ndarray
    sentence: np.ndarray
    lemmatizer: Lemmatizer
    key: str = ""
    _postings: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def n_tokens(self) -> int:
        return len(self.form_id)

    def form_positions(self, forms: np.ndarray) -> np.ndarray:
        """Sorted token positions whose form is one of ``forms`` (vocabulary IDs).

        Uses an inverted index (tokens sorted by form, built once), so the cost grows with the
        number of hits, not with the corpus.
        """
        if self._postings is None:
            order = np.argsort(self.form_id, kind="stable").astype(np.int64)
            counts = np.bincount(self.form_id, minlength=len(self.vocab))
            self._postings = (order, np.concatenate([[0], np.cumsum(counts)]))
        order, bounds = self._postings
        forms = np.asarray(forms, np.int64)
        if not len(forms):
            return np.zeros(0, np.int64)
        parts = [order[bounds[f]:bounds[f + 1]] for f in forms.tolist()]
        return np.sort(np.concatenate(parts))


@lru_cache(maxsize=4)
def _lemmatizer_version(lang: str) -> str:
    """Versions the cached lemmas depend on: the lemmatiser code and its data packages."""
    from importlib import metadata

    from . import lemmas
    parts = [hashlib.sha256(Path(lemmas.__file__).read_bytes()).hexdigest()[:12]]
    for package in ("simplemma", "spacy-lookups-data", "libvoikko"):
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    return ";".join(parts)


def _index_key(keys: list[str], passages: pd.DataFrame, documents: list[str], lang: str,
               lemmatizer: Lemmatizer) -> str:
    digest = hashlib.sha256(f"{nlp_version()}\0{lang}\0{lemmatizer.backend}\0"
                            f"{_lemmatizer_version(lang)}\0".encode())
    digest.update("\0".join(keys).encode())
    doc_codes = pd.Categorical(passages["document"], categories=documents).codes
    for column in (np.asarray(doc_codes, np.int64), passages["start"].to_numpy(np.int64),
                   passages["end"].to_numpy(np.int64)):
        digest.update(np.ascontiguousarray(column).tobytes())
    return digest.hexdigest()[:32]


def _sentence_starts(text: str, p_start: np.ndarray, p_end: np.ndarray) -> np.ndarray:
    """Start offsets of every sentence inside the passages (in passage order)."""
    starts = [s for s, e in zip(p_start.tolist(), p_end.tolist())
              for s, _ in sentence_spans(text, s, e)]
    return np.asarray(starts, np.int64)


def _map_document(starts: np.ndarray, text: str, p_start: np.ndarray, p_end: np.ndarray,
                  rows: np.ndarray, sentence_base: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Passage row and global sentence number of each token of one document, given the
    document's passages (starts, ends and row numbers, in row order)."""
    passage_no = np.full(len(starts), -1, np.int32)
    sentence_no = np.full(len(starts), -1, np.int32)
    if not len(rows) or not len(starts):
        return passage_no, sentence_no, 0
    order = np.argsort(p_start, kind="stable")
    pos = np.searchsorted(p_start[order], starts, side="right") - 1
    inside = (pos >= 0) & (starts < p_end[order][np.clip(pos, 0, None)])
    passage_no[inside] = rows[order][pos[inside]]
    s_starts = _sentence_starts(text, p_start, p_end)
    s_pos = np.searchsorted(s_starts, starts, side="right") - 1
    sentence_no[:] = np.where(inside & (s_pos >= 0), s_pos + sentence_base, -1)
    return passage_no, sentence_no, len(s_starts)


def _passages_by_document(passages: pd.DataFrame, documents: list[str]):
    """Per document: its passages' starts, ends and row numbers (numpy slices, row order)."""
    codes = np.asarray(pd.Categorical(passages["document"], categories=documents).codes,
                       np.int64)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(documents) + 1))
    p_start = passages["start"].to_numpy(np.int64)[order]
    p_end = passages["end"].to_numpy(np.int64)[order]
    for d in range(len(documents)):
        lo, hi = bounds[d], bounds[d + 1]
        yield p_start[lo:hi], p_end[lo:hi], order[lo:hi]


def build_index(texts: dict[str, str], passages: pd.DataFrame, lang: str,
                cache: TokenCache | None = None, lemmatizer: Lemmatizer | None = None,
                n_process: int | None = None) -> TokenIndex:
    """Tokenise every document and map tokens to passages and sentences.

    Parameters
    ----------
    texts:
        ``{document: canonical text}``.
    passages:
        The corpus' passages (``document``, ``start``, ``end``); row numbers become passage
        numbers.
    lang:
        Language code.
    cache:
        Where tokenised documents and finished indexes are cached (``None``: no cache).
    lemmatizer:
        Default: a :class:`Lemmatizer` for ``lang``.
    n_process:
        Processes for the first pass over uncached documents (default: all cores when there
        are more than about 300,000 words to tokenise, else 1).
    """
    lemmatizer = lemmatizer or Lemmatizer(lang)
    documents = list(texts)
    values = list(texts.values())
    keys = [cache_key(t, lang) for t in values]
    key = _index_key(keys, passages, documents, lang, lemmatizer)
    stored = cache.load_index(key) if cache is not None else None
    if stored is not None:
        return TokenIndex(lang, stored["vocab"], stored["lemmas"], stored["form_id"],
                          stored["doc"], stored["start"], stored["end"], stored["passage"],
                          stored["sentence"], lemmatizer, key)
    encoded = tokenize_all(values, keys, lang, cache, n_process)
    vocab_ids: dict[str, int] = {}
    parts: dict[str, list[np.ndarray]] = {k: [] for k in
                                          ("form", "doc", "start", "end", "passage", "sentence")}
    sentence_base = 0
    for doc_no, (text, (starts, ends, codes, forms), (p_start, p_end, rows)) in enumerate(
            progress(zip(values, encoded, _passages_by_document(passages, documents)),
                     "mapping passages", len(documents), unit="doc")):
        lut = np.fromiter((vocab_ids.setdefault(f, len(vocab_ids)) for f in forms), np.int32,
                          len(forms))
        passage_no, sentence_no, n_sentences = _map_document(starts, text, p_start, p_end,
                                                             rows, sentence_base)
        sentence_base += n_sentences
        for name, value in (("form", lut[codes] if len(codes) else codes),
                            ("doc", np.full(len(codes), doc_no, np.int32)), ("start", starts),
                            ("end", ends), ("passage", passage_no), ("sentence", sentence_no)):
            parts[name].append(np.asarray(value, np.int32))
    vocab = np.array(list(vocab_ids), dtype=object)
    lemmas = np.array([lemmatizer.lemma(f) for f in progress(vocab, "lemmatising",
                                                             unit="form")], dtype=object)
    cat = {k: (np.concatenate(v) if v else np.zeros(0, np.int32)) for k, v in parts.items()}
    index = TokenIndex(lang, vocab, lemmas, cat["form"], cat["doc"], cat["start"], cat["end"],
                       cat["passage"], cat["sentence"], lemmatizer, key)
    if cache is not None:
        cache.store_index(index, keys)
    return index
