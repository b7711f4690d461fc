"""The project database schema and its migrations, versioned with ``PRAGMA user_version``.

Tables
------
``documents``
    One row per transcript: canonical text, its SHA-256 and the case it belongs to.
``passages``
    The passages of each document for a unit (turn, paragraph, sentence) as offsets.
``codebooks`` / ``codebook_codes``
    Every codebook version seen (the YAML text and its SHA-256) and the code IDs it defines.
``cases`` / ``case_attributes``
    Cases in study order and their attributes (value as text plus its type).
``codings``
    One row per coded span: ``coder, document, start, end, code`` is unique.
``coding_log``
    The audit trail: one row per change to ``codings`` (add, update, remove) with who, when,
    and the coding before and after as JSON. Triggers on ``codings`` write it, so no write path
    can change a coding without logging it, and the log commits or rolls back with the change.
    Triggers also refuse UPDATE and DELETE on the log: it is append-only.
``change_context``
    Who is writing and why, set at the start of each write transaction and read by the triggers.
``sync_state``
    Per coder: the hash of ``codings/<coder>.csv`` and the last log entry at the last sync.

Version 2 adds what lets codings follow an edited transcript:

``texts``
    Earlier versions of transcripts (UTF-8, zlib-compressed) that codings were made on, by
    SHA-256; ``documents`` keeps the current one.
``csv_anchors``
    Per coder and document, the text (SHA-256) the offsets in ``codings/<coder>.csv`` point
    into when it is not the document's current one (a file not yet re-anchored).
``reanchored``
    The audit trail of re-anchoring: every coding moved to a transcript's new text, with its
    old and new offsets and words and whether its words were kept, edited or lost.
    Append-only, like ``coding_log``.
"""
from __future__ import annotations

import sqlite3

from ..errors import ProjectError

_CODING_JSON = ("json_object('id', {r}.id, 'coder', {r}.coder, 'document', {r}.document, "
                "'start', {r}.start, 'end', {r}.\"end\", 'code', {r}.code, "
                "'origin', {r}.origin, 'stance', {r}.stance, 'memo', {r}.memo)")
_WHO = "COALESCE((SELECT who FROM change_context WHERE id = 1), 'direct SQL')"
_SOURCE = "(SELECT source FROM change_context WHERE id = 1)"
_AT = ("COALESCE((SELECT at FROM change_context WHERE id = 1), "
       "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")


def _log_trigger(event: str, action: str, row: str, before: str, after: str,
                 when: str = "") -> str:
    return f"""
CREATE TRIGGER codings_log_{action} AFTER {event} ON codings {when}
BEGIN
    INSERT INTO coding_log (at, who, coder, action, coding_id, before, after, source)
    VALUES ({_AT}, {_WHO}, {row}.coder, '{action}', {row}.id, {before}, {after}, {_SOURCE});
END;"""


_V1 = f"""
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE cases (
    case_id  TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);
CREATE TABLE case_attributes (
    case_id TEXT NOT NULL REFERENCES cases(case_id) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    value   TEXT,
    type    TEXT NOT NULL CHECK (type IN ('text', 'integer', 'float', 'boolean')),
    PRIMARY KEY (case_id, name)
);
CREATE TABLE documents (
    document   TEXT PRIMARY KEY,
    case_id    TEXT REFERENCES cases(case_id) ON DELETE SET NULL,
    text       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    source     TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE passages (
    unit       TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    document   TEXT NOT NULL REFERENCES documents(document) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    speaker    TEXT,
    role       TEXT,
    PRIMARY KEY (unit, passage_id),
    CHECK (0 <= start AND start <= "end")
);
CREATE INDEX passages_by_document ON passages (unit, document, start);
CREATE TABLE codebooks (
    version  INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256   TEXT NOT NULL UNIQUE,
    name     TEXT,
    path     TEXT,
    yaml     TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE codebook_codes (
    version  INTEGER NOT NULL REFERENCES codebooks(version) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    parent   TEXT,
    position INTEGER NOT NULL,
    PRIMARY KEY (version, code)
);
CREATE TABLE codings (
    id               INTEGER PRIMARY KEY,
    coder            TEXT NOT NULL CHECK (coder <> ''),
    document         TEXT NOT NULL REFERENCES documents(document) ON DELETE RESTRICT,
    start            INTEGER NOT NULL,
    "end"            INTEGER NOT NULL,
    code             TEXT NOT NULL CHECK (code <> ''),
    origin           TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('rule', 'manual', 'model')),
    stance           TEXT CHECK (stance IN ('positive', 'negative', 'mixed')),
    memo             TEXT,
    codebook_version INTEGER REFERENCES codebooks(version),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (coder, document, start, "end", code),
    CHECK (0 <= start AND start < "end")
);
CREATE INDEX codings_by_document ON codings (document, start);
CREATE TABLE coding_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    coder     TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('add', 'update', 'remove')),
    coding_id INTEGER NOT NULL,
    before    TEXT,
    after     TEXT,
    source    TEXT
);
CREATE INDEX coding_log_by_coder ON coding_log (coder, seq);
CREATE TABLE change_context (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    who    TEXT NOT NULL,
    source TEXT,
    at     TEXT NOT NULL
);
CREATE TABLE sync_state (
    coder        TEXT PRIMARY KEY,
    csv_sha256   TEXT,
    csv_mtime_ns INTEGER,
    log_seq      INTEGER NOT NULL,
    synced_at    TEXT NOT NULL
);
{_log_trigger("INSERT", "add", "NEW", "NULL", _CODING_JSON.format(r="NEW"))}
{_log_trigger("DELETE", "remove", "OLD", _CODING_JSON.format(r="OLD"), "NULL")}
{_log_trigger("UPDATE", "update", "NEW", _CODING_JSON.format(r="OLD"),
              _CODING_JSON.format(r="NEW"),
              when='WHEN OLD.coder IS NOT NEW.coder OR OLD.document IS NOT NEW.document '
                   'OR OLD.start IS NOT NEW.start OR OLD."end" IS NOT NEW."end" '
                   'OR OLD.code IS NOT NEW.code OR OLD.origin IS NOT NEW.origin '
                   'OR OLD.stance IS NOT NEW.stance OR OLD.memo IS NOT NEW.memo')}
CREATE TRIGGER coding_log_append_only_update BEFORE UPDATE ON coding_log
BEGIN
    SELECT RAISE(ABORT, 'the coding log is append-only');
END;
CREATE TRIGGER coding_log_append_only_delete BEFORE DELETE ON coding_log
BEGIN
    SELECT RAISE(ABORT, 'the coding log is append-only');
END;
"""

_V2 = """
CREATE TABLE texts (
    sha256   TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    text     BLOB NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE csv_anchors (
    coder    TEXT NOT NULL,
    document TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    PRIMARY KEY (coder, document)
);
CREATE TABLE reanchored (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    who        TEXT NOT NULL,
    coder      TEXT NOT NULL,
    document   TEXT NOT NULL,
    code       TEXT NOT NULL,
    old_start  INTEGER NOT NULL,
    old_end    INTEGER NOT NULL,
    new_start  INTEGER,
    new_end    INTEGER,
    status     TEXT NOT NULL CHECK (status IN ('kept', 'edited', 'lost', 'merged')),
    old_words  TEXT,
    new_words  TEXT,
    old_sha256 TEXT NOT NULL,
    new_sha256 TEXT NOT NULL,
    place      TEXT NOT NULL CHECK (place IN ('database', 'csv'))
);
CREATE INDEX reanchored_by_document ON reanchored (document, seq);
CREATE TRIGGER reanchored_append_only_update BEFORE UPDATE ON reanchored
BEGIN
    SELECT RAISE(ABORT, 'the re-anchoring log is append-only');
END;
CREATE TRIGGER reanchored_append_only_delete BEFORE DELETE ON reanchored
BEGIN
    SELECT RAISE(ABORT, 'the re-anchoring log is append-only');
END;
"""

#: Version 3: an anchor may hold only while ``codings/<coder>.csv`` has the content it was
#: recorded for (``csv_sha256``): re-anchoring commits the database first and rewrites the file
#: after, and a kill in between must leave each version of the file read the right way.
_V3 = "ALTER TABLE csv_anchors ADD COLUMN csv_sha256 TEXT;"

#: Migration scripts: ``MIGRATIONS[i]`` takes the schema from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
#: The schema version this code writes.
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, file: str) -> int:
    """Bring the database up to :data:`SCHEMA_VERSION` in one transaction; return the version.

    The version is re-read after taking the write lock, so two processes opening a new project
    at the same time migrate it once. ``conn`` must be in autocommit mode
    (``isolation_level=None``).
    """
    if schema_version(conn) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(conn)
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"the project database has schema version {version}, but this version of "
                f"interview-analysis knows only up to {SCHEMA_VERSION}", file=file,
                fix="upgrade interview-analysis (pip install -U interview-analysis)")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[target - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (``executescript`` would commit on its own)."""
    out, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out
