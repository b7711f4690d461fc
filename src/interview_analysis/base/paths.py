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


class FileTooLarge(ValueError):
    """A file larger than the limit its reader allows."""


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of ``path``, reading at most ``limit`` + 1 of them (a device such as
    /dev/zero never ends). Raises ``OSError`` like ``open``, and :class:`FileTooLarge` when the
    file is larger than ``limit``."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(f"the file is larger than {limit // 2 ** 20} MB" if limit >= 2 ** 20
                           else f"the file is larger than {limit:,} bytes")
    return data


def read_input(path: str | Path, error_cls, *, kind: str, folder_fix: str,
               missing_fix: str = "check the path", limit: int | None = None) -> bytes:
    """The bytes of a file the researcher named, every failure to read it an ``error_cls``
    saying which: not found, a folder (``this is a folder, not {kind}``), refused by the
    operating system. A file over ``limit`` bytes raises :class:`FileTooLarge` for the caller
    to word."""
    try:
        if limit is not None:
            return read_limited(path, limit)
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise error_cls("file not found", file=path, fix=missing_fix) from None
    except IsADirectoryError:
        raise error_cls(f"this is a folder, not {kind}", file=path, fix=folder_fix) from None
    except OSError as exc:
        raise error_cls(f"cannot read the file ({exc.strerror or exc})", file=path,
                        fix="check the path and the file permissions") from None
