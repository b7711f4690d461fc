"""Content digests of Python values: the keys of the caches of figures, tables and reports.

:func:`digest` walks a value — numbers, strings, containers, dataclasses, DataFrames, arrays,
paths — and hashes a canonical form of it, so equal content gives the same key in every process
(sets and dicts do not depend on their order, nor on Python's per-process string hashing), and
any difference in content, type or column order gives another.

Examples
--------
>>> digest({"b": 1, "a": [1.5, None]}) == digest({"a": [1.5, None], "b": 1})
True
>>> digest(1) == digest(1.0)
False
"""
from __future__ import annotations

import dataclasses
import enum
import hashlib
import math
from pathlib import Path, PurePath

import numpy as np
import pandas as pd


def digest(*values, paths: dict | None = None) -> str:
    """A hex SHA-256 of the canonical form of ``values``.

    ``paths`` maps a :class:`~pathlib.Path` to what stands for it (a file that will hold the
    same bytes wherever it is written, e.g. a figure's own key); other paths count by name.
    """
    h = hashlib.sha256()
    for value in values:
        _feed(h, value, paths or {})
    return h.hexdigest()


def source_digest(files) -> str:
    """A digest of the bytes of ``files`` (the code a cached result depends on)."""
    h = hashlib.sha256()
    for path in sorted(Path(f) for f in files):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _tag(h, name: str, size: int | None = None) -> None:
    h.update(f"\x1e{name}:{'' if size is None else size}\x1f".encode())


def _feed(h, value, paths: dict) -> None:
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        _tag(h, type(value).__name__)
        h.update(value if isinstance(value, bytes) else repr(value).encode("utf-8",
                                                                          "surrogatepass"))
    elif isinstance(value, np.generic):
        _feed(h, value.item(), paths)
    elif isinstance(value, enum.Enum):
        _tag(h, type(value).__qualname__)
        _feed(h, value.value, paths)
    elif isinstance(value, PurePath):
        _tag(h, "path")
        _feed(h, paths.get(value, str(value)), paths)
    elif isinstance(value, (list, tuple)):
        _tag(h, type(value).__name__, len(value))
        for item in value:
            _feed(h, item, paths)
    elif isinstance(value, (set, frozenset)):
        _tag(h, "set", len(value))
        for item in sorted(digest(v, paths=paths) for v in value):
            h.update(item.encode())
    elif isinstance(value, dict):
        _tag(h, "dict", len(value))
        for key, item in sorted(((digest(k, paths=paths), v) for k, v in value.items()),
                                key=lambda kv: kv[0]):
            h.update(key.encode())
            _feed(h, item, paths)
    else:
        _feed_object(h, value, paths)


def _feed_object(h, value, paths: dict) -> None:
    if isinstance(value, pd.DataFrame):
        _tag(h, "frame", len(value))
        _feed(h, [str(c) for c in value.columns], paths)
        _feed(h, [str(t) for t in value.dtypes], paths)
        _feed_index(h, value.index, paths)
        for column in range(value.shape[1]):
            _feed_values(h, value.iloc[:, column], paths)
    elif isinstance(value, pd.Series):
        _tag(h, "series", len(value))
        _feed(h, [str(value.name), str(value.dtype)], paths)
        _feed_index(h, value.index, paths)
        _feed_values(h, value, paths)
    elif isinstance(value, pd.Index):
        _feed_index(h, value, paths)
    elif isinstance(value, np.ndarray):
        _tag(h, "array", value.size)
        _feed(h, [value.dtype.str, value.shape], paths)
        if value.dtype.kind == "O":
            _feed(h, value.tolist(), paths)
        else:
            h.update(np.ascontiguousarray(value).tobytes())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        _tag(h, type(value).__qualname__)
        for f in dataclasses.fields(value):
            _feed(h, (f.name, getattr(value, f.name)), paths)
    elif callable(value) and hasattr(value, "__qualname__"):
        _tag(h, "callable")
        _feed(h, f"{value.__module__}.{value.__qualname__}", paths)
    else:
        # Dates, times, decimals, pandas' NA and NaT print their whole value. An object
        # whose repr is its address differs in every process: a cache miss, never a false hit.
        _tag(h, type(value).__qualname__)
        h.update(repr(value).encode("utf-8", "surrogatepass"))


def _feed_index(h, index: pd.Index, paths: dict) -> None:
    _tag(h, "index", len(index))
    _feed(h, [str(n) for n in index.names], paths)
    _feed_values(h, index.to_series(index=pd.RangeIndex(len(index))), paths)


#: Columns up to this long are hashed from their Python values, longer ones by pandas.
SMALL = 5_000
_PLAIN = (str, int, float, bool, type(None))


def _feed_values(h, column: pd.Series, paths: dict) -> None:
    """One column: a small one from its values (fastest for report tables), a large one hashed
    by pandas when its cells are plain; cells that are containers one by one."""
    if len(column) <= SMALL:
        values = column.tolist()
        if all(type(v) in _PLAIN for v in values):
            _tag(h, "values", len(values))
            h.update(repr(values).encode("utf-8", "surrogatepass"))
        else:
            _feed(h, values, paths)
        return
    values = column.to_numpy()
    if values.dtype.kind != "O" or all(v is None or isinstance(v, str) or
                                       (isinstance(v, float) and math.isnan(v))
                                       for v in values):
        try:
            hashed = pd.util.hash_pandas_object(column, index=False).to_numpy()
            _tag(h, "hashed", len(hashed))
            h.update(hashed.tobytes())
            return
        except TypeError:
            pass
    _feed(h, values.tolist(), paths)
