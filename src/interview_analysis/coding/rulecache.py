"""Rule results kept on disk beside the token index: a new process re-evaluates only new rules.

Within one process, :mod:`.rules` keeps what every term and regular expression matched (by
the token index's content key), so re-coding after a codebook edit in a notebook evaluates only
the rules that changed. The command line starts a new process for every run; this module
carries those results over, as one Parquet file per token index in the study's ``.ia-cache/``:

* a term: the vocabulary IDs of the word forms it matches (the token positions follow from the
  index in microseconds);
* a regular expression: the passage rows it matches and the matched strings.

The file name holds the index key (texts, passage layout, NLP and lemmatiser versions) and a
hash of the matching code itself, so a changed text, tokeniser, lemmatiser or rule semantics
never reuses an old answer. A damaged or unreadable file is ignored and rewritten; a folder
that cannot be written is worked around (the results stay in memory).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..nlp.index import TokenIndex

#: Entries kept per file: a codebook of a few hundred terms edited many times stays far below.
MAX_ENTRIES = 20_000
#: Rule-cache files kept in a cache folder (one per recent token index).
KEEP_FILES = 6
_SEP = "\x1f"
_BROKEN = (OSError, pa.ArrowException, KeyError, ValueError, IndexError, TypeError)


@lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of the modules whose logic decides what a rule matches."""
    from . import rules, terms
    digest = hashlib.sha256()
    for module in (rules, terms):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:12]


def cache_path(folder: Path, index: TokenIndex) -> Path:
    lemmatizer = type(index.lemmatizer).__qualname__
    return Path(folder) / f"rules-{index.key}-{lemmatizer}-{_code_version()}.parquet"


def term_key(term) -> str:
    return f"{term.kind}{_SEP}{term.text}"


def regex_key(source: str, texts_key: tuple[int, str]) -> str:
    return f"{source}{_SEP}{texts_key[0]}{_SEP}{texts_key[1]}"


class RuleCache:
    """Stored rule results of one token index: ``terms`` and ``regexes`` by key.

    ``terms[key]`` is an array of vocabulary IDs; ``regexes[key]`` is ``(passage rows,
    {row: matched strings})``. New entries are recorded in :attr:`added` and written by
    :meth:`save`.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.terms: dict[str, np.ndarray] = {}
        self.regexes: dict[str, tuple[np.ndarray, dict[int, set[str]]]] = {}
        self.added = 0
        if path is not None:
            self._load()

    def _load(self) -> None:
        if not self.path.is_file():
            return
        try:
            table = pq.read_table(self.path)
            kinds = table.column("kind").to_pylist()
            keys = table.column("key").to_pylist()
            ids = table.column("ids").to_pylist()
            strings = table.column("strings").to_pylist()
        except _BROKEN:
            return  # recomputed and rewritten
        for kind, key, found, text in zip(kinds, keys, ids, strings):
            rows = np.asarray(found or [], np.int64)
            if kind == "term":
                self.terms[key] = rows
            elif kind == "regex":
                matched: dict[int, set[str]] = {}
                for entry in text or []:
                    row, _, value = entry.partition(_SEP)
                    matched.setdefault(int(row), set()).add(value)
                self.regexes[key] = (rows, matched)

    def add_term(self, key: str, ids: np.ndarray) -> None:
        self.terms[key] = np.asarray(ids, np.int64)
        self.added += 1

    def add_regex(self, key: str, rows: np.ndarray, matched: dict[int, set[str]]) -> None:
        self.regexes[key] = (np.asarray(rows, np.int64), matched)
        self.added += 1

    def save(self) -> None:
        """Write the entries (atomically) when any were added; errors only cost speed."""
        if self.path is None or not self.added:
            return
        from ..io.atomic import atomic_path
        kinds, keys, ids, strings = [], [], [], []
        for key, found in list(self.terms.items())[-MAX_ENTRIES:]:
            kinds.append("term"), keys.append(key), ids.append(found.tolist())
            strings.append(None)
        for key, (rows, matched) in list(self.regexes.items())[-MAX_ENTRIES:]:
            kinds.append("regex"), keys.append(key), ids.append(rows.tolist())
            strings.append([f"{row}{_SEP}{s}" for row in sorted(matched)
                            for s in sorted(matched[row])])
        table = pa.table({"kind": pa.array(kinds, pa.string()),
                          "key": pa.array(keys, pa.string()),
                          "ids": pa.array(ids, pa.list_(pa.int64())),
                          "strings": pa.array(strings, pa.list_(pa.string()))})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(self.path) as tmp:
                pq.write_table(table, tmp)
        except OSError:
            return  # a read-only study folder: the results stay in memory
        self.added = 0
        _prune(self.path.parent)


def _prune(folder: Path) -> None:
    """Keep the most recent :data:`KEEP_FILES` rule-cache files."""
    try:
        found = sorted(folder.glob("rules-*.parquet"), key=lambda p: p.stat().st_mtime,
                       reverse=True)
        for old in found[KEEP_FILES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def attach(index: TokenIndex, folder: Path | None) -> RuleCache:
    """The :class:`RuleCache` of ``index`` (loaded once per index object)."""
    cache = index.__dict__.get("_rule_cache")
    if cache is None:
        path = cache_path(folder, index) if folder is not None and index.key else None
        cache = index.__dict__["_rule_cache"] = RuleCache(path)
    return cache


def stored(index: TokenIndex) -> RuleCache | None:
    """The rule cache attached to ``index``, if any."""
    return index.__dict__.get("_rule_cache")
