"""ZIP containers (.qdpx): read safely in memory (see :mod:`..ziplimits`), write
byte-for-byte reproducibly."""
from __future__ import annotations

import io
import zipfile

from ...base.ziplimits import (
    QDPX,
    XLSX,
    ArchiveKind,
    Limits,
    SafeZip,
    check_archive,
    unsafe_name,
)

__all__ = ["QDPX", "XLSX", "ArchiveKind", "Limits", "SafeZip", "check_archive", "unsafe_name",
           "zip_bytes", "ZIP_DATE"]

#: The fixed timestamp of every exported entry (the earliest a ZIP can hold).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A ZIP of ``entries`` that is identical for identical input: sorted names, fixed dates,
    fixed permissions and compression settings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, entries[name], compresslevel=6)
    return buffer.getvalue()
