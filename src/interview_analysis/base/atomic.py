"""Write outputs all-or-nothing: to a temporary file beside the target, then rename.

A crash, a kill or an error while writing leaves the previous file untouched and no partial
file behind. A target that cannot be written (a folder in the way, no permission, a full disk)
raises :class:`~interview_analysis.errors.OutputError` naming it. The finished file gets the
permissions any other program would give it (``0666`` less the process umask), not the
private ``0600`` of the temporary file, so a study folder can be shared with a group.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from ..errors import OutputError


def umask() -> int:
    """The process umask, read without changing it where the system allows (Linux), since
    setting it even for an instant affects files other threads create meanwhile."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def share_like_any_file(path: str | Path, folder: bool = False) -> None:
    """Give ``path`` (made private by ``mkstemp``/``mkdtemp``) the usual mode: ``0666`` (a
    folder ``0777``) less the umask."""
    os.chmod(path, (0o777 if folder else 0o666) & ~umask())


def cannot_write(target: Path, exc: OSError) -> OutputError:
    """The error for an output that the operating system refused to write."""
    reason = exc.strerror or str(exc)
    return OutputError(f"cannot write the output ({reason})", file=target,
                       fix="check that the folder exists and is writable, that no file or "
                           "folder of that name is in the way, and that the disk is not full")


def check_target(target: Path) -> None:
    """Refuse a target that is a folder, or that lies under a file, before anything is written."""
    from .paths import check_path
    check_path(target, OutputError, fix="choose a shorter output path")
    if target.is_dir():
        raise OutputError("the output is a folder, not a file", file=target,
                          fix="give a file name, e.g. " + str(target / "table.csv"))
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError("the output would be inside a file, not a folder", file=target,
                                  value=str(parent), fix="choose an output in a folder")
            break


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target`` atomically.

    Raises
    ------
    OutputError
        When the target is a folder, lies under a file, or cannot be written.

    Examples
    --------
    >>> with atomic_path("table.csv") as tmp:          # doctest: +SKIP
    ...     frame.to_csv(tmp)
    """
    target = Path(target)
    check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    tmp = Path(name)
    try:
        try:
            yield tmp
        except OSError as exc:
            if exc.filename is not None and Path(exc.filename) == tmp:
                raise cannot_write(target, exc) from None  # disk full, quota while writing
            raise
        try:
            share_like_any_file(tmp)
            os.replace(tmp, target)
        except OSError as exc:
            raise cannot_write(target, exc) from None
    finally:
        with contextlib.suppress(OSError):
            if tmp.exists():
                tmp.unlink()


def write_text(target: str | Path, text: str) -> Path:
    """Atomically write UTF-8 text."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Atomically write bytes."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)
