"""Finished report files kept by content, so a run copies what has not changed.

Figures, tables and the report documents are stored in the study's cache folder
(``STUDY/.ia-cache/report/``, beside the NLP caches and, like them, safe to delete) as
``<key>.<extension>``, where the key is a digest of everything the file shows (data, labels,
language, format) and of the code that writes it (:func:`code_version`). A run looks a file up
by its key and copies it — a cached figure is never drawn again — and stores what it had to
make. The folder keeps the most recently used files up to :data:`MAX_BYTES`; a folder that
cannot be written is worked around (everything is made, nothing kept).
"""
from __future__ import annotations

import os
import shutil
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..base.atomic import atomic_path
from ..base.digest import digest, source_digest
from ..errors import OutputError

#: The cache folder's size after pruning (the most recently used files are kept).
MAX_BYTES = 200 * 2 ** 20
#: Bump to make every cached report file stale at once.
CACHE_VERSION = "1"
_PACKAGE = Path(__file__).resolve().parents[1]
#: The code a report file depends on, besides its data: the report package (figures, style,
#: writers), the words, the domain terms and the table writers.
_SOURCES = ("report/*.py", "messages/*.py", "domain.py", "base/tables.py", "base/atomic.py")
_LIBRARIES = ("matplotlib", "python-docx", "openpyxl", "pandas", "numpy", "fonttools",
              "pillow")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code and library versions every cached report file depends on."""
    files = [p for pattern in _SOURCES for p in _PACKAGE.glob(pattern)]
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return digest(CACHE_VERSION, source_digest(files), versions)


class ReportCache:
    """Report files by key and extension in ``folder`` (``None``: keep nothing)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = _usable(folder)

    def path(self, key: str, ext: str) -> Path | None:
        """Where the file ``key.ext`` is (or would be) kept; ``None`` without a folder."""
        return self.folder / f"{key}.{ext}" if self.folder is not None else None

    def get(self, key: str, ext: str) -> Path | None:
        """The kept file ``key.ext``, marked as just used; ``None`` when there is none."""
        path = self.path(key, ext)
        if path is None:
            return None
        try:
            os.utime(path)
        except OSError:
            return None
        return path

    def copy(self, key: str, ext: str, target: Path) -> bool:
        """Copy the kept ``key.ext`` to ``target``; ``False`` when it is not kept."""
        source = self.get(key, ext)
        if source is None:
            return False
        try:
            with atomic_path(target) as tmp:
                shutil.copyfile(source, tmp)
        except FileNotFoundError:  # pruned by another run in between: made again
            return False
        return True

    def put(self, key: str, ext: str, source: Path) -> None:
        """Keep a copy of the file ``source`` as ``key.ext`` (errors only cost speed)."""
        path = self.path(key, ext)
        if path is None:
            return
        try:
            with atomic_path(path) as tmp:
                shutil.copyfile(source, tmp)
        except (OSError, OutputError):  # a full disk, say: the report is written all the same
            pass

    def knows(self, version: str) -> bool:
        """Whether a run of the code ``version`` (:func:`code_version`) has kept its files
        here (see :meth:`mark`)."""
        return self.get(version, "version") is not None

    def mark(self, version: str) -> None:
        """Record that a run of the code ``version`` kept its files here (errors only cost
        speed: the next run starts its drawing workers early again)."""
        path = self.path(version, "version")
        if path is not None:
            try:
                path.touch()
            except OSError:
                pass

    def prune(self, max_bytes: int = MAX_BYTES) -> None:
        """Remove the least recently used files until the folder holds ``max_bytes``."""
        if self.folder is None:
            return
        try:
            files = [(p.stat(), p) for p in self.folder.iterdir() if p.is_file()]
        except OSError:
            return
        total = sum(s.st_size for s, _ in files)
        for stat, path in sorted(files, key=lambda f: f[0].st_mtime_ns):
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= stat.st_size


def _usable(folder: Path | None) -> Path | None:
    """``folder``, created if needed, when files can be written there; else ``None``."""
    if folder is None:
        return None
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return Path(folder) if os.access(folder, os.W_OK | os.X_OK) else None
