"""The corpus as columnar token arrays: what rule coding and concordances run on.

Tokens are stored once per document (cached on disk by content hash and NLP settings, as
Parquet) and mapped to passages and sentences of whatever unit the corpus uses. Rule matching
then works on integer arrays over the vocabulary, not on the text, so re-coding after a codebook
edit does not re-run NLP.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .lemmas import Lemmatizer
from .pipeline import tokenize
from .sentences import sentence_spans

#: Bump when tokenisation changes, so old caches are not reused.
NLP_VERSION = "1"


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
        One entry per token. ``passage`` is the row number in the corpus' passages table
        (``-1`` outside every passage, e.g. a ``Speaker:`` label); ``sentence`` a global
        sentence number.
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

    @property
    def n_tokens(self) -> int:
        return len(self.form_id)


def _cache_key(text: str, lang: str) -> str:
    digest = hashlib.sha256(f"{NLP_VERSION}\0{lang}\0".encode() + text.encode("utf-8"))
    return digest.hexdigest()[:32]


class TokenCache:
    """Tokenised documents on disk, one Parquet file per (text, language, NLP version)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path | None:
        return self.folder / f"tokens-{key}.parquet" if self.folder else None

    def load(self, key: str):
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException):
            return None  # a damaged cache file is simply recomputed
        return (table.column("start").to_numpy(), table.column("end").to_numpy(),
                table.column("form").to_pylist())

    def store(self, key: str, starts, ends, forms) -> None:
        path = self._path(key)
        if path is None:
            return
        from ..io.atomic import atomic_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            table = pa.table({"start": starts, "end": ends,
                              "form": pa.array(forms, pa.string()).dictionary_encode()})
            with atomic_path(path) as tmp:
                pq.write_table(table, tmp)
        except OSError:
            pass  # a read-only study folder: work without a cache


def document_tokens(text: str, lang: str, cache: TokenCache | None = None):
    """``(starts, ends, forms)`` of one document, from the cache when possible."""
    key = _cache_key(text, lang)
    if cache is not None:
        hit = cache.load(key)
        if hit is not None:
            return hit
    starts, ends, forms = tokenize(text, lang)
    if cache is not None:
        cache.store(key, starts, ends, forms)
    return starts, ends, forms


def _sentence_ids(passages: pd.DataFrame, text_of) -> tuple[np.ndarray, np.ndarray]:
    """Start offsets and document number of every sentence inside the passages."""
    starts, docs = [], []
    for doc_no, (doc, group) in enumerate(passages.groupby("document", sort=False)):
        text = text_of(doc)
        for s, e in zip(group["start"], group["end"]):
            for s2, _ in sentence_spans(text, int(s), int(e)):
                starts.append(s2)
                docs.append(doc_no)
    return np.asarray(starts, np.int64), np.asarray(docs, np.int64)


def build_index(texts: dict[str, str], passages: pd.DataFrame, lang: str,
                cache: TokenCache | None = None, lemmatizer: Lemmatizer | None = None
                ) -> TokenIndex:
    """Tokenise every document and map tokens to passages and sentences."""
    lemmatizer = lemmatizer or Lemmatizer(lang)
    vocab_ids: dict[str, int] = {}
    parts = {k: [] for k in ("form", "doc", "start", "end", "passage", "sentence")}
    by_doc = {d: g for d, g in passages.reset_index(drop=True).reset_index().groupby(
        "document", sort=False)}
    sentence_base = 0
    for doc_no, (doc, text) in enumerate(texts.items()):
        starts, ends, forms = document_tokens(text, lang, cache)
        ids = np.fromiter((vocab_ids.setdefault(f, len(vocab_ids)) for f in forms),
                          np.int64, len(forms))
        group = by_doc.get(doc)
        passage_no = np.full(len(ids), -1, np.int64)
        sentence_no = np.full(len(ids), -1, np.int64)
        if group is not None and len(ids):
            p_start = group["start"].to_numpy(np.int64)
            p_end = group["end"].to_numpy(np.int64)
            order = np.argsort(p_start, kind="stable")
            pos = np.searchsorted(p_start[order], starts, side="right") - 1
            inside = (pos >= 0) & (starts < p_end[order][np.clip(pos, 0, None)])
            passage_no[inside] = group["index"].to_numpy()[order][pos[inside]]
            s_starts, _ = _sentence_ids(group, lambda _d: text)
            s_pos = np.searchsorted(s_starts, starts, side="right") - 1
            sentence_no = np.where(inside & (s_pos >= 0), s_pos + sentence_base, -1)
            sentence_base += len(s_starts)
        for key, value in (("form", ids), ("doc", np.full(len(ids), doc_no)), ("start", starts),
                           ("end", ends), ("passage", passage_no), ("sentence", sentence_no)):
            parts[key].append(np.asarray(value, np.int64))
    vocab = np.array(list(vocab_ids), dtype=object)
    lemmas = np.array([lemmatizer.lemma(f) for f in vocab], dtype=object)
    cat = {k: (np.concatenate(v) if v else np.zeros(0, np.int64)) for k, v in parts.items()}
    return TokenIndex(lang, vocab, lemmas, cat["form"], cat["doc"], cat["start"], cat["end"],
                      cat["passage"], cat["sentence"], lemmatizer)
