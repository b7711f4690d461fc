"""ZIP-based files (.qdpx, .xlsx, .docx, .odt) opened safely: names and sizes checked first.

Reading never extracts anything to disk. Before any entry is read, an archive is rejected when
an entry name is absolute or climbs out with ``..``, when there are too many entries, or when
the sizes look like a zip bomb (too large in total or per entry, or compressed too well).
Reading an entry is capped as well, so a header that lies about sizes cannot get past the
limits. Transcript readers call :func:`check_archive` before python-docx, odfpy or openpyxl
unpack a file.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExchangeError, InputError

_MiB = 2 ** 20


@dataclass(frozen=True)
class Limits:
    """Bounds on what an imported archive may hold (uncompressed sizes in bytes)."""

    max_entries: int = 20_000
    max_entry_bytes: int = 256 * _MiB
    max_total_bytes: int = 1024 * _MiB
    #: uncompressed / compressed size allowed for entries above ``ratio_floor`` bytes
    max_ratio: float = 100.0
    ratio_floor: int = 1 * _MiB


def unsafe_name(name: str) -> str | None:
    """Why an entry name is unsafe (empty, absolute, drive letter, ``..``, NUL), or ``None``."""
    if not name:
        return "is empty"
    if "\x00" in name:
        return "contains a NUL character"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "is an absolute path"
    if any(part == ".." for part in re.split(r"[\\/]", name)):
        return "climbs out of the archive with '..'"
    return None


@dataclass(frozen=True)
class ArchiveKind:
    """How messages about one kind of ZIP container speak of it."""

    name: str = "a .qdpx (ZIP) archive"
    export_again: str = "export the project again as REFI-QDA project (.qdpx)"
    refused: str = "this file is damaged or not a genuine REFI-QDA export; it was not imported"
    error: type = ExchangeError


QDPX = ArchiveKind()
XLSX = ArchiveKind("an .xlsx (ZIP) workbook", "save it again in Excel as .xlsx (Excel Workbook)",
                   "this file is damaged or not a genuine Excel workbook; nothing was imported")


class SafeZip:
    """A ZIP archive checked against :class:`Limits`; entries are read into memory only.

    ``kind`` says what the archive is meant to be (a .qdpx by default; an .xlsx workbook,
    a .docx...) and which error class to raise, so that messages name the right thing.
    """

    def __init__(self, path: str | Path, limits: Limits | None = None,
                 kind: ArchiveKind = QDPX) -> None:
        self.path = Path(path)
        self.limits = limits or Limits()
        self.kind = kind
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise kind.error("file not found", file=self.path, fix="check the path") from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
                NotImplementedError) as exc:
            raise kind.error(f"this is not {kind.name} ({exc})", file=self.path,
                             fix=kind.export_again) from None
        self.infos = [i for i in self._zip.infolist() if not i.filename.endswith("/")]
        try:
            self._check()
        except BaseException:
            self._zip.close()
            raise
        self._by_lower = {i.filename.lower(): i for i in self.infos}
        self._read_total = 0

    def _fail(self, problem: str, entry: str | None = None, fix: str | None = None):
        raise self.kind.error(problem, file=self.path,
                              where=f"entry {entry!r}" if entry else None,
                              fix=fix or self.kind.refused)

    def _check(self) -> None:
        limits = self.limits
        for info in self._zip.infolist():
            reason = unsafe_name(info.filename)
            if reason:
                self._fail(f"an entry name {reason}; such archives could write outside the "
                           "target folder and are refused", info.filename)
        if len(self.infos) > limits.max_entries:
            self._fail(f"the archive has {len(self.infos)} entries (at most "
                       f"{limits.max_entries} allowed)")
        total = sum(i.file_size for i in self.infos)
        if total > limits.max_total_bytes:
            self._fail(f"the archive would unpack to {total / _MiB:,.0f} MiB (at most "
                       f"{limits.max_total_bytes / _MiB:,.0f} MiB allowed): possible zip bomb")
        for info in self.infos:
            if info.file_size > limits.max_entry_bytes:
                self._fail(f"an entry would unpack to {info.file_size / _MiB:,.0f} MiB (at most "
                           f"{limits.max_entry_bytes / _MiB:,.0f} MiB allowed): possible zip "
                           "bomb", info.filename)
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
                self._fail(f"an entry is compressed {ratio:,.0f} to 1 (at most "
                           f"{limits.max_ratio:,.0f} to 1 allowed): possible zip bomb",
                           info.filename)

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The entry called ``name``, compared case-insensitively (``Sources/`` = ``sources/``)."""
        return self._by_lower.get(name.lower())

    def names(self) -> list[str]:
        return [i.filename for i in self.infos]

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """Read one entry into memory, never more than the limits allow."""
        cap = min(info.file_size, self.limits.max_entry_bytes)
        out = io.BytesIO()
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(1 * _MiB):
                    out.write(chunk)
                    self._read_total += len(chunk)
                    if out.tell() > cap or self._read_total > self.limits.max_total_bytes:
                        self._fail("an entry unpacks to more than its header says: possible "
                                   "zip bomb", info.filename)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError,
                NotImplementedError, zlib.error) as exc:
            self._fail(f"the entry cannot be read ({exc})", info.filename)
        return out.getvalue()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_archive(path: str | Path, kind: ArchiveKind, limits: Limits | None = None) -> None:
    """Refuse a ZIP-based file (.docx, .odt, .xlsx) whose entry names or sizes are unsafe
    (see :class:`SafeZip`) before another library unpacks it.

    A file that is not a ZIP archive at all passes: the reader then says, in its own words,
    that it cannot open it.
    """
    try:
        if not zipfile.is_zipfile(path):
            return
    except OSError:
        return
    with SafeZip(path, limits, kind):
        pass




#: How messages speak of transcript files (errors are :class:`InputError`).
DOCX = ArchiveKind("a Word .docx file", "open and re-save it in Word/LibreOffice, or export it "
                   "as .txt", "this file is damaged or not a genuine Word file; it was not "
                   "read", InputError)
ODT = ArchiveKind("an OpenDocument .odt file", "open and re-save it in LibreOffice Writer, or "
                  "export it as .txt", "this file is damaged or not a genuine OpenDocument "
                  "file; it was not read", InputError)
XLSX_TABLE = ArchiveKind("an .xlsx workbook", "open and re-save it in Excel/LibreOffice as "
                         ".xlsx, or save the table as CSV (UTF-8)", "this file is damaged or "
                         "not a genuine Excel workbook; it was not read", InputError)
