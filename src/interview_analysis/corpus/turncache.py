"""Speaker turns kept on disk, keyed by content: a study is cut into turns once per text.

Finding the turns of a transcript (:func:`~.turns.find_turns`) looks at every line; for a
million words of oral history that is a third of a second in every command. :class:`TurnCache`
keeps the turns of every document in the study's ``.ia-cache/turns.parquet``, keyed by a hash
of the text, the known speakers, the roles from ``study.yaml`` and the code that finds turns
(like the NLP caches: a changed text, setting or version is a new key, never a stale answer).
A damaged file is ignored and rewritten; a folder that cannot be written is worked around.

Examples
--------
>>> cache = TurnCache(study_root / ".ia-cache")                     # doctest: +SKIP
>>> turns = cache.turns(text, known_speakers, roles)                # doctest: +SKIP
>>> cache.save()                                                    # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from ..base.digest import source_digest
from .transcript import Turn
from .turns import find_turns

FILE = "turns.parquet"
_FIELDS = ("start", "end", "speaker", "role", "time_start", "time_end", "role_from")
#: The modules whose logic decides the turns of a text.
_SOURCES = ("turns.py", "labels.py", "roles.py", "answers.py", "transcript.py")


@lru_cache(maxsize=1)
def _version() -> str:
    return source_digest(Path(__file__).parent / name for name in _SOURCES)[:16]


def turn_key(text: str, known: frozenset[str] | set[str], roles: Mapping[str, str]) -> str:
    """The cache key of ``find_turns(text, known, roles)``."""
    digest = hashlib.sha256(f"{_version()}\0{sorted(known)!r}\0{sorted(roles.items())!r}\0"
                            .encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


class TurnCache:
    """The turns of a study's documents by content key, in ``folder`` (``None``: memory only)."""

    def __init__(self, folder: Path | None) -> None:
        self.path = Path(folder) / FILE if folder is not None else None
        self._kept: dict[str, tuple[Turn, ...]] | None = None
        self._used: dict[str, tuple[Turn, ...]] = {}
        self._added = False

    def turns(self, text: str, known: frozenset[str] | set[str] = frozenset(),
              roles: Mapping[str, str] | None = None) -> tuple[Turn, ...]:
        """``find_turns(text, known, roles)``, from the cache when this text was cut before."""
        roles = dict(roles or {})
        key = turn_key(text, known, roles)
        found = self._load().get(key)
        if found is None:
            found = tuple(find_turns(text, known, roles))
            self._added = True
        self._used[key] = found
        return found

    def _load(self) -> dict[str, tuple[Turn, ...]]:
        if self._kept is None:
            self._kept = _read(self.path) if self.path is not None else {}
        return self._kept

    def save(self) -> None:
        """Keep the turns of the documents read since the cache was opened (and only those:
        the turns of texts no longer in the study are dropped). Errors only cost speed."""
        if self.path is None or not self._used or (
                not self._added and set(self._used) == set(self._load())):
            return
        import pyarrow as pa

        from ..errors import OutputError
        try:
            _write(self.path, self._used)
        except (OSError, OutputError, pa.ArrowException):
            pass  # a read-only study folder: found again next time


def _read(path: Path) -> dict[str, tuple[Turn, ...]]:
    import pyarrow as pa
    import pyarrow.parquet as pq
    try:
        table = pq.read_table(path)
        columns = [table.column(c).to_pylist() for c in ("key", *_FIELDS)]
    except (OSError, pa.ArrowException, KeyError, ValueError):
        return {}  # missing or damaged: found again and rewritten
    out: dict[str, list[Turn]] = {}
    for key, start, *rest in zip(*columns):
        turns = out.setdefault(key, [])
        if start >= 0:  # start -1 marks a document without turns
            turns.append(Turn(start, *rest))
    return {k: tuple(v) for k, v in out.items()}


def _write(path: Path, entries: dict[str, tuple[Turn, ...]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..base.atomic import atomic_path
    rows = {name: [] for name in ("key", *_FIELDS)}
    for key, turns in entries.items():
        for turn in turns or (Turn(-1, -1),):
            rows["key"].append(key)
            for name in _FIELDS:
                rows[name].append(getattr(turn, name))
    types = {"key": pa.string(), "start": pa.int64(), "end": pa.int64(),
             "speaker": pa.string(), "role": pa.string(), "time_start": pa.float64(),
             "time_end": pa.float64(), "role_from": pa.string()}
    table = pa.table({name: pa.array(values, types[name]) for name, values in rows.items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
