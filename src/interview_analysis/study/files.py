"""Which files of a transcripts folder are transcripts: every file is read or named.

Nothing in the folder is skipped silently, because a file that is quietly left out is an
interview missing from every count:

* transcripts (a supported extension, see
  :func:`~interview_analysis.corpus.readers.supported_extensions`) are read; a legacy ``.doc``
  is refused by its reader with a "save as .docx" message;
* the files other programs keep beside documents — Word's ``~$H1.docx`` lock file,
  LibreOffice's ``.~lock.H3.docx#``, macOS ``._H2.txt`` and ``.DS_Store``, Windows
  ``Thumbs.db`` and ``desktop.ini`` — and other hidden files and READMEs are listed once
  in a note;
* subfolders of a ``transcripts/`` folder are read too, down to :data:`MAX_DEPTH` levels
  (``transcripts/ryhmä A/H1.docx``): the subfolder becomes the case attribute ``folder``, so
  ``group: folder`` compares them. A study folder that is its own transcripts folder reads
  only its files (its subfolders are reports and the study's own folders), and says so;
* files of other types (``slides.pptx``, ``audio.m4a``) are listed in a warning with the
  types that are read;
* a transcript that is a link to a file outside the study is read, with a warning naming the
  file it points to; a broken link is listed in a warning.
"""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.readers import NOT_TRANSCRIPTS, REFUSED, supported_extensions
from ..domain import REPORT_FILES
from ..errors import StudyError, StudyNote, StudyWarning

#: Files other programs write beside documents, by exact name.
_SYSTEM_NAMES = {".ds_store": "macOS Finder metadata", "thumbs.db": "Windows thumbnail cache",
                 "ehthumbs.db": "Windows thumbnail cache", "desktop.ini": "Windows folder "
                 "settings", ".directory": "KDE folder settings", "icon\r": "macOS folder icon"}
#: Folders of the study itself that live beside transcripts in a plain folder study.
_STUDY_FOLDERS = {"codings", "__pycache__"}
#: Folders that hold no transcripts, by name (lower case), and what they are.
_OTHER_FOLDERS = {"__macosx": "macOS zip metadata"}
#: Subfolder levels of a transcripts folder that are read (``transcripts/2024/ryhmä A``).
MAX_DEPTH = 3


@dataclass
class FolderContents:
    """What :func:`scan_folder` found: transcripts to read and everything else, with why."""

    transcripts: list[Path] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)


def system_file(name: str) -> str | None:
    """Why ``name`` is another program's file (a lock file, metadata), or ``None``."""
    lower = name.lower()
    if lower in _SYSTEM_NAMES:
        return _SYSTEM_NAMES[lower]
    if name.startswith("~$"):
        return "lock file of Microsoft Word or Excel"
    if name.startswith(".~lock.") and name.endswith("#"):
        return "lock file of LibreOffice"
    if name.startswith("._"):
        return "macOS AppleDouble metadata"
    if lower.startswith("~wr") and lower.endswith(".tmp"):
        return "temporary file of Microsoft Word"
    if name.startswith("."):
        return "hidden file"
    return None


def _skipped_silently(path: Path, study_files: set[Path]) -> bool:
    """The study's own files beside transcripts: study.yaml, the cases table, the codebook."""
    resolved = Path(os.path.realpath(path))  # never raises, even for a link loop
    return resolved in study_files or path.name in ("study.yaml", "study.yml")


def _report_folder(path: Path) -> bool:
    return any((path / name).is_file() for name in REPORT_FILES)


def _classify(path: Path, root: Path | None, study_files: set[Path], found: FolderContents,
              extensions: set[str], top: Path, depth: int | None) -> None:
    name = path.relative_to(top).as_posix()
    why = system_file(path.name)
    if path.is_dir():
        if path.name.startswith(".") or path.name in _STUDY_FOLDERS:
            return
        if path.name.lower() in _OTHER_FOLDERS:
            found.notes.append((f"{name}/", _OTHER_FOLDERS[path.name.lower()]))
        elif depth is None:
            found.notes.append((f"{name}/", "a folder: subfolders of a study folder are not "
                                            "read; put the transcripts in transcripts/, whose "
                                            "subfolders are read"))
        elif _report_folder(path):
            found.notes.append((f"{name}/", "a report folder"))
        elif depth >= MAX_DEPTH:
            found.notes.append((f"{name}/", f"more than {MAX_DEPTH} folders deep"))
        else:
            _scan(path, root, study_files, found, extensions, top, depth + 1)
        return
    if _skipped_silently(path, study_files):
        return
    if why:
        found.notes.append((name, why))
        return
    suffix = path.suffix.lower()
    if suffix not in extensions and suffix not in REFUSED:
        found.unsupported.append(name)
    elif path.stem.lower() in NOT_TRANSCRIPTS:
        found.notes.append((name, "not a transcript (a README or licence)"))
    elif path.is_symlink() and not path.exists():
        found.broken.append(name)
    else:
        _note_link(path, name, root, found)
        found.transcripts.append(path)


def _note_link(path: Path, name: str, root: Path | None, found: FolderContents) -> None:
    if not path.is_symlink() or root is None:
        return
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(Path(os.path.realpath(root))):
        found.links.append((name, str(target)))


def scan_folder(folder: Path, root: Path | None = None,
                study_files: set[Path] | None = None, subfolders: bool = False
                ) -> FolderContents:
    """Sort every entry of ``folder`` (and of its subfolders, with ``subfolders``) into
    transcripts and the rest; names are relative to ``folder``.

    ``root`` is the study folder (links leading out of it are reported); ``study_files``
    are the study's own files (``study.yaml``, the cases table, the codebook), passed over
    without a word.
    """
    found = FolderContents()
    resolved = {Path(os.path.realpath(p)) for p in (study_files or set())}
    _scan(folder, root, resolved, found, set(supported_extensions()), folder,
          0 if subfolders else None)
    return found


def _scan(folder: Path, root: Path | None, study_files: set[Path], found: FolderContents,
          extensions: set[str], top: Path, depth: int | None) -> None:
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise StudyError(f"cannot list the transcripts folder ({exc.strerror or exc})",
                         file=folder, fix="check the folder's permissions") from None
    for path in entries:
        _classify(path, root, study_files, found, extensions, top, depth)


#: The formats a speech-to-text run writes side by side (Whisper writes all of them), richest
#: first: one is read.
SPEECH_FORMATS = (".json", ".vtt", ".srt", ".tsv", ".txt")


def _one_speech_to_text_format(files: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """``files`` with one file per Whisper output (the same name as ``.vtt``, ``.srt`` and
    ``.tsv`` at least, perhaps ``.json`` and ``.txt``): the richest format is read, the others
    are named in the note as copies."""
    by_stem: dict[Path, dict[str, Path]] = {}
    for path in files:
        by_stem.setdefault(path.with_suffix(""), {})[path.suffix.lower()] = path
    dropped: dict[Path, Path] = {}
    for formats in by_stem.values():
        if {".vtt", ".srt", ".tsv"} <= set(formats) and set(formats) <= set(SPEECH_FORMATS):
            kept = formats[next(f for f in SPEECH_FORMATS if f in formats)]
            dropped.update({p: kept for p in formats.values() if p != kept})
    notes = [(p.name, f"the same speech-to-text transcript as {kept.name}, which is read")
             for p, kept in dropped.items()]
    return [p for p in files if p not in dropped], notes


def _report(folder: Path, found: FolderContents) -> None:
    if found.notes:
        listed = ", ".join(f"{name} ({why})" for name, why in found.notes)
        warnings.warn(f"{folder}: not read, not transcripts: {listed}", StudyNote, stacklevel=3)
    if found.unsupported:
        warnings.warn(f"{folder}: not read, file type not supported: "
                      f"{', '.join(found.unsupported)} (transcripts are read from "
                      f"{', '.join(supported_extensions())} files)", StudyWarning, stacklevel=3)
    for name, target in found.links:
        warnings.warn(f"{folder / name}: a link to {target}, outside the study; read from "
                      f"there", StudyWarning, stacklevel=3)
    if found.broken:
        warnings.warn(f"{folder}: not read, links to files that do not exist: "
                      f"{', '.join(found.broken)}", StudyWarning, stacklevel=3)


def find_transcript_files(folder: Path, cases_file: Path | None = None,
                          root: Path | None = None,
                          study_files: set[Path] | None = None) -> list[Path]:
    """Transcript files in ``folder`` and its subfolders (not those of a study folder that is
    its own transcripts folder, ``folder == root``), sorted by path; everything else in the
    folder is named in a note or warning (see the module docstring)."""
    if not folder.is_dir():
        raise StudyError("the transcripts folder does not exist", file=folder,
                         fix="create it and put the transcripts there, or correct "
                             "'transcripts:' in study.yaml")
    study_files = set(study_files or set()) | ({cases_file} if cases_file else set())
    own = root is not None and Path(os.path.realpath(folder)) == Path(os.path.realpath(root))
    found = scan_folder(folder, root, study_files, subfolders=not own)
    found.transcripts, copies = _one_speech_to_text_format(found.transcripts)
    found.notes += copies
    _report(folder, found)
    if not found.transcripts:
        raise StudyError("no transcripts found", file=folder,
                         fix="supported file types: " + ", ".join(supported_extensions()))
    return found.transcripts
