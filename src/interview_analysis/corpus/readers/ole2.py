"""OLE2 compound files: old binary Office formats, and Office files saved with a password."""
from __future__ import annotations

from pathlib import Path

from ...errors import InputError

#: The first bytes of an OLE2 compound file.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def head(path: Path, size: int = 8) -> bytes:
    """The first ``size`` bytes of ``path`` (an unreadable file is an :class:`InputError`)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except IsADirectoryError:
        raise InputError("this is a folder, not a transcript file", file=path,
                         fix="give the file itself") from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", file=path,
                         fix="check the path and the file permissions") from None


def refuse_ole2(path: Path, program: str, extension: str) -> None:
    """Refuse a ``.docx``/``.xlsx`` that is really an OLE2 file: password-protected, or an
    old-format file renamed."""
    if head(path) == OLE2_MAGIC:
        raise InputError(f"this {extension} file is password-protected, or an old {program} "
                         f"97-2003 file renamed to {extension}", file=path,
                         fix=f"open it in {program}, remove the password (File > Info > "
                             f"Protect) and save it again as {extension}")
