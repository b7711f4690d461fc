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

import gc
import hashlib
import os
import sys
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .lemmas import Lemmatizer
from .pipeline import progress, tokenize_encoded
from .sentences import sentence_spans

#: Bump when tokenisation changes, so old caches are not reused (spaCy's own version is part
#: of every cache key too: a new tokenizer may cut words differently).
NLP_VERSION = "1"


def nlp_version() -> str:
    """:data:`NLP_VERSION` and the spaCy version: what the tokens of a text depend on."""
    import spacy
    return f"{NLP_VERSION}-spacy{spacy.about.__version__}"

#: Uncached text (characters) below which the first pass stays in this process: starting
#: worker processes costs about a second.
PARALLEL_MIN_CHARS = 2_000_000
#: Documents shorter than this (characters) get no token file of their own: for a survey of
#: short answers a file per answer costs more than tokenising it again. They are still in the
#: cached index of the study.
MIN_CACHED_CHARS = 2_000
#: Index files kept in a cache folder (one per unit and recent versions of the texts).
KEEP_INDEXES = 6

_BROKEN = (OSError, pa.ArrowException, KeyError, ValueError, IndexError, TypeError)


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


def _cache_key(text: str, lang: str) -> str:
    digest = hashlib.sha256(f"{nlp_version()}\0{lang}\0".encode() + text.encode("utf-8"))
    return digest.hexdigest()[:32]


def _encoded_table(starts, ends, codes, forms) -> pa.Table:
    dictionary = pa.DictionaryArray.from_arrays(pa.array(np.asarray(codes, np.int32)),
                                                pa.array(forms, pa.string()))
    return pa.table({"start": np.asarray(starts, np.int64), "end": np.asarray(ends, np.int64),
                     "form": dictionary})


def _decode_forms(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Per-token codes and the distinct forms of a (usually dictionary-encoded) column."""
    array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if not pa.types.is_dictionary(array.type):
        array = array.dictionary_encode()
    if array.null_count:
        raise ValueError("missing word forms")
    codes = array.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    forms = array.dictionary.to_pylist()
    if len(codes) and (codes.min() < 0 or codes.max() >= len(forms)):
        raise ValueError("form codes out of range")
    return codes, forms


class TokenCache:
    """Tokenised documents on disk, one Parquet file per (text, language, NLP version), and
    finished token indexes, one pair of Parquet files per index key.

    A damaged file is recomputed; a folder that cannot be written is worked around (no cache).
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None

    def _path(self, key: str) -> Path | None:
        return self.folder / f"tokens-{key}.parquet" if self.folder else None

    def load_encoded(self, key: str):
        """``(starts, ends, codes, forms)`` of a cached document, or ``None``."""
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            table = pq.read_table(path)
            starts = table.column("start").to_numpy().astype(np.int32)
            ends = table.column("end").to_numpy().astype(np.int32)
            codes, forms = _decode_forms(table.column("form"))
        except _BROKEN:
            return None  # a damaged cache file is simply recomputed
        if not len(starts) == len(ends) == len(codes):
            return None
        return starts, ends, codes, forms

    def load(self, key: str):
        """``(starts, ends, forms)`` of a cached document, or ``None``."""
        hit = self.load_encoded(key)
        if hit is None:
            return None
        starts, ends, codes, forms = hit
        return (starts.astype(np.int64), ends.astype(np.int64),
                [forms[c] for c in codes.tolist()])

    def _write(self, path: Path, table: pa.Table) -> bool:
        from ..io.atomic import atomic_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(path) as tmp:
                pq.write_table(table, tmp)
        except OSError:
            return False  # a read-only study folder: work without a cache
        return True

    def store_encoded(self, key: str, starts, ends, codes, forms) -> None:
        path = self._path(key)
        if path is not None:
            self._write(path, _encoded_table(starts, ends, codes, forms))

    def store(self, key: str, starts, ends, forms) -> None:
        ids: dict[str, int] = {}
        codes = np.fromiter((ids.setdefault(f, len(ids)) for f in forms), np.int32, len(forms))
        self.store_encoded(key, starts, ends, codes, list(ids))

    # -- whole indexes -------------------------------------------------------------------------
    def _index_paths(self, key: str) -> tuple[Path, Path] | None:
        if self.folder is None:
            return None
        return (self.folder / f"index-{key}.parquet",
                self.folder / f"index-{key}.vocab.parquet")

    def load_index(self, key: str) -> dict | None:
        """The arrays of a cached index (see :func:`build_index`), or ``None``."""
        paths = self._index_paths(key)
        if paths is None or not all(p.is_file() for p in paths):
            return None
        try:
            tokens = pq.read_table(paths[0])
            vocab = pq.read_table(paths[1])
            out = {name: tokens.column(name).to_numpy().astype(np.int32)
                   for name in ("form_id", "doc", "start", "end", "passage", "sentence")}
            out["vocab"] = np.array(vocab.column("form").to_pylist(), dtype=object)
            out["lemmas"] = np.array(vocab.column("lemma").to_pylist(), dtype=object)
        except _BROKEN:
            return None
        n = len(out["vocab"])
        if len(out["lemmas"]) != n or (len(out["form_id"]) and not (
                0 <= out["form_id"].min() and out["form_id"].max() < n)):
            return None
        return out

    def store_index(self, index: TokenIndex) -> None:
        paths = self._index_paths(index.key)
        if paths is None or not index.key:
            return
        vocab = pa.table({"form": pa.array(index.vocab.tolist(), pa.string()),
                          "lemma": pa.array(index.lemmas.tolist(), pa.string())})
        tokens = pa.table({name: getattr(index, name) for name in
                           ("form_id", "doc", "start", "end", "passage", "sentence")})
        # The vocabulary is written first: a token file without it is never read.
        if self._write(paths[1], vocab) and self._write(paths[0], tokens):
            self._prune()

    def _prune(self) -> None:
        """Keep the most recent :data:`KEEP_INDEXES` indexes."""
        try:
            found = sorted(self.folder.glob("index-*[0-9a-f].parquet"),
                           key=lambda p: p.stat().st_mtime, reverse=True)
            for old in found[KEEP_INDEXES:]:
                old.unlink(missing_ok=True)
                old.with_name(old.name.replace(".parquet", ".vocab.parquet")).unlink(
                    missing_ok=True)
        except OSError:
            pass


def document_tokens(text: str, lang: str, cache: TokenCache | None = None):
    """``(starts, ends, forms)`` of one document, from the cache when possible."""
    starts, ends, codes, forms = _document_encoded(text, lang, _cache_key(text, lang), cache)
    return starts.astype(np.int64), ends.astype(np.int64), [forms[c] for c in codes.tolist()]


def _document_encoded(text: str, lang: str, key: str, cache: TokenCache | None):
    if cache is not None:
        hit = cache.load_encoded(key)
        if hit is not None:
            return hit
    encoded = tokenize_encoded(text, lang)
    if cache is not None:
        cache.store_encoded(key, *encoded)
    return encoded


def _tokenize_batch(jobs: list[tuple[str, str]], lang: str, folder: str | None) -> list:
    """Worker: tokenise ``(key, text)`` pairs and write their cache files."""
    cache = TokenCache(Path(folder)) if folder else None
    out = []
    for key, text in jobs:
        encoded = tokenize_encoded(text, lang)
        if cache is not None and len(text) >= MIN_CACHED_CHARS:
            cache.store_encoded(key, *encoded)
        out.append(encoded)
    return out


def _workers(n_process: int | None, n_docs: int, chars: int) -> int:
    if n_process is not None:
        return max(1, min(n_process, n_docs))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if chars < PARALLEL_MIN_CHARS or n_docs < 2 or _start_method() is None:
        return 1
    return max(1, min(cpus or 1, 8, n_docs))


def _start_method() -> str | None:
    """``fork`` on Linux; elsewhere ``None`` (no automatic pool).

    ``spawn`` and ``forkserver`` re-run the user's main script in every worker, which a
    researcher's short analysis script without an ``if __name__ == "__main__":`` guard does
    not survive; forked workers start from the parent as it is. Arrow re-initialises its
    thread pools after a fork, and the workers only tokenise and write Parquet.
    """
    import multiprocessing
    return "fork" if (sys.platform.startswith("linux")
                      and "fork" in multiprocessing.get_all_start_methods()) else None


def _batches(jobs: list[tuple[int, str, str]], size: int) -> list[list[tuple[int, str, str]]]:
    """Consecutive jobs grouped into batches of about ``size`` characters."""
    batches, current, chars = [], [], 0
    for job in jobs:
        current.append(job)
        chars += len(job[2])
        if chars >= size:
            batches.append(current)
            current, chars = [], 0
    if current:
        batches.append(current)
    return batches


def _tokenize_parallel(jobs, lang, cache, workers, results, bar) -> bool:
    """Tokenise ``(i, key, text)`` jobs in a process pool; ``False`` if no pool could start."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    folder = str(cache.folder) if cache is not None and cache.folder is not None else None
    size = max(200_000, sum(len(j[2]) for j in jobs) // (workers * 8))
    context = multiprocessing.get_context(_start_method())
    # Objects of the parent are left to it: without this, the garbage collector of each forked
    # worker touches (and so copies) the whole parent heap.
    gc.freeze()
    try:
        with warnings.catch_warnings(), ProcessPoolExecutor(workers, mp_context=context) as pool:
            # Python 3.12+ warns on any fork of a process with threads (see _start_method).
            warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
            futures = {pool.submit(_tokenize_batch, [(k, t) for _, k, t in batch], lang,
                                   folder): batch for batch in _batches(jobs, size)}
            for future in as_completed(futures):
                batch = futures[future]
                for (i, _, _), encoded in zip(batch, future.result()):
                    results[i] = encoded
                bar.update(len(batch))
    except (OSError, BrokenProcessPool, RuntimeError):
        return False
    finally:
        gc.unfreeze()
    return True


def _tokenize_all(texts: list[str], keys: list[str], lang: str, cache: TokenCache | None,
                  n_process: int | None) -> list:
    """``(starts, ends, codes, forms)`` of every document: cached ones read, others tokenised
    (in a process pool when there is enough work)."""
    results: list = [None] * len(texts)
    if cache is not None:
        for i, key in enumerate(progress(keys, "reading token cache", unit="doc")):
            if len(texts[i]) >= MIN_CACHED_CHARS:
                results[i] = cache.load_encoded(key)
    jobs = [(i, keys[i], texts[i]) for i, r in enumerate(results) if r is None]
    if not jobs:
        return results
    workers = _workers(n_process, len(jobs), sum(len(j[2]) for j in jobs))
    with progress(desc=f"tokenising ({workers} process{'es' if workers > 1 else ''})",
                  total=len(jobs), unit="doc") as bar:
        if workers > 1 and _tokenize_parallel(jobs, lang, cache, workers, results, bar):
            return results
        for i, key, text in jobs:
            if results[i] is None:
                small = len(text) < MIN_CACHED_CHARS
                results[i] = _document_encoded(text, lang, key, None if small else cache)
                bar.update(1)
    return results


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
    keys = [_cache_key(t, lang) for t in values]
    key = _index_key(keys, passages, documents, lang, lemmatizer)
    stored = cache.load_index(key) if cache is not None else None
    if stored is not None:
        return TokenIndex(lang, stored["vocab"], stored["lemmas"], stored["form_id"],
                          stored["doc"], stored["start"], stored["end"], stored["passage"],
                          stored["sentence"], lemmatizer, key)
    encoded = _tokenize_all(values, keys, lang, cache, n_process)
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
        cache.store_index(index)
    return index
