"""Paths a researcher typed (in study.yaml or on the command line) checked before use.

``pathlib`` raises ``ValueError`` for a NUL character and ``OSError`` (ENAMETOOLONG) for a
name longer than the file system allows, even from ``exists()`` and ``is_dir()``; both become
one message naming the setting or option the path came from.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path


def path_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot name a file on this system (a NUL, a too-long name), or ``None``."""
    text = os.fspath(path)
    if "\x00" in text:
        return "the path contains a NUL character"
    try:
        os.stat(text)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return ("the path is too long for the file system (a file or folder name has more "
                    "than 255 characters, or the whole path is too long)")
    except ValueError as exc:  # pragma: no cover - other characters the platform refuses
        return f"the path cannot be used ({exc})"
    return None


def check_path(path: str | Path, error_cls, file: str | Path | None = None,
               where: str | None = None,
               fix: str = "give a shorter path without control characters") -> Path:
    """Return ``Path(path)``, or raise ``error_cls`` when :func:`path_problem` finds one.

    ``file`` and ``where`` say where the path was written (``study.yaml``, ``line 4``); the
    message then shows the path as the bad value. Without ``file`` it names the path itself.
    """
    problem = path_problem(path)
    if problem:
        shown = os.fspath(path)
        if file is not None:
            raise error_cls(problem, file=file, where=where, value=shown, fix=fix)
        shown = shown.replace("\x00", "\\0")
        if len(shown) > 120:
            shown = shown[:100] + "..." + shown[-17:]
        raise error_cls(problem, file=shown, where=where, fix=fix)
    return Path(path)
