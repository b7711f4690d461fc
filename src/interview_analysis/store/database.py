"""The project database file: where it lives, how a connection is opened and checked.

:class:`~.project.ProjectStore` works through one connection opened here: WAL mode, foreign
keys on, ``synchronous=FULL``, a busy timeout, and the schema migrated — after the file has been
checked, so a damaged file or another program's database is left exactly as it is.
"""
from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ProjectError
from ..study.anchoring import DB_NAME, STORE_DIR, db_path
from .schema import SCHEMA_VERSION, migrate, schema_version
#: How long a writer waits for another process's transaction before giving up (ms).
BUSY_TIMEOUT_MS = 30_000


def now() -> str:
    """The current UTC time as ISO 8601 with microseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name (some containers)
        return os.environ.get("USER") or "unknown"


__all__ = ["DB_NAME", "STORE_DIR", "db_path", "now", "default_actor", "open_connection",
           "check_database", "write_failed"]

#: Tables every project database has since version 1 (see :mod:`.schema`).
_TABLES = {"meta", "cases", "case_attributes", "documents", "passages", "codebooks",
           "codebook_codes", "codings", "coding_log", "change_context", "sync_state"}


def check_database(conn: sqlite3.Connection, file: Path) -> None:
    """Refuse a damaged database, or another program's, before anything reads or writes it.

    ``quick_check`` finds damaged pages and rows breaking a CHECK or NOT NULL constraint (a
    coding with text for an offset); a database without the project tables was made by
    something else (its ``user_version`` only looks like ours).
    """
    problems = [" ".join(str(row[0]).split()) for row in conn.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        detail = "; ".join(p.replace("*** in database main *** ", "") for p in problems)
        raise sqlite3.DatabaseError("the file is damaged: " + detail[:200])
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                             "'table'")}
    missing = sorted(_TABLES - tables)
    if missing:
        raise sqlite3.DatabaseError("it is not an interview-analysis project database (no "
                                    f"table {', '.join(missing[:3])})")


def open_connection(file: Path) -> sqlite3.Connection:
    """Open (or create) the database ``file``: checked, in WAL mode, migrated."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(f"cannot create the project database folder "
                           f"({exc.strerror or exc})", file=file.parent,
                           fix="check that the study folder is writable and that no file "
                               f"called {file.parent.name} is in the way") from None
    try:
        conn = sqlite3.connect(file, timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Checked before anything is written to it (WAL mode, a migration): a damaged file
        # or another program's database is left exactly as it is.
        version = schema_version(conn)
        if 1 <= version <= SCHEMA_VERSION:
            check_database(conn, file)
        elif version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise sqlite3.DatabaseError("it is not an interview-analysis project database "
                                        "(it holds another program's tables)")
        if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise sqlite3.OperationalError("WAL mode is not available on this file system")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, str(file))
    except sqlite3.DatabaseError as exc:
        with contextlib.suppress(NameError, sqlite3.Error):
            conn.close()
        raise ProjectError(f"cannot open the project database ({exc})", file=file,
                           fix="check that the folder is writable and on a local disk; if "
                               "the file is damaged, restore it from a backup (codings are "
                               "also in codings/<coder>.csv)") from None
    conn.row_factory = sqlite3.Row
    return conn


def write_failed(exc: sqlite3.Error, file: Path) -> ProjectError:
    """The error for a write the database could not make (disk full, I/O error, read-only):
    nothing of the transaction was written."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return ProjectError(f"cannot write the project database ({reason})", file=file,
                        fix="free some disk space (or check the disk and that the folder is "
                            "writable) and run the command again; nothing was written, the "
                            "database is as it was before")
