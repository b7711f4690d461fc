"""Tokenise documents once: spaCy's tokenizer, cached on disk per text, in parallel when large.

Each document's tokens (offsets and word forms) are stored as one Parquet file keyed by a hash
of its text, the language and the NLP version, so a study loaded again does not run spaCy.
:class:`TokenCache` also holds the finished token indexes (:mod:`.index`). The first pass over
many uncached documents is spread over a process pool.
"""
from __future__ import annotations

import gc
import hashlib
import os
import sys
import time
import warnings
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..base.progress import progress
from ..errors import CacheDamaged
from .pipeline import tokenize_encoded

#: Bump when tokenisation changes, so old caches are not reused (spaCy's own version is part
#: of every cache key too: a new tokenizer may cut words differently).
NLP_VERSION = "1"


def nlp_version() -> str:
    """:data:`NLP_VERSION` and the spaCy version: what the tokens of a text depend on."""
    return f"{NLP_VERSION}-spacy{_spacy_version()}"


@lru_cache(maxsize=1)
def _spacy_version() -> str:
    """Read from the installed package's metadata: a study whose tokens are cached is coded
    without importing spaCy (about a second of start-up)."""
    return metadata.version("spacy")

#: Uncached text (characters) below which the first pass stays in this process: starting
#: worker processes costs about a second.
PARALLEL_MIN_CHARS = 2_000_000
#: Documents shorter than this (characters) get no token file of their own: for a survey of
#: short answers a file per answer costs more than tokenising it again. They are still in the
#: cached index of the study.
MIN_CACHED_CHARS = 2_000
#: Index files kept in a cache folder (one per unit and recent versions of the texts).
KEEP_INDEXES = 6
#: A document's token file that the study no longer has (the transcript was edited, or read
#: in another language) is removed when it is this many days old.
KEEP_TOKEN_DAYS = 14



#: What reading a damaged or foreign cache file can raise: the file is ignored and rewritten.
_BROKEN = (OSError, pa.ArrowException, KeyError, ValueError, IndexError, TypeError,
           CacheDamaged)


def cache_key(text: str, lang: str) -> str:
    """The cache key of one text: its content, the language and the NLP version."""
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
        raise CacheDamaged("missing word forms")
    codes = array.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    forms = array.dictionary.to_pylist()
    if len(codes) and (codes.min() < 0 or codes.max() >= len(forms)):
        raise CacheDamaged("form codes out of range")
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
        from ..base.atomic import atomic_path
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

    def store_index(self, index, documents: list[str] | None = None) -> None:
        """Keep ``index``; ``documents`` (the cache keys of its texts) keeps their token
        files, while those of texts the study no longer has go after :data:`KEEP_TOKEN_DAYS`."""
        paths = self._index_paths(index.key)
        if paths is None or not index.key:
            return
        if documents is not None:
            self._prune_tokens(set(documents))
        vocab = pa.table({"form": pa.array(index.vocab.tolist(), pa.string()),
                          "lemma": pa.array(index.lemmas.tolist(), pa.string())})
        tokens = pa.table({name: getattr(index, name) for name in
                           ("form_id", "doc", "start", "end", "passage", "sentence")})
        # The vocabulary is written first: a token file without it is never read.
        if self._write(paths[1], vocab) and self._write(paths[0], tokens):
            self._prune()

    def _prune_tokens(self, current: set[str]) -> None:
        """Remove the token files of texts not in ``current`` older than
        :data:`KEEP_TOKEN_DAYS` (an edited transcript's earlier versions), and temporary files
        of killed writes older than a day."""
        cutoff = time.time() - KEEP_TOKEN_DAYS * 86_400
        try:
            for path in self.folder.glob("tokens-*.parquet"):
                if path.name[len("tokens-"):-len(".parquet")] not in current and \
                        path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
            for path in self.folder.glob(".*.tmp"):  # left by a write that was killed
                if path.stat().st_mtime < time.time() - 86_400:
                    path.unlink(missing_ok=True)
        except OSError:
            pass

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
    starts, ends, codes, forms = _document_encoded(text, lang, cache_key(text, lang), cache)
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


def tokenize_all(texts: list[str], keys: list[str], lang: str, cache: TokenCache | None,
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
