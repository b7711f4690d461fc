"""Which text of a transcript a coder's offsets point into, and codings read at today's text.

The project database (``STUDY/.interview-analysis/project.sqlite``) remembers every transcript
text that codings were made against (:mod:`interview_analysis.store`), and for each coder's
``codings/<coder>.csv`` which version of each transcript its offsets refer to. When a
transcript has been edited since, :func:`read_coder_codings` validates the file against the
earlier text and moves each coding to where its words are now
(:mod:`interview_analysis.coding.anchors`), with a warning that ``sync --reanchor`` writes the
new places. Reading never writes: the database is opened read-only.

What is protected: every study that has been synced at least once (or coded in the notebook,
or imported into). A codings file that was never synced has nothing to compare with: its
offsets are taken as they are.
"""
from __future__ import annotations

import hashlib
import sqlite3
import urllib.parse
import warnings
import zlib
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..base.textdiff import align
from ..coding.anchors import LOST, changed_only, describe, reanchor_spans, summary
from ..coding.codings import read_codings_file
from ..errors import CodingsError, StudyWarning

#: Folder inside the study that holds the project database.
STORE_DIR = ".interview-analysis"
#: The project database's file name.
DB_NAME = "project.sqlite"


def db_path(root: str | Path) -> Path:
    """The project database file of the study folder ``root``."""
    return Path(root) / STORE_DIR / DB_NAME


def text_sha256(text: str) -> str:
    """The SHA-256 of a canonical text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, ``None`` when it does not exist."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def pack_text(text: str) -> bytes:
    """A text as the database keeps earlier versions: UTF-8, zlib-compressed."""
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_text(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


class StoredTexts:
    """The transcript versions a project database knows, and each coder's references.

    ``conn`` is an open connection (the store's own), or ``None`` to open the study's
    database read-only when it exists (no database: nothing is known).
    """

    def __init__(self, conn: sqlite3.Connection | None = None, root: str | Path | None = None):
        self.conn, self.problem = conn, None
        if conn is None and root is not None and db_path(root).is_file():
            self.conn = self._open_read_only(db_path(root))
        self._tables = self._table_names() if self.conn is not None else set()
        self._current: dict[str, str] = {}

    def _open_read_only(self, file: Path) -> sqlite3.Connection | None:
        uri = "file:" + urllib.parse.quote(str(file.resolve())) + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=30)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            self.problem = f"cannot read the project database {file} ({exc})"
            return None

    def _table_names(self) -> set[str]:
        try:
            return {r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as exc:
            self.problem = f"cannot read the project database ({exc})"
            return set()

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            self.problem = f"cannot read the project database ({exc})"
            return []

    def references(self, coder: str | None, file_sha: str | None = None) -> dict[str, str]:
        """``{document: sha256}`` of the texts ``coder``'s CSV offsets point into (the
        database's own codings: ``coder=None``); ``file_sha`` is the CSV's content hash (an
        anchor recorded for other content does not hold)."""
        if "documents" not in self._tables:
            return {}
        refs = dict(self._rows("SELECT document, sha256 FROM documents"))
        if coder is not None and "csv_anchors" in self._tables:
            conditional = "csv_sha256" in {r[1] for r in self._rows(
                "PRAGMA table_info(csv_anchors)")}
            sql = "SELECT document, sha256 FROM csv_anchors WHERE coder = ?" + (
                " AND (csv_sha256 IS NULL OR csv_sha256 = ?)" if conditional else "")
            refs.update(self._rows(sql, (coder, file_sha) if conditional else (coder,)))
        return refs

    def text(self, sha: str) -> str | None:
        """The text with this SHA-256, if the database has it."""
        row = self._rows("SELECT text FROM documents WHERE sha256 = ? LIMIT 1", (sha,))
        if row:
            return row[0][0]
        if "texts" in self._tables:
            row = self._rows("SELECT text FROM texts WHERE sha256 = ?", (sha,))
            if row:
                return unpack_text(row[0][0])
        return None

    def current_sha(self, document: str, text: str) -> str:
        if document not in self._current:
            self._current[document] = text_sha256(text)
        return self._current[document]

    def stale(self, coder: str | None, texts: Mapping[str, str], file_sha: str | None = None
              ) -> dict[str, str]:
        """``{document: sha256}`` of the documents whose text ``coder``'s offsets point into
        is not today's."""
        return {doc: sha for doc, sha in self.references(coder, file_sha).items()
                if doc in texts and sha != self.current_sha(doc, texts[doc])}

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


class _ReferenceTexts(Mapping):
    """Today's texts, except the stale documents: their earlier text, fetched when needed."""

    def __init__(self, texts: Mapping[str, str], stale: dict[str, str], stored: StoredTexts,
                 path: Path) -> None:
        self.texts, self.stale, self.stored, self.path = texts, stale, stored, path
        self.loaded: dict[str, str] = {}

    def __getitem__(self, document: str) -> str:
        if document not in self.stale:
            return self.texts[document]
        if document not in self.loaded:
            old = self.stored.text(self.stale[document])
            if old is None:
                raise CodingsError(
                    f"transcript '{document}' has changed since these codings were made, and "
                    "the project database does not have the earlier text to move them with",
                    file=self.path, fix="restore the earlier transcript, or accept the change "
                                        "with 'interview-analysis sync STUDY --accept-changed' "
                                        "and check this document's codings")
            self.loaded[document] = old
        return self.loaded[document]

    def __iter__(self):
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)

    def __contains__(self, document) -> bool:
        return document in self.texts


def read_coder_codings(path: Path, coder: str, texts: Mapping[str, str], codes=None,
                       stored: StoredTexts | None = None
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(spans at today's offsets, re-anchoring report)`` of ``codings/<coder>.csv``.

    Spans in transcripts edited since the file was written are validated against the text
    they were made on and moved (see the module docstring); the report has one row per moved
    span (empty when nothing had to move).
    """
    stale = stored.stale(coder, texts, file_sha256(path)) if stored is not None else {}
    reference = _ReferenceTexts(texts, stale, stored, path) if stale else texts
    spans = read_codings_file(path, reference, codes)
    touched = sorted(set(spans["document"]) & set(stale))
    if not touched:
        return spans, pd.DataFrame()
    alignments = {doc: align(reference[doc], texts[doc]) for doc in touched}
    spans, report = reanchor_spans(spans, alignments)
    return spans, changed_only(report)


def warn_reanchored(path: Path, report: pd.DataFrame, limit: int = 5) -> None:
    """The warning for codings used at re-anchored places (see :func:`read_coder_codings`)."""
    documents = ", ".join(f"'{d}'" for d in dict.fromkeys(report["document"]))
    needs_look = [describe(r) for r in report.to_dict("records") if r["status"] != "kept"]
    listed = "".join(f"\n    {line}" for line in needs_look[:limit])
    if len(needs_look) > limit:
        listed += f"\n    ... and {len(needs_look) - limit} more"
    lost = int((report["status"] == LOST).sum())
    warnings.warn(
        f"{path}: transcript {documents} changed after these codings were made; they are used "
        f"where their words are now ({summary(report)}"
        + (f"; the {lost} lost are left out" if lost else "") + "). Run 'interview-analysis "
        "sync STUDY --reanchor' to write the new places into the file." + listed,
        StudyWarning, stacklevel=3)
