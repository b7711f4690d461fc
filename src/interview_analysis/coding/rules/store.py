"""Rule results kept on disk beside the token index: a new process re-evaluates only new rules.

Within one process, :class:`~.matcher.MatchMemory` keeps what every term and regular
expression matched (by the token index's content key), so re-coding after a codebook edit in a
notebook evaluates only the rules that changed. The command line starts a new process for every
run; :class:`RuleStore` carries those results over, as one Parquet file per token index in the
study's ``.ia-cache/``:

* a term: the vocabulary IDs of the word forms it matches (the token positions follow from the
  index in microseconds);
* a regular expression: the passage rows it matches and the matched strings;
* a whole code (its rules, exclusions and question rules, and the passage roles): the passage
  rows it codes and the words that matched, so an unchanged code costs nothing at all;
* a rule word the tokenizer splits (*e-mail* → *e* *mail*): its pieces, so that a new process
  does not start spaCy to cut rule words it has cut before; and the language's contractions
  (the words spaCy's exception table cuts), so that checking a new rule word does not either.

The file name holds the index key (texts, passage layout, NLP and lemmatiser versions) and a
hash of the matching code itself, so a changed text, tokeniser, lemmatiser or rule semantics
never reuses an old answer. A damaged or unreadable file is ignored and rewritten; a folder
that cannot be written is worked around (the results stay in memory).
"""
from __future__ import annotations

import os
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ...base.atomic import atomic_path
from ...base.digest import source_digest

#: Entries kept per file: a codebook of a few hundred terms edited many times stays far below.
MAX_ENTRIES = 20_000
#: Token indexes whose rule caches are kept in a cache folder (the most recently used).
KEEP_FILES = 6
#: Files of one rule cache (the base and the parts later runs added) before they are folded
#: into one.
MAX_PARTS = 8
_SEP = "\x1f"
_BROKEN = (OSError, pa.ArrowException, KeyError, ValueError, IndexError, TypeError)


#: The source files whose logic decides what a rule (and a code) matches: a change to any of
#: them makes every stored answer stale.
_MATCHING_SOURCES = ("kinds.py", "matcher.py", "parse.py", "terms.py", "../coder.py")


@lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of the modules whose logic decides what a rule (and a code) matches."""
    return source_digest(Path(__file__).parent / name for name in _MATCHING_SOURCES)[:12]


def store_path(folder: Path, index) -> Path:
    """The rule-store file of a token index in ``folder``."""
    lemmatizer = type(index.lemmatizer).__qualname__
    return Path(folder) / f"rules-{index.key}-{lemmatizer}-{_code_version()}.parquet"


def term_key(term) -> str:
    return f"{term.kind}{_SEP}{term.text}"


def regex_key(source: str, texts_key: tuple[int, str]) -> str:
    return f"{source}{_SEP}{texts_key[0]}{_SEP}{texts_key[1]}"


def code_key(roles: str, parts: tuple[tuple[str, ...], ...]) -> str:
    return "\x1e".join([roles, *(_SEP.join(part) for part in parts)])


def _matched_strings(matched: dict[int, set[str]]) -> list[str]:
    return [f"{row}{_SEP}{s}" for row in sorted(matched) for s in sorted(matched[row])]


def _matched_dict(entries) -> dict[int, set[str]]:
    matched: dict[int, set[str]] = {}
    for entry in entries or []:
        row, _, value = entry.partition(_SEP)
        matched.setdefault(int(row), set()).add(value)
    return matched


class RuleStore:
    """Stored rule results of one token index: ``terms``, ``regexes`` and ``codes`` by key.

    ``terms[key]`` is an array of vocabulary IDs; ``regexes[key]`` and ``codes[key]`` are
    ``(passage rows, {row: matched strings})``. The results live in a base file and small
    files of what later runs added (``rules-<index>-….<n>.parquet``): a re-code after an edit
    writes only what it evaluated, and every :data:`MAX_PARTS` files are folded into the base.
    """

    def __init__(self, path: Path | None, lang: str = "", splits=None) -> None:
        self.path = path
        self.lang = lang
        #: The word splits (:class:`~.matcher.WordSplits`) read from and saved with the file.
        self.splits = splits
        self.terms: dict[str, np.ndarray] = {}
        self.regexes: dict[str, tuple[np.ndarray, dict[int, set[str]]]] = {}
        self.codes: dict[str, tuple[np.ndarray, dict[int, set[str]]]] = {}
        self._new: list[tuple[str, str]] = []
        self._damaged = False
        if path is not None:
            for part in self._parts():
                self._load(part)

    @property
    def added(self) -> int:
        """Entries added since the cache was read or last saved."""
        return len(self._new)

    def _parts(self) -> list[Path]:
        """The base file and the added parts, oldest first."""
        stem = self.path.name[:-len(".parquet")]
        try:
            found = [p for p in self.path.parent.glob(stem + "*.parquet")
                     if p.name == self.path.name or p.name.startswith(stem + ".")]
            return sorted(found, key=lambda p: (p != self.path, p.stat().st_mtime_ns, p.name))
        except OSError:
            return []

    def _load(self, path: Path) -> None:
        try:
            table = pq.read_table(path)
            rows = zip(*(table.column(c).to_pylist() for c in ("kind", "key", "ids", "strings")))
            entries = [(kind, key, np.asarray(found or [], np.int64), text)
                       for kind, key, found, text in rows]
        except _BROKEN:
            self._damaged = True  # recomputed, and the files are rewritten as one
            return
        for kind, key, found, text in entries:
            if kind == "term":
                self.terms[key] = found
            elif kind in ("regex", "code"):  # the strings are parsed when first asked for
                (self.regexes if kind == "regex" else self.codes)[key] = (found, text)
            elif kind == "split" and self.splits is not None:
                self.splits.known.setdefault((self.lang, key), tuple(text or ()))
            elif kind == "contractions" and self.splits is not None:
                self.splits.contractions.setdefault(self.lang, frozenset(text or ()))

    def regex(self, key: str) -> tuple[np.ndarray, dict[int, set[str]]] | None:
        """What a regular expression matched, or ``None``."""
        return self._matched(self.regexes, key)

    def code(self, key: str) -> tuple[np.ndarray, dict[int, set[str]]] | None:
        """What a code coded, or ``None``."""
        return self._matched(self.codes, key)

    @staticmethod
    def _matched(entries: dict, key: str):
        found = entries.get(key)
        if found is not None and not isinstance(found[1], dict):
            found = entries[key] = (found[0], _matched_dict(found[1]))
        return found

    def add_term(self, key: str, ids: np.ndarray) -> None:
        self.terms[key] = np.asarray(ids, np.int64)
        self._new.append(("term", key))

    def add_regex(self, key: str, rows: np.ndarray, matched: dict[int, set[str]]) -> None:
        self.regexes[key] = (np.asarray(rows, np.int64), matched)
        self._new.append(("regex", key))

    def add_code(self, key: str, rows: np.ndarray, matched: dict[int, set[str]]) -> None:
        self.codes[key] = (np.asarray(rows, np.int64), matched)
        self._new.append(("code", key))

    def _table(self, entries: list[tuple[str, str]], splits: bool) -> pa.Table:
        kinds, keys, ids, strings = [], [], [], []
        for kind, key in entries:
            kinds.append(kind), keys.append(key)
            if kind == "term":
                ids.append(self.terms[key].tolist()), strings.append(None)
            else:
                rows, matched = (self.regexes if kind == "regex" else self.codes)[key]
                ids.append(rows.tolist())
                strings.append(_matched_strings(matched) if isinstance(matched, dict)
                               else list(matched or []))
        if splits and self.splits is not None:
            for (lang, word), pieces in self.splits.known.items():
                if lang == self.lang:
                    kinds.append("split"), keys.append(word), ids.append(None)
                    strings.append(list(pieces))
            if self.lang in self.splits.contractions:
                kinds.append("contractions"), keys.append(""), ids.append(None)
                strings.append(sorted(self.splits.contractions[self.lang]))
        return pa.table({"kind": pa.array(kinds, pa.string()),
                         "key": pa.array(keys, pa.string()),
                         "ids": pa.array(ids, pa.list_(pa.int64())),
                         "strings": pa.array(strings, pa.list_(pa.string()))})

    def save(self) -> None:
        """Write what was added (atomically); errors only cost speed."""
        if self.path is None or not self._new:
            return
        parts = self._parts()
        whole = self._damaged or not parts or len(parts) >= MAX_PARTS
        if whole:
            entries = ([("term", k) for k in list(self.terms)[-MAX_ENTRIES:]]
                       + [("regex", k) for k in list(self.regexes)[-MAX_ENTRIES:]]
                       + [("code", k) for k in list(self.codes)[-MAX_ENTRIES:]])
            target = self.path
        else:
            entries = list(dict.fromkeys(self._new))
            target = self.path.with_name(f"{self.path.name[:-len('.parquet')]}."
                                         f"{time.time_ns()}-{os.getpid()}.parquet")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(target) as tmp:
                pq.write_table(self._table(entries, splits=True), tmp)
        except OSError:
            return  # a read-only study folder: the results stay in memory
        if whole:  # the base now holds everything: the parts can go
            for part in parts:
                if part != self.path:
                    part.unlink(missing_ok=True)
            self._damaged = False
        self._new.clear()
        _prune(self.path.parent)


def _prune(folder: Path) -> None:
    """Keep the rule caches of the :data:`KEEP_FILES` most recently used token indexes."""
    try:
        stems: dict[str, list[Path]] = {}
        for path in folder.glob("rules-*.parquet"):
            stems.setdefault(path.name.split(".", 1)[0], []).append(path)
        recent = sorted(stems, key=lambda s: max(p.stat().st_mtime_ns for p in stems[s]),
                        reverse=True)
        for stem in recent[KEEP_FILES:]:
            for old in stems[stem]:
                old.unlink(missing_ok=True)
    except OSError:
        pass

